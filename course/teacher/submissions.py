"""A class's submissions, read safely: each one's exercise files, or why it cannot be read.

A submission is a folder or a zip holding a student's ``exNN_*.py`` files (any
subset, at any depth). Only the files named after an exercise are taken, and
only their text: nothing of a submission is run or followed here.
"""

import re
import zipfile
from pathlib import Path

from course.catalog import EXERCISES, ROOT

MAX_FILE_BYTES = 1_000_000  # an exercise file larger than this is not a program a student wrote


class SubmissionError(ValueError):
    """A submission that cannot be read: the message says which and why."""


def submission_name(path):
    """A submission's name: its folder's or zip's name, safe as a file name."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", Path(path).stem if zipfile.is_zipfile(path) else Path(path).name)


def submission_files(path):
    """{"ex05_conv2d.py": source} of a submission's exercise files, at any depth of its folder or zip."""
    path = Path(path)
    if path.is_dir():
        members = [(file.name, file.stat().st_size, file.read_bytes) for file in sorted(path.rglob("ex*.py"))
                   if file.is_file()]  # fmt: skip
    elif zipfile.is_zipfile(path):
        archive = zipfile.ZipFile(path)
        members = [(Path(info.filename).name, info.file_size, lambda info=info: archive.read(info))
                   for info in archive.infolist() if not info.is_dir()]  # fmt: skip
    else:
        raise SubmissionError(f"{path} is neither a folder nor a zip file")
    known = {f"{exercise.module}.py" for exercise in EXERCISES}
    files = {}
    for name, size, read in members:
        if name in known and name not in files and size <= MAX_FILE_BYTES:
            files[name] = read().decode("utf-8", errors="replace")
    return files


def check_submissions(paths):
    """{name: path} of the submissions, or SubmissionError for a missing, unreadable or duplicate one."""
    named = {}
    for path in map(Path, paths):
        if not path.exists():
            raise SubmissionError(f"submission {path} does not exist")
        name = submission_name(path)
        if name in named:
            raise SubmissionError(f"two submissions are named {name!r}: {named[name]} and {path}")
        named[name] = path
    return named


def prepare(folder, files):
    """The submission's own package folder: its files, and the stubs of the exercises it lacks."""
    package = folder / "exercises"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    for exercise in EXERCISES:
        name = f"{exercise.module}.py"
        (package / name).write_text(files.get(name) or (ROOT / exercise.stub_path).read_text())
    (folder / "tmp").mkdir()
    return package
