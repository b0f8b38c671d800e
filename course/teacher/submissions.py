"""A class's submissions, read safely: each one's exercise files, or why it cannot be read.

A submission is a folder or a zip holding a student's ``exNN_*.py`` files (any
subset, at any depth). Only the files named after an exercise are taken, and
only their text: nothing of a submission is run, extracted or followed here.
Whatever is named otherwise (notes, data, a ``.git``) is skipped unread.

A submission is hostile until proved otherwise, so anything that could make the
grader read what the student did not write, or stop it, is refused with a
``SubmissionError`` whose message is one line naming files relative to the
submission (the grader turns it into the student's row "unreadable submission:
WHY", with 0 points, and goes on with the class):

- a link: an exercise file that is a symbolic link or a hard link (it may be a
  link to the solutions), or a symbolic link to a folder outside the submission
  (it could hide exercise files where the walk does not go); links are never
  followed, and other links, which are never read, are skipped;
- an exercise file that is a FIFO, socket or device file, or cannot be read;
- a zip's member that is a symbolic link or other non-regular file, is encrypted
  or compressed in a way Python cannot read, or has an absolute or ``..`` path;
- a damaged zip (bad CRC, truncated...), and a file that is not a zip;
- one exercise file twice, at two places: which one was meant is for the
  student to say, so both are named;
- an exercise file that is not UTF-8 text (it is not decoded with replacements:
  the student would be graded on a file other than theirs);
- anything over the caps below.
"""

import lzma
import os
import re
import stat
import struct
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from course.catalog import EXERCISES, ROOT

MAX_FILE_BYTES = 1_000_000  # one exercise file: no program a student wrote is larger
MAX_ENTRIES = 10_000  # files and folders in a submission: a whole copy of the course with its .git fits
MAX_DEPTH = 32  # folders within folders, in a folder submission (walking it recurses)
MAX_ZIP_BYTES = 20_000_000  # a zip file itself: Python reads its whole directory into memory first
MAX_UNZIPPED_BYTES = 50_000_000  # what a zip's members declare, all together: more is a zip bomb

EXERCISE_FILES = frozenset(f"{exercise.module}.py" for exercise in EXERCISES)
READABLE_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)
# What Python's zipfile raises on a damaged or unusual zip (bz2 raises OSError; a bad UTF-8 name,
# ValueError). Only these are caught: anything else is a bug of the grader, not of a submission.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, NotImplementedError, RuntimeError,
              OSError, ValueError, struct.error, OverflowError)  # fmt: skip
KINDS = {stat.S_IFLNK: "a symbolic link", stat.S_IFIFO: "a FIFO", stat.S_IFSOCK: "a socket",
         stat.S_IFCHR: "a device file", stat.S_IFBLK: "a device file", stat.S_IFDIR: "a folder"}  # fmt: skip


class SubmissionError(ValueError):
    """A submission that cannot be read: the message, one line, says which file and why."""


# What the grader writes beside the submissions' folders: no submission may be named so.
GRADER_NAMES = {"feedback", "grades.csv", "class.json", "report.png"}


def submission_name(path):
    """A submission's name: its folder's or zip's name, safe as a file name (no leading dot, none of
    the grader's own files' names)."""
    path = Path(path)
    zipped = path.is_file() and (path.suffix.lower() == ".zip" or zipfile.is_zipfile(path))
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", path.stem if zipped else path.name).lstrip(".")
    return f"_{name}" if not name or name in GRADER_NAMES else name


