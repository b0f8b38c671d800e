"""The one way the project writes a file: whole or not at all.

A file is first written to a temporary file beside it, then renamed over
it. A rename within a folder is atomic, so a reader, or a process started
after a crash, finds the old file or the new one, never half of one. The
temporary name keeps the real name at its end (``.tmp-3f9c01ab-best.keras``),
so that Keras, h5py, matplotlib and Pillow, which read the format from the
suffix, write the right one; it starts with ``TEMPORARY_PREFIX``, so that
what a killed process left behind can be found and removed; and it is
unique, so that two processes writing the same file do not write into one
temporary file.
"""

import json
import os
import secrets
from pathlib import Path

TEMPORARY_PREFIX = ".tmp-"


def write_atomically(path, content_or_write, before_replace=None):
    """Writes ``path`` whole: to a temporary file beside it first, then renamed to ``path``.

    Args:
        path: the file to write; its folder must exist.
        content_or_write: the content, ``str`` (written as UTF-8) or ``bytes``; or a
            function that writes the file at the path it is given, such as
            ``model.save`` or ``figure.savefig``.
        before_replace: called with no arguments once the temporary file is
            written, just before the rename (a test's hook to stop the
            process at that moment), or None.

    Returns:
        ``path``, as a ``Path``.

    The temporary file is removed if anything fails before the rename.
    """
    path = Path(path)
    temporary = path.with_name(f"{TEMPORARY_PREFIX}{secrets.token_hex(4)}-{path.name}")
    try:
        if callable(content_or_write):
            content_or_write(temporary)
        else:
            data = content_or_write.encode() if isinstance(content_or_write, str) else content_or_write
            temporary.write_bytes(data)
        if before_replace is not None:
            before_replace()
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path


def save_json(path, data, sort_keys=False, before_replace=None):
    """Writes ``data`` to ``path`` as strict JSON, indented, atomically (see :func:`write_atomically`).

    Strict: a NaN or infinity raises ValueError instead of writing what JSON readers refuse.
    """
    text = json.dumps(data, indent=2, sort_keys=sort_keys, allow_nan=False) + "\n"
    return write_atomically(path, text, before_replace)
