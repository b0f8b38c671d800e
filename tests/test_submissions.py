"""Reading a class's submissions: honest folders and zips give their exercise files; every hostile or
damaged one is refused with a one-line SubmissionError that names files relative to the submission."""

import io
import os
import random
import socket
import stat
import zipfile

import pytest

from course.catalog import EXERCISES, ROOT
from course.teacher import submissions
from course.teacher.submissions import SubmissionError, check_submissions, prepare, submission_files, submission_name

SOURCE = "def convolve1d(signal, kernel, mode='full'):\n    return 'mine'\n"


def refusal(path, tmp_path):
    """The message of the SubmissionError that reading ``path`` raises, checked to be one line that
    names no path of the grading machine."""
    with pytest.raises(SubmissionError) as raised:
        submission_files(path)
    message = str(raised.value)
    assert "\n" not in message and str(tmp_path) not in message and len(message) < 200, message
    return message


def folder_of(tmp_path, files, name="alice"):
    """A submission folder holding ``files`` ({relative path: text or bytes})."""
    folder = tmp_path / name
    for relative, content in files.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(content if isinstance(content, bytes) else content.encode())
    folder.mkdir(exist_ok=True)
    return folder


def zip_of(tmp_path, files, name="alice.zip", compression=zipfile.ZIP_DEFLATED):
    """A zip submission, ``tmp_path / name``, holding ``files`` ({path or ZipInfo: text or bytes})."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for member, content in files.items():
            archive.writestr(member, content)
    (tmp_path / name).write_bytes(buffer.getvalue())
    return tmp_path / name


def patched(path, offsets_values):
    """The zip at ``path``, rewritten with each little-endian field (offset, width, value) set."""
    data = bytearray(path.read_bytes())
    for offset, width, value in offsets_values:
        data[offset : offset + width] = value.to_bytes(width, "little")
    path.write_bytes(bytes(data))
    return path


def header_fields(path, local_offset, central_offset, width, value):
    """The zip at ``path``, with the field at ``local_offset`` of every local header and at
    ``central_offset`` of every central directory header set to ``value``."""
    data = path.read_bytes()
    fields = []
    for signature, offset in ((b"PK\x03\x04", local_offset), (b"PK\x01\x02", central_offset)):
        start = data.find(signature)
        while start >= 0:
            fields.append((start + offset, width, value))
            start = data.find(signature, start + 1)
    return patched(path, fields)


# -- Honest submissions -------------------------------------------------------------------------


def test_a_nested_folder_gives_its_exercise_files_and_skips_the_rest(tmp_path):
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("not read")
    folder = folder_of(tmp_path, {
        "ex01_convolve1d.py": SOURCE,
        "week 2/part b/ex05_conv2d.py": "# ünïcode\n",
        "notes.txt": "skipped",
        ".venv/lib/python3.11/site.py": "skipped",
        "ex99_not_an_exercise.py": "skipped",
    })  # fmt: skip
    (folder / ".venv" / "lib64").symlink_to("lib")  # a venv's own link, inside the submission: skipped
    (folder / "README.md").symlink_to(outside)  # a link not named after an exercise: skipped, not read
    (folder / "gone").symlink_to(tmp_path / "nowhere")  # a dangling one too
    assert submission_files(folder) == {"ex01_convolve1d.py": SOURCE, "ex05_conv2d.py": "# ünïcode\n"}


def test_a_zip_with_a_top_folder_gives_its_exercise_files(tmp_path):
    path = zip_of(tmp_path, {
        "my work/": "",
        "my work/ex01_convolve1d.py": SOURCE,
        "my work\\notes\\ex05_conv2d.py": "x = 1\n",  # written on Windows
        "__MACOSX/my work/._ex01_convolve1d.py": b"\x00\x05\x16\x07",
        "my work/data.bin": bytes(range(256)),
    })  # fmt: skip
    assert submission_files(path) == {"ex01_convolve1d.py": SOURCE, "ex05_conv2d.py": "x = 1\n"}


def test_a_folder_reached_through_the_teachers_link_is_read(tmp_path):
    folder = folder_of(tmp_path, {"ex01_convolve1d.py": SOURCE})
    (tmp_path / "link").symlink_to(folder)
    assert submission_files(tmp_path / "link") == {"ex01_convolve1d.py": SOURCE}


def test_submission_names(tmp_path):
    assert submission_name(zip_of(tmp_path, {}, name="Bob Smith.zip")) == "Bob_Smith"
    (tmp_path / "carol.zip").write_bytes(b"PK\x03\x04 cut short")  # a damaged zip keeps its name
    assert submission_name(tmp_path / "carol.zip") == "carol"
    assert submission_name(folder_of(tmp_path, {}, name="dan (late)")) == "dan_late_"
    os.mkfifo(tmp_path / "fifo")
    assert submission_name(tmp_path / "fifo") == "fifo"  # not opened: a FIFO would block
    assert check_submissions([tmp_path / "dan (late)"]) == {"dan_late_": tmp_path / "dan (late)"}
    with pytest.raises(SubmissionError, match="does not exist"):
        check_submissions([tmp_path / "missing"])


def test_prepare_writes_the_package_with_fixed_modes_whatever_the_umask(tmp_path):
    umask = os.umask(0o077)
    try:
        package = prepare(tmp_path / "alice", {"ex01_convolve1d.py": SOURCE})
    finally:
        os.umask(umask)
    assert (package / "ex01_convolve1d.py").read_text() == SOURCE
    stub = EXERCISES[1]
    assert (package / f"{stub.module}.py").read_text() == (ROOT / stub.stub_path).read_text()
    for path in [tmp_path / "alice", package, tmp_path / "alice" / "tmp"]:
        assert stat.S_IMODE(path.lstat().st_mode) == 0o755, path
    for path in package.iterdir():
        assert stat.S_IMODE(path.lstat().st_mode) == 0o644, path


def test_prepare_writes_through_no_link(tmp_path):
    target = tmp_path / "solutions"
    target.mkdir()
    (tmp_path / "alice").mkdir()
    (tmp_path / "alice" / "exercises").symlink_to(target)
    with pytest.raises(FileExistsError):
        prepare(tmp_path / "alice", {})
    assert list(target.iterdir()) == []


# -- Hostile folders ----------------------------------------------------------------------------


def test_an_exercise_file_that_is_a_symbolic_link(tmp_path):
    solution = tmp_path / "solutions" / "ex05_conv2d.py"
    solution.parent.mkdir()
    solution.write_text("the answer")
    folder = folder_of(tmp_path, {"ex01_convolve1d.py": SOURCE, "src/notes.txt": ""})
    (folder / "src" / "ex05_conv2d.py").symlink_to(solution)
    assert refusal(folder, tmp_path) == "src/ex05_conv2d.py is a symbolic link"


def test_a_dangling_link_named_like_an_exercise(tmp_path):
    folder = folder_of(tmp_path, {})
    (folder / "ex05_conv2d.py").symlink_to(tmp_path / "nowhere")
    assert refusal(folder, tmp_path) == "ex05_conv2d.py is a symbolic link"


def test_a_linked_folder_outside_the_submission(tmp_path):
    (tmp_path / "solutions").mkdir()
    (tmp_path / "solutions" / "ex05_conv2d.py").write_text("the answer")
    folder = folder_of(tmp_path, {"ex01_convolve1d.py": SOURCE})
    (folder / "work").symlink_to(tmp_path / "solutions")
    assert refusal(folder, tmp_path) == "work is a symbolic link to a folder outside the submission"


def test_a_hard_link(tmp_path):
    solution = tmp_path / "ex05_conv2d.py"
    solution.write_text("the answer")
    folder = folder_of(tmp_path, {})
    os.link(solution, folder / "ex05_conv2d.py")
    assert refusal(folder, tmp_path) == "ex05_conv2d.py is a hard link (2 names for one file): hand in a copy"


def test_a_fifo_is_refused_without_being_opened(tmp_path):
    folder = folder_of(tmp_path, {})
    os.mkfifo(folder / "ex05_conv2d.py")  # opening it to read would block for ever
    assert refusal(folder, tmp_path) == "ex05_conv2d.py is a FIFO"


def test_a_socket(tmp_path, monkeypatch):
    folder = folder_of(tmp_path, {"deep/er/x.txt": ""})
    monkeypatch.chdir(folder / "deep")  # a socket's path must be short: bind a relative one
    with socket.socket(socket.AF_UNIX) as server:
        server.bind("ex05_conv2d.py")
        assert refusal(folder, tmp_path) == "deep/ex05_conv2d.py is a socket"


def test_a_device_file(tmp_path):
    folder = folder_of(tmp_path, {})
    try:
        os.mknod(folder / "ex05_conv2d.py", 0o600 | stat.S_IFCHR, os.makedev(1, 3))  # /dev/null
    except PermissionError:
        pytest.skip("making a device file needs root")
    assert refusal(folder, tmp_path) == "ex05_conv2d.py is a device file"


def test_an_unreadable_file(tmp_path, monkeypatch):
    folder = folder_of(tmp_path, {"ex05_conv2d.py": SOURCE})
    (folder / "ex05_conv2d.py").chmod(0)
    if os.geteuid() == 0:  # root reads it all the same: fail its opening as it fails for anyone else
        real_open = os.open

        def denied(path, flags, *args, **kwargs):
            if path == "ex05_conv2d.py":
                raise PermissionError(13, "Permission denied", str(folder / path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", denied)
    assert refusal(folder, tmp_path) == "ex05_conv2d.py cannot be read (permission denied)"


def test_a_file_that_is_not_utf8(tmp_path):
    folder = folder_of(tmp_path, {"a/ex05_conv2d.py": "x = 'café'\n".encode("latin-1")})
    assert refusal(folder, tmp_path) == "a/ex05_conv2d.py is not UTF-8 text"


def test_one_exercise_twice_names_both_places(tmp_path):
    folder = folder_of(tmp_path, {"ex05_conv2d.py": "new", "old/ex05_conv2d.py": "old"})
    assert (
        refusal(folder, tmp_path) == "ex05_conv2d.py is in the submission twice: ex05_conv2d.py and old/ex05_conv2d.py"
    )


def test_a_file_too_large(tmp_path):
    folder = folder_of(tmp_path, {"ex05_conv2d.py": b"#" * (submissions.MAX_FILE_BYTES + 1)})
    assert refusal(folder, tmp_path) == "ex05_conv2d.py is larger than 1,000,000 bytes"


def test_too_many_files_in_a_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(submissions, "MAX_ENTRIES", 5)
    folder = folder_of(tmp_path, {f"sub/{number}.txt": "" for number in range(5)})
    assert refusal(folder, tmp_path) == "the submission holds more than 5 files and folders"


def test_folders_nested_too_deep(tmp_path):
    folder = folder_of(tmp_path, {"/".join(["d"] * (submissions.MAX_DEPTH + 1)) + "/ex05_conv2d.py": SOURCE})
    assert refusal(folder, tmp_path) == "the submission's folders are nested more than 32 deep"


def test_neither_a_folder_nor_a_zip(tmp_path):
    (tmp_path / "alice.txt").write_text("my answers are in my head")
    assert refusal(tmp_path / "alice.txt", tmp_path) == "the submission is neither a folder nor a zip file"
    os.mkfifo(tmp_path / "bob")
    assert refusal(tmp_path / "bob", tmp_path) == "the submission is neither a folder nor a zip file"
    assert refusal(tmp_path / "carol", tmp_path) == "the submission cannot be read (no such file or directory)"


# -- Hostile and damaged zips -------------------------------------------------------------------


def test_a_bad_crc(tmp_path):
    path = zip_of(tmp_path, {"ex01_convolve1d.py": SOURCE}, compression=zipfile.ZIP_STORED)
    at = path.read_bytes().index(b"'mine'")
    patched(path, [(at, 1, ord('"'))])
    assert refusal(path, tmp_path) == "the zip is damaged (bad CRC in ex01_convolve1d.py)"


def test_a_size_declared_too_small_is_not_trusted(tmp_path):
    path = zip_of(tmp_path, {"ex01_convolve1d.py": SOURCE}, compression=zipfile.ZIP_STORED)
    header_fields(path, 22, 24, 4, 10)  # the uncompressed size, in the local and central headers
    assert refusal(path, tmp_path) == "the zip is damaged (bad CRC in ex01_convolve1d.py)"


def test_an_encrypted_entry(tmp_path):
    path = header_fields(zip_of(tmp_path, {"ex01_convolve1d.py": SOURCE}), 6, 8, 2, 0x1)  # the flag bits
    assert refusal(path, tmp_path) == "ex01_convolve1d.py is encrypted in the zip"


def test_an_unknown_compression_method(tmp_path):
    path = header_fields(zip_of(tmp_path, {"ex01_convolve1d.py": SOURCE}), 8, 10, 2, 99)  # the method
    assert refusal(path, tmp_path) == "ex01_convolve1d.py is compressed by an unknown method (99)"


@pytest.mark.parametrize("name", ["alice.zip", "alice"])
def test_a_truncated_zip(tmp_path, name):
    path = zip_of(tmp_path, {"ex01_convolve1d.py": SOURCE * 50}, name=name)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert refusal(path, tmp_path) == "the zip is damaged (no central directory: is it truncated?)"


def test_a_symbolic_link_in_a_zip(tmp_path):
    link = zipfile.ZipInfo("work/ex05_conv2d.py")
    link.external_attr = 0o120777 << 16
    path = zip_of(tmp_path, {link: "../../solutions/ex05_conv2d.py"})
    assert refusal(path, tmp_path) == "work/ex05_conv2d.py is a symbolic link in the zip"


@pytest.mark.parametrize("member", ["/etc/ex05_conv2d.py", "../ex05_conv2d.py", "a\\..\\..\\notes.txt", "C:/x.py"])
def test_a_path_that_leads_out_of_the_zip(tmp_path, member):
    path = zip_of(tmp_path, {"ex01_convolve1d.py": SOURCE, member: "x"})
    assert refusal(path, tmp_path) == f"the zip holds a path that leads out of it: {member}"


def test_too_many_members(tmp_path, monkeypatch):
    monkeypatch.setattr(submissions, "MAX_ENTRIES", 5)
    path = zip_of(tmp_path, {f"{number}.txt": "" for number in range(6)})
    assert refusal(path, tmp_path) == "the zip holds more than 5 files and folders"


def test_a_member_too_large(tmp_path):
    path = zip_of(tmp_path, {"ex05_conv2d.py": b"#" * 2_000_000})
    assert refusal(path, tmp_path) == "ex05_conv2d.py is larger than 1,000,000 bytes"


@pytest.mark.parametrize("member", ["ex05_conv2d.py", "data.bin"])
def test_a_zip_bomb(tmp_path, member):
    path = zip_of(tmp_path, {"ex01_convolve1d.py": SOURCE})
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open(member, "w") as file:
            for _ in range(60):
                file.write(bytes(1_000_000))
    assert path.stat().st_size < 1_000_000
    assert refusal(path, tmp_path) == "the zip unpacks to more than 50 MB"


def test_a_zip_too_large(tmp_path):
    path = zip_of(tmp_path, {"data.bin": random.Random(0).randbytes(21_000_000)}, compression=zipfile.ZIP_STORED)
    assert refusal(path, tmp_path) == "the zip is larger than 20 MB"


def test_not_utf8_and_twice_in_a_zip(tmp_path):
    path = zip_of(tmp_path, {"ex05_conv2d.py": b"\xff\xfe"}, name="a.zip")
    assert refusal(path, tmp_path) == "ex05_conv2d.py is not UTF-8 text"
    path = zip_of(tmp_path, {"v1/ex05_conv2d.py": "1", "v2/ex05_conv2d.py": "2"}, name="b.zip")
    assert (
        refusal(path, tmp_path) == "ex05_conv2d.py is in the submission twice: v1/ex05_conv2d.py and v2/ex05_conv2d.py"
    )


def test_a_control_character_in_a_name_stays_on_one_line(tmp_path):
    path = zip_of(tmp_path, {"a\nb/../ex05_conv2d.py": "x"})
    assert refusal(path, tmp_path) == "the zip holds a path that leads out of it: a?b/../ex05_conv2d.py"


def test_any_damage_raises_only_a_submission_error(tmp_path):
    """Bytes flipped, zeroed or cut anywhere in a zip: it is read, or refused, never a traceback."""
    good = tmp_path / "good.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("w/ex01_convolve1d.py", SOURCE * 20, zipfile.ZIP_DEFLATED)
        archive.writestr("w/ex02_correlate2d.py", SOURCE, zipfile.ZIP_STORED)
        archive.writestr("w/ex03_output_size.py", SOURCE * 5, zipfile.ZIP_BZIP2)
        archive.writestr("w/ex04_zero_pad.py", SOURCE * 5, zipfile.ZIP_LZMA)
    data = buffer.getvalue()
    generator = random.Random(23)
    for attempt in range(200):
        damaged = bytearray(data)
        if attempt % 3 == 0:
            damaged = damaged[: generator.randrange(len(data))]
        for _ in range(generator.randint(1, 3)):
            if damaged:
                damaged[generator.randrange(len(damaged))] = generator.choice([0, 0xFF, generator.randrange(256)])
        good.write_bytes(bytes(damaged))
        try:
            submission_files(good)
        except SubmissionError as error:
            assert "\n" not in str(error) and str(tmp_path) not in str(error)


def test_a_member_with_an_empty_name_is_skipped(tmp_path):
    path = zip_of(tmp_path, {"ex01_convolve1d.py": SOURCE, "Zip": "x"})
    path.write_bytes(path.read_bytes().replace(b"Zip", b"\0ip"))  # zipfile cuts a name at its first NUL
    assert submission_files(path) == {"ex01_convolve1d.py": SOURCE}