def submission_files(path):
    """{"ex05_conv2d.py": source} of a submission's exercise files, at any depth of its folder or zip.

    Raises SubmissionError, and nothing else, for a submission that cannot be read safely. The path
    itself is the teacher's, so it may be a link; nothing inside the submission is followed."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except OSError as error:
        raise SubmissionError(f"the submission cannot be read ({_reason(error)})") from None
    if stat.S_ISDIR(mode):
        members = _folder_members(path)
    elif stat.S_ISREG(mode):
        members = _zip_members(path)
    else:
        raise SubmissionError("the submission is neither a folder nor a zip file")
    files, places = {}, {}
    for name, relative, data in members:
        if name in places:
            raise SubmissionError(f"{name} is in the submission twice: {places[name]} and {relative}")
        try:
            files[name], places[name] = data.decode("utf-8"), relative
        except UnicodeDecodeError:
            raise SubmissionError(f"{relative} is not UTF-8 text") from None
    return files


def _folder_members(top):
    """(name, relative path, bytes) of each exercise file in folder ``top``, walked without following a link.

    ``os.fwalk`` hands each folder as an open descriptor and each file is opened relative to it with
    O_NOFOLLOW, so a folder swapped for a link meanwhile cannot lead the walk elsewhere."""
    top = os.path.realpath(top)  # the teacher's path may be a link; fwalk would not enter it
    entries = 0
    try:
        for folder, subfolders, names, folder_fd in os.fwalk(top, onerror=_raise):
            here = PurePosixPath(os.path.relpath(folder, top).replace(os.sep, "/"))
            entries += len(subfolders) + len(names)
            if entries > MAX_ENTRIES:
                raise SubmissionError(f"the submission holds more than {MAX_ENTRIES:,} files and folders")
            modes = {name: os.stat(name, dir_fd=folder_fd, follow_symlinks=False).st_mode
                     for name in subfolders + names}  # fmt: skip
            for name in sorted(modes):
                relative, mode = _shown(here / name), modes[name]
                if stat.S_ISLNK(mode) and name in EXERCISE_FILES:
                    raise SubmissionError(f"{relative} is a symbolic link")
                if stat.S_ISLNK(mode) and name in subfolders and not _inside(os.path.join(folder, name), top):
                    raise SubmissionError(f"{relative} is a symbolic link to a folder outside the submission")
                if name in EXERCISE_FILES and not stat.S_ISDIR(mode):
                    if not stat.S_ISREG(mode):
                        raise SubmissionError(f"{relative} is {_kind(mode)}")
                    yield name, relative, _read_file(name, folder_fd, relative)
            subfolders[:] = sorted(name for name in subfolders if stat.S_ISDIR(modes[name]))  # links: not walked
            if subfolders and len(here.parts) >= MAX_DEPTH:
                raise SubmissionError(f"the submission's folders are nested more than {MAX_DEPTH} deep")
    except OSError as error:
        raise SubmissionError(f"a folder of the submission cannot be read ({_reason(error)})") from None


def _read_file(name, folder_fd, relative):
    """The bytes of regular file ``name`` in the folder open as ``folder_fd``, if it has no other name."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder_fd)
    except OSError as error:
        raise SubmissionError(f"{relative} cannot be read ({_reason(error)})") from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)  # what was opened, whatever the walk saw before
        if not stat.S_ISREG(info.st_mode):
            raise SubmissionError(f"{relative} is {_kind(info.st_mode)}")
        if info.st_nlink > 1:
            raise SubmissionError(f"{relative} is a hard link ({info.st_nlink} names for one file): hand in a copy")
        return _capped(file.read(MAX_FILE_BYTES + 1), relative)


def _zip_members(path):
    """(name, relative path, bytes) of each exercise file in the zip at ``path``, read in memory, never extracted."""
    try:
        raw = open(path, "rb")
    except OSError as error:
        raise SubmissionError(f"the zip cannot be read ({_reason(error)})") from None
    with raw:
        if os.fstat(raw.fileno()).st_size > MAX_ZIP_BYTES:
            raise SubmissionError(f"the zip is larger than {MAX_ZIP_BYTES // 1_000_000} MB")
        looks_zipped = path.suffix.lower() == ".zip"
        try:
            looks_zipped = looks_zipped or raw.read(4) == b"PK\x03\x04"
            archive = zipfile.ZipFile(raw)
        except ZIP_ERRORS as error:
            if looks_zipped:
                raise SubmissionError(f"the zip is damaged ({_reason(error)})") from None
            raise SubmissionError("the submission is neither a folder nor a zip file") from None
        with archive:
            members = archive.infolist()
            if len(members) > MAX_ENTRIES:
                raise SubmissionError(f"the zip holds more than {MAX_ENTRIES:,} files and folders")
            if sum(member.file_size for member in members) > MAX_UNZIPPED_BYTES:
                raise SubmissionError(f"the zip unpacks to more than {MAX_UNZIPPED_BYTES // 1_000_000} MB")
            for member in members:
                name, relative = _member_name(member)
                if name not in EXERCISE_FILES:  # a folder's name ends with "/": its name is ""
                    continue
                mode = member.external_attr >> 16  # a Unix mode, where the zip records one
                if stat.S_IFMT(mode) not in (0, stat.S_IFREG):
                    raise SubmissionError(f"{relative} is {_kind(mode)} in the zip")
                if member.flag_bits & 0x1:
                    raise SubmissionError(f"{relative} is encrypted in the zip")
                if member.compress_type not in READABLE_COMPRESSIONS:
                    raise SubmissionError(f"{relative} is compressed by an unknown method ({member.compress_type})")
                if member.file_size > MAX_FILE_BYTES:
                    raise SubmissionError(f"{relative} is larger than {MAX_FILE_BYTES:,} bytes")
                try:
                    with archive.open(member) as file:
                        data = file.read(MAX_FILE_BYTES + 1)  # a size declared too small fails the CRC
                except ZIP_ERRORS as error:
                    raise SubmissionError(f"the zip is damaged ({_reason(error)} in {relative})") from None
                yield name, relative, _capped(data, relative)


