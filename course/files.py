"""Every file the exercises write is written whole or not at all."""

import json
import os
import tempfile


def write_atomically(path, content):
    """Writes ``content`` (str or bytes) to ``path``: readers see the old file or the new, never half of one."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content.encode() if isinstance(content, str) else content)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def save_json(path, data):
    """Writes ``data`` as JSON to ``path`` atomically."""
    write_atomically(path, json.dumps(data, indent=2, sort_keys=True) + "\n")