def _member_name(member):
    """A zip member's file name and its path as shown, or SubmissionError if the path leads out of the zip."""
    parts = member.filename.replace("\\", "/").split("/")  # a backslash: a path written on Windows
    if member.filename.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", parts[0]) or ".." in parts:
        raise SubmissionError(f"the zip holds a path that leads out of it: {_shown(member.filename)}")
    return parts[-1], _shown("/".join(parts))


def _capped(data, relative):
    """``data``, read with a cap of MAX_FILE_BYTES + 1, or SubmissionError if it reached the cap."""
    if len(data) > MAX_FILE_BYTES:
        raise SubmissionError(f"{relative} is larger than {MAX_FILE_BYTES:,} bytes")
    return data


def _inside(path, real_top):
    """Whether ``path``, its links resolved (read, not followed into), lies in folder ``real_top``."""
    return os.path.commonpath([os.path.realpath(path), real_top]) == real_top


def _kind(mode):
    """What a file of ``mode`` is, for a message: "a FIFO"..."""
    return KINDS.get(stat.S_IFMT(mode), "not a regular file")


def _raise(error):
    raise error


def _reason(error):
    """Why a read failed, in a few words, naming no path of the grading machine."""
    if isinstance(error, OSError):
        return (error.strerror or str(error) or type(error).__name__).lower()
    if isinstance(error, zlib.error | lzma.LZMAError):
        return "bad compressed data"
    if isinstance(error, EOFError):
        return "it ends too early"
    text = str(error)
    for start, reason in (
        ("Bad CRC-32", "bad CRC"),
        ("File is not a zip file", "no central directory: is it truncated?"),
        ("File name in directory", "its name differs between the directory and the header"),
    ):
        if text.startswith(start):
            return reason
    text = _shown(text[:1].lower() + text[1:])
    return text if len(text) <= 60 else text[:59] + "…"


def _shown(text, limit=100):
    """``text`` fit for a one-line message: no control characters, at most ``limit`` characters
    (the end kept, where a path has its file's name)."""
    text = "".join(char if char.isprintable() else "?" for char in str(text))
    return text if len(text) <= limit else "…" + text[1 - limit :]


def check_submissions(paths):
    """{name: path} of the submissions, or SubmissionError for a missing or duplicate one (for the
    teacher, before grading starts: these messages may name the teacher's paths)."""
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
    """The submission's own package folder: its files, and the stubs of the exercises it lacks.

    Folders are made with mode 0o755 and files with 0o644, whatever the umask; nothing is written
    through a link or over an existing file."""
    folder = Path(folder)
    package = folder / "exercises"
    for new in (folder, package):
        _new_folder(new)
    _new_file(package / "__init__.py", "")
    for exercise in EXERCISES:
        name = f"{exercise.module}.py"
        source = files.get(name) or (ROOT / exercise.stub_path).read_text(encoding="utf-8")
        _new_file(package / name, source)
    _new_folder(folder / "tmp")
    return package


def _new_folder(path):
    path.mkdir(parents=True)  # refuses an existing path, a link included
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        os.fchmod(fd, 0o755)
    finally:
        os.close(fd)


def _new_file(path, text):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    with os.fdopen(fd, "wb") as file:
        os.fchmod(fd, 0o644)
        file.write(text.encode("utf-8"))
