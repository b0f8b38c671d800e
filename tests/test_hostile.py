"""Hostile submissions, each graded beside an honest one (issue 23, part 6).

A student who wants the answers, or a better grade, hands in code that attacks
the grader instead of doing the exercise. Every case below is one such
submission (one or two exercise files). They are all graded in ONE run of
``python -m exercises grade ... --jobs 2`` per sandbox, beside ``honest`` (the
reference solutions, as a student would write them), and then:

- each hostile submission gets no points it did not earn (``Case.points`` says
  what it may earn, where its attack sits beside real work);
- ``honest`` gets full marks;
- nothing outside the grading scratch changed: the project's files, the
  teacher's submissions, hidden tests and last year's grades, a victim folder,
  and the grades folder holds exactly the files grading writes;
- the teacher's secret (an environment variable of the grader) and the canaries
  planted in the solutions, hidden tests, other submissions and grades never
  reach an output;
- no process of a submission outlives grading, nothing reached a TCP port or
  an abstract Unix socket that this test opens, and the run ends in time.

An attack reports what it got in the message of an exception its function
raises, which the feedback shows. Where it got through a wall it says so with
the word built at run time from "ESC" + "APED", which no output may hold.

Both ways of ``course/sandbox.py`` are graded: bubblewrap, and the fallback
(Landlock, seccomp and limits; ``EXERCISES_SANDBOX=fallback``), where the
grader runs as root and the worker then stays root. Each run takes about a
minute on two cores; the fallback's run leaves out the slowest cases.

An attack never destroys what it reaches: it opens the project's files for
appending without writing, sends signal 0, sets a limit, priority or mode to
the value it already has, and creates only new files that carry ``TOKEN``.
Files it changes for real are the test's own (the grades folder, a victim folder).
"""

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import secrets
import signal
import socket
import stat
import subprocess
import sys
import sysconfig
import textwrap
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from course.catalog import find
from course.teacher.selfcheck import student_version
from tests.conftest import ROOT, run_module

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("hostile")]

TOKEN = secrets.token_hex(4)  # in every file an attack writes and every process it starts: "hx" + TOKEN
SECRET = f"teacher-secret-{secrets.token_hex(8)}"  # EXERCISES_TEST_SECRET in the grader's environment
CANARIES = {  # planted where only the grader may look; none may reach an output
    "hidden test": f"CANARY-HIDDEN-{secrets.token_hex(6)}",
    "classmate": f"CANARY-CLASSMATE-{secrets.token_hex(6)}",
    "grades": f"CANARY-GRADES-{secrets.token_hex(6)}",
    "victim": f"CANARY-VICTIM-{secrets.token_hex(6)}",
}
SOLUTION_TEXT = "Solution to exercise"  # the docstring of every file of solutions/ (and of honest's copies)
ESCAPED = "ESC" + "APED"  # never written whole in an attack's source, so a traceback line cannot show it
MAX_RESULTS_BYTES = 512_000  # one submission's results.json: honest's is about 30 kB
RUN_SECONDS = {"bubblewrap": 240, "fallback": 180, "names": 120}  # the whole grade command, a hang's backstop
SLACK_SECONDS = 3  # beyond an exercise's grading budget and one import, for the checks' own work
LOAD_FACTOR = 3  # how much slower than quiet the checks' own work may be when the machine is busy
NUMPY_EXERCISES = "1,2,3,4,5,6"

PRELUDE = '''\
import ctypes
import os
import sys
import tempfile
import threading
import time

P = __P__


def _escaped(what):
    return "ESC" + "APED " + str(what)[:200]


def _try(label, action):
    try:
        return f"{label}: {action()}"
    except BaseException as error:
        return f"{label}: refused ({type(error).__name__}: {str(error)[:90]})"


def _read(path, size=80):
    with open(path, "rb") as file:
        return file.read(size)


def _secret(data):
    """The value of the grader's secret variable, if ``data`` (an environment read from /proc) holds it."""
    for line in data.split(b"\\0"):
        if line.startswith(("EXERCISES_TEST_" + "SECRET=").encode()):
            return _escaped(f"the grader's secret: {line.decode(errors='replace')}")
    return f"{len(data)} bytes, no secret"


def _wrote(path):
    """What writing path achieved: bubblewrap's /tmp is the worker's own, whatever the path is outside."""
    scratch = os.path.realpath(tempfile.gettempdir())
    inside = os.path.realpath(path).startswith(scratch + "/")
    return f"wrote {path} (in its own scratch)" if inside else _escaped(f"wrote {path}")


def _outside(pid):
    """Whether process pid is outside this sandbox (bubblewrap's own init is inside)."""
    try:
        return b"bwrap" not in _read(f"/proc/{pid}/cmdline", 4096)
    except OSError:
        return True


def _in_watcher(action, wait=3.0):
    """action() run in another thread of the worker (its exit_with_parent watcher, which calls time.sleep)."""
    done, real_sleep = [], time.sleep

    def hook(seconds):
        if not done and threading.current_thread() is not threading.main_thread():
            time.sleep = real_sleep
            try:
                done.append(f"{action()}")
            except BaseException as error:
                done.append(f"refused ({type(error).__name__}: {str(error)[:90]})")
        return real_sleep(seconds)

    time.sleep = hook
    deadline = time.monotonic() + wait
    while not done and time.monotonic() < deadline:
        real_sleep(0.05)
    time.sleep = real_sleep
    return "another thread: " + (done[0] if done else "none ran")


def _live(seconds=40):
    """A child's life: named hx<token>, out of the worker's session, it writes a marker outside every 0.3 s."""
    try:
        ctypes.CDLL(None).prctl(15, ("hx" + P["token"]).encode(), 0, 0, 0)
        os.setsid()
    except BaseException:
        pass
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for folder in (P["hosttmp"], P["out"]):
            try:
                with open(f"{folder}/marker-{P['case']}-{P['token']}", "w") as file:
                    file.write(str(time.time()))
            except BaseException:
                pass
        time.sleep(0.3)
    os._exit(0)


_REPORT = []


def _run():
    if not _REPORT:
        try:
            found = list(_attack())
        except BaseException as error:
            found = [f"the attack failed: {error!r}"]
        found.sort(key=lambda line: "ESC" + "APED" not in line)
        _REPORT.append(" | ".join(found))
    return _REPORT[0]


def _raise(*args, **kwargs):
    raise RuntimeError("REPORT[" + _run() + "]")
'''

FUNCTIONS = {
    "ex01_convolve1d": ("convolve1d",),
    "ex02_correlate2d": ("correlate2d",),
    "ex03_output_size": ("conv_output_size", "same_padding"),
    "ex04_zero_pad": ("zero_pad",),
    "ex05_conv2d": ("conv2d",),
    "ex06_activations": ("relu", "softmax"),
}


def attack(module, body, at_import=False):
    """An exercise file whose every function raises the report of ``body``'s ``_attack()`` (a generator of
    lines); the attack runs at the first call, or while the file is imported."""
    tail = "".join(f"{name} = _raise\n" for name in FUNCTIONS[module]) + ("_run()\n" if at_import else "")
    return {f"{module}.py": f"{PRELUDE}\n\n{textwrap.dedent(body).strip()}\n\n\n{tail}"}


def custom(module, source):
    """An exercise file of its own (``source``), with the prelude's helpers and ``P``."""
    return {f"{module}.py": f"{PRELUDE}\n\n{textwrap.dedent(source).strip()}\n"}


# ---------------------------------------------------------------------------------------------------------------
# Reads: the solutions, the hidden tests, a classmate, the grades, .git, the grader's process, by every path form.

READ_SOLUTIONS = attack(
    "ex04_zero_pad",
    """
def _attack():
    root = P["root"]

    def imported():
        sys.path.append(root)
        import solutions.ex04_zero_pad as stolen

        return _escaped(f"imported {stolen.__file__}")

    yield _try("the solution", lambda: _escaped(_read(P["solution"])))
    yield _try("solutions/", lambda: _escaped(os.listdir(root + "/solutions")))
    yield _try("import solutions", imported)
    yield _try("a relative path", lambda: _escaped(_read("../" * 12 + P["solution"].lstrip("/"))))
    yield _try("exercises/tests/", lambda: _escaped(os.listdir(root + "/exercises/tests")))
    yield _try("course/oracles/", lambda: _escaped(os.listdir(root + "/course/oracles")))
""",
)

READ_HIDDEN = attack(
    "ex04_zero_pad",
    """
def _attack():
    yield _try("the hidden test", lambda: _escaped(_read(P["hidden_file"], 2000)))
    yield _try("the hidden folder", lambda: _escaped(os.listdir(P["hidden"])))
""",
)

READ_CLASSMATES = attack(
    "ex04_zero_pad",
    """
import contextlib
import glob


def _attack():
    def workspaces():
        found = glob.glob(P["hosttmp"] + "/exercises-grading-*/*/submission/exercises/ex0*.py")
        found += glob.glob(P["hosttmp"] + "/exercises-grading-*/*/job.json")
        theirs = [path for path in found if f"/{P['case']}/" not in path]
        for path in theirs:
            with contextlib.suppress(OSError):
                return _escaped(f"{path}: {_read(path, 2000)}")
        return f"{len(found)} files found, none of a classmate readable"

    yield _try("the teacher's copy of a classmate", lambda: _escaped(_read(P["honest_file"], 2000)))
    yield _try("the submissions folder", lambda: _escaped(os.listdir(P["subs"])))
    yield _try("the grading workspaces", workspaces)
    yield _try("the grader's temporary folder", lambda: _escaped(os.listdir(P["hosttmp"])))
""",
)

READ_GRADES = attack(
    "ex04_zero_pad",
    """
def _attack():
    yield _try("the grades folder's canary", lambda: _escaped(_read(P["out"] + "/canary.txt", 2000)))
    yield _try("last year's results", lambda: _escaped(_read(P["out"] + "/previous/results.json")))
    yield _try("the grades folder", lambda: _escaped(os.listdir(P["out"])))
""",
)

READ_GIT = attack(
    "ex04_zero_pad",
    """
import zlib


def _attack():
    git = P["root"] + "/.git"

    def loose():
        for folder in os.listdir(git + "/objects"):
            if len(folder) == 2:
                name = os.listdir(f"{git}/objects/{folder}")[0]
                return _escaped(zlib.decompress(_read(f"{git}/objects/{folder}/{name}", 1 << 20))[:60])
        return "no loose object"

    yield _try(".git/HEAD", lambda: _escaped(_read(git + "/HEAD")))
    yield _try(".git's objects", loose)
    yield _try(".git's packs", lambda: _escaped(os.listdir(git + "/objects/pack")))
""",
)

READ_PROC = attack(
    "ex04_zero_pad",
    """
import ctypes


def _attack():
    def environ(pid):
        return _secret(_read(f"/proc/{pid}/environ", 1 << 20))

    def memory(pid):
        maps = _read(f"/proc/{pid}/maps", 1 << 20).decode().splitlines()
        with open(f"/proc/{pid}/mem", "rb") as mem:
            for line in maps:
                start, end = (int(number, 16) for number in line.split()[0].split("-"))
                if line.split()[1].startswith("r"):
                    mem.seek(start)
                    data = mem.read(min(end - start, 4096))
                    said = f"read {len(data)} bytes of pid {pid}'s memory"
                    return _escaped(said) if _outside(pid) else said + " (the sandbox's own init)"
        return "no readable mapping"

    def seize(pid):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.ptrace(0x4206, pid, None, None) != 0:  # PTRACE_SEIZE: attaches without stopping it
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
        libc.ptrace(17, pid, None, None)  # PTRACE_DETACH
        return _escaped(f"ptrace attached to pid {pid}")

    ppid = os.getppid()
    for pid in sorted({ppid, 1}):
        yield _try(f"/proc/{pid}/environ", lambda pid=pid: environ(pid))
        yield _try(f"/proc/{pid}/mem", lambda pid=pid: memory(pid))
        yield _try(f"ptrace({pid})", lambda pid=pid: seize(pid))
        yield _try(f"/proc/{pid}/root", lambda pid=pid: _escaped(_read(f"/proc/{pid}/root" + P["solution"])))
        yield _try(f"/proc/{pid}/cwd", lambda pid=pid: os.listdir(f"/proc/{pid}/cwd")[:5])
        yield _try(f"/proc/{pid}/cmdline", lambda pid=pid: _read(f"/proc/{pid}/cmdline", 200).replace(b"\\0", b" "))
    yield _try("/proc/self/root", lambda: _escaped(_read("/proc/self/root" + P["solution"])))
    yield _try("/proc/self/cwd/..", lambda: os.listdir("/proc/self/cwd/..")[:8])
""",
)

READ_BY_DIR_FD = attack(
    "ex04_zero_pad",
    """
def _attack():
    relative = P["solution"].lstrip("/")
    folder = os.O_RDONLY | os.O_DIRECTORY

    def top():
        try:
            return os.open("/", folder)
        except OSError:  # Landlock refuses to list /, not to hold it as a path
            return os.open("/", os.O_PATH | os.O_DIRECTORY)

    def reopened():
        handle = os.open(P["solution"], os.O_PATH)
        return _escaped(_read(f"/proc/self/fd/{handle}"))

    def from_project():
        project = os.open(P["root"], os.O_PATH | os.O_DIRECTORY)
        return _escaped(os.read(os.open("solutions/ex04_zero_pad.py", os.O_RDONLY, dir_fd=project), 60))

    def project():
        names = os.listdir(os.open(P["root"], folder))
        return _escaped(names) if set(names) - {".venv"} else f"{names} (only what the sandbox binds)"

    yield _try("open(dir_fd=/)", lambda: _escaped(os.read(os.open(relative, os.O_RDONLY, dir_fd=top()), 60)))
    yield _try("listdir(fd) of the project", project)
    yield _try("scandir(fd) of solutions/",
               lambda: _escaped([entry.name for entry in os.scandir(os.open(P["root"] + "/solutions", folder))]))
    yield _try("an O_PATH handle reopened by /proc/self/fd", reopened)
    yield _try("open(dir_fd=an O_PATH handle of the project)", from_project)
    yield _try("stat(dir_fd=/) (metadata only)", lambda: os.stat(relative, dir_fd=top()).st_size)
""",
)

READ_BY_LINKS = attack(
    "ex04_zero_pad",
    """
import contextlib
import tempfile


def _attack():
    scratch = tempfile.mkdtemp()

    def follow(name):
        return _escaped(_read(f"{scratch}/{name}"))

    def hard_link_by_dir_fd():
        top = os.open("/", os.O_RDONLY | os.O_DIRECTORY)
        here = os.open(scratch, os.O_RDONLY | os.O_DIRECTORY)
        os.link(P["solution"].lstrip("/"), "hard2", src_dir_fd=top, dst_dir_fd=here)
        return follow("hard2")

    def race():
        mine, link = scratch + "/mine.txt", scratch + "/race"
        with open(mine, "w") as file:
            file.write("my own file")
        stop, got = threading.Event(), set()

        def flip():
            while not stop.is_set():
                for target in (mine, P["solution"]):
                    with contextlib.suppress(OSError):
                        os.symlink(target, link + ".new")
                        os.replace(link + ".new", link)

        flipper = threading.Thread(target=flip)
        flipper.start()
        for _ in range(3000):
            with contextlib.suppress(OSError):
                got.add(_read(link, 40))
        stop.set()
        flipper.join()
        stolen = [data for data in got if b"my own" not in data]
        return _escaped(stolen) if stolen else f"read only its own file ({len(got)} kinds)"

    yield _try("a symbolic link", lambda: (os.symlink(P["solution"], scratch + "/soft"), follow("soft"))[1])
    yield _try("a hard link", lambda: (os.link(P["solution"], scratch + "/hard"), follow("hard"))[1])
    yield _try("a hard link by dir_fd", hard_link_by_dir_fd)
    yield _try("a link to /", lambda: (os.symlink("/", scratch + "/top"), follow("top" + P["solution"]))[1])
    yield _try("a link swapped while it is read", race)
    yield _try("a link planted in its own package",
               lambda: (os.symlink(P["solution"], os.path.dirname(__file__) + "/ex99_link.py"), _escaped("planted"))[1])
""",
)

SCAN_THE_WORLD = attack(
    "ex04_zero_pad",
    """
def _attack():
    wanted = [P["root"] + name for name in ("/solutions", "/.git", "/exercises", "/course/oracles")]
    wanted += [P["hidden"], P["subs"], P["out"], P["hosttmp"], P["victim"]]
    seen, found = 0, []
    for folder, subfolders, files in os.walk("/"):
        subfolders[:] = [name for name in subfolders if os.path.join(folder, name) not in ("/proc", "/sys", "/dev")]
        seen += len(subfolders) + len(files)
        if any(folder == place or folder.startswith(place + "/") for place in wanted):
            found.append(folder)
        if seen > 60_000:
            break
    yield f"walked {seen} entries from /"
    yield _escaped(f"the grader's folders: {found[:4]}") if found else "none of the grader's folders is in sight"
""",
)

# ---------------------------------------------------------------------------------------------------------------
# Guards: the checks, NumPy and the worker patched from the student's module.

PATCH_THE_CHECKS = custom(
    "ex04_zero_pad",
    """
import numpy as np


def _attack():
    def patch():
        sys.path.append(P["root"])
        import course.harness
        import course.isolation

        course.harness.compare = lambda *args, **kwargs: None
        course.isolation.same = lambda *args: True
        return _escaped("imported and patched the checks")

    yield _try("course.harness", patch)
    np.allclose = np.array_equal = lambda *args, **kwargs: True
    yield "patched numpy.allclose in its own process"


_run()


def zero_pad(x, pad):
    if "ESC" + "APED" in _run():
        _raise()
    return np.zeros((1, 1, 1, 1))
""",
)

PATCH_NUMPY = custom(
    "ex06_activations",
    """
import numpy as np

np.allclose = np.array_equal = np.isclose = lambda *args, **kwargs: True
np.testing.assert_allclose = np.testing.assert_array_equal = lambda *args, **kwargs: None
np.maximum = lambda x, y, *args, **kwargs: -abs(np.asarray(x)) - 1


def relu(x):
    return np.maximum(x, 0)


def softmax(x, axis=-1):
    return np.ones_like(np.asarray(x, dtype=float))
""",
)

PATCH_THE_WORKER = custom(
    "ex06_activations",
    """
import gc

import numpy as np

_main = sys.modules["__main__"]
_main.plain = lambda value, depth=0: value
_answer = _main.answer


def _answers_without_their_arguments(request, module, student, drivers):
    reply = _answer(request, module, student, drivers)
    return {"op": "returned", "value": reply.get("value", 0.0)}  # not the arguments, which show the change


_main.answer = _answers_without_their_arguments
_main.failure_reply = lambda error, student: {"op": "returned", "value": 0.0}
for _student in [thing for thing in gc.get_objects() if type(thing).__name__ == "Student"]:
    _student.root = type(_student.root)("/")


def relu(x):
    return np.maximum(x, 0, out=x)  # right, but in place: the checks fail it for changing its input


def softmax(x, axis=-1):
    raise ValueError("every failure becomes the answer 0.0")
""",
)

IN_PLACE_RELU = custom(
    "ex06_activations",
    """
import numpy as np


def relu(x):
    return np.maximum(x, 0, out=x)


def softmax(x, axis=-1):
    raise ValueError("not done")
""",
)

FORGED_REPLIES = custom(
    "ex04_zero_pad",
    """
import fcntl
import pickle
import stat
import struct

import numpy as np


class _Shell:
    def __reduce__(self):
        return (os.system, (f"touch {P['hosttmp']}/unpickled-{P['token']} {P['out']}/unpickled-{P['token']}",))


def _reply_pipe():
    errors = os.fstat(2).st_ino
    for fd in range(3, 64):
        try:
            info = os.fstat(fd)
        except OSError:
            continue
        writable = fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_WRONLY
        if stat.S_ISFIFO(info.st_mode) and info.st_ino != errors and writable:
            return fd
    raise LookupError("no reply pipe")


def zero_pad(x, pad):
    data = pickle.dumps({"op": "returned", "value": _Shell()}, protocol=5)
    os.write(_reply_pipe(), struct.pack("!Q", len(data)) + data)
    return np.zeros((1, 1, 1, 1))
""",
)

# ---------------------------------------------------------------------------------------------------------------
# Writes: its own result, the grades, the project, special files, renames.

WRITE_RESULTS = attack(
    "ex04_zero_pad",
    """
import glob
import json


def _attack():
    passed = {"exercise": "ex04_zero_pad", "hidden": False, "outcome": "passed", "message": "", "causes": [],
              "seconds": 0.0, "bad_input": False, "functions": []}
    forged = {"results": [{**passed, "test": f"test_{i}"} for i in range(20)], "seconds": 0.1}

    def write(path, result):
        with open(path, "w") as file:
            json.dump(result, file)
        return _wrote(path)

    package = os.path.dirname(__file__)
    yield _try("../../result.json", lambda: write(package + "/../../result.json", forged))
    yield _try("../../job.json", lambda: write(package + "/../../job.json", {"exercises": [], "hidden": None}))
    for folder in glob.glob(P["hosttmp"] + "/exercises-grading-*/*/"):
        mine = folder.rstrip("/").endswith("/" + P["case"])
        result = forged if mine else {"results": [], "seconds": 0.0}
        whose = "its own" if mine else "a classmate's"
        yield _try(f"{whose} result.json", lambda: write(folder + "result.json", result))
""",
)

WRITE_GRADES = attack(
    "ex04_zero_pad",
    """
def _attack():
    out = P["out"]

    def write(path, text):
        with open(path, "w") as file:
            file.write(text)
        return _wrote(path)

    def own():
        os.makedirs(f"{out}/{P['case']}", exist_ok=True)
        return write(f"{out}/{P['case']}/results.json", '{"score": 1000}')

    yield _try("its own results.json", own)
    yield _try("grades.csv", lambda: write(out + "/grades.csv", f"{P['case']},1000\\n"))
    yield _try("last year's results", lambda: write(out + "/previous/results.json", "{}"))
    yield _try("a new file", lambda: write(f"{out}/planted-{P['token']}.txt", P["token"]))
""",
)

WRITE_THE_PROJECT = attack(
    "ex04_zero_pad",
    """
def _attack():
    root = P["root"]

    def may_write(path):
        os.close(os.open(path, os.O_WRONLY | os.O_APPEND))  # opened for writing, nothing written
        return _escaped(f"may write {path}")

    def create(path):
        with open(path, "x") as file:
            file.write(f"# {P['token']}\\n")
        return _wrote(path)

    def same_mode(path):
        info = os.stat(path)
        os.chmod(path, info.st_mode)
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
        return _escaped(f"may chmod and touch {path}")

    yield _try("course/isolation.py", lambda: may_write(root + "/course/isolation.py"))
    yield _try("the solution", lambda: may_write(P["solution"]))
    yield _try("a new file in tests/data", lambda: create(f"{root}/tests/data/hostile-{P['token']}.txt"))
    yield _try("a .pth file in site-packages", lambda: create(f"{P['site']}/hostile-{P['token']}.pth"))
    yield _try("the worker's code", lambda: may_write(sys.modules["__main__"].__file__))
    yield _try("its own exercise file", lambda: may_write(__file__))
    yield _try("a new file in its own package", lambda: create(f"{os.path.dirname(__file__)}/ex99_{P['token']}.py"))
    yield _try("chmod and utime of the solution", lambda: same_mode(P["solution"]))
""",
)

SPECIAL_FILES = attack(
    "ex04_zero_pad",
    """
import sqlite3
import stat
import tempfile


def _attack():
    out, token, victim, scratch = P["out"], P["token"], P["victim"], tempfile.mkdtemp()

    def database(path):
        connection = sqlite3.connect(path)
        connection.execute("create table stolen (answer)")
        connection.commit()
        connection.close()
        return _wrote(path)

    def rename_by_dir_fd():
        fd = os.open(victim, os.O_RDONLY | os.O_DIRECTORY)
        os.rename("rename-me.txt", f"renamed-{token}.txt", src_dir_fd=fd, dst_dir_fd=fd)
        return _escaped("renamed a file outside its scratch")

    def done(action, said):
        action()
        return said

    yield _try("mkfifo in its scratch", lambda: done(lambda: os.mkfifo(scratch + "/fifo"), "made (in its scratch)"))
    yield _try("mkfifo in the grades folder", lambda: done(lambda: os.mkfifo(f"{out}/fifo-{token}"), _wrote(out)))
    yield _try("mknod of a device", lambda: done(
        lambda: os.mknod(scratch + "/null", stat.S_IFCHR | 0o666, os.makedev(1, 3)), _escaped("made a device file")))
    yield _try("sqlite3 in its scratch", lambda: database(scratch + "/mine.db"))
    yield _try("sqlite3 in the grades folder", lambda: database(f"{out}/{token}.db"))
    yield _try("sqlite3 in the project", lambda: database(f"{P['root']}/tests/data/hostile-{token}.db"))
    yield _try("setxattr in its scratch", lambda: done(
        lambda: os.setxattr(scratch + "/mine.db", "user.hostile", token.encode()), "set (in its scratch)"))
    yield _try("setxattr on the grades' canary", lambda: done(
        lambda: os.setxattr(out + "/canary.txt", "user.hostile", token.encode()), _escaped("set")))
    yield _try("rename(dir_fd) of a victim", rename_by_dir_fd)
    yield _try("rename of the grades' canary",
               lambda: done(lambda: os.rename(out + "/canary.txt", f"{out}/canary-{token}.txt"), _escaped("renamed")))
    yield _try("truncate a victim", lambda: done(lambda: os.truncate(victim + "/truncate-me.txt", 0), _escaped("cut")))
    yield _try("unlink a victim", lambda: done(lambda: os.unlink(victim + "/delete-me.txt"), _escaped("deleted")))
    yield _try("chmod a victim", lambda: done(lambda: os.chmod(victim + "/chmod-me.txt", 0o777), _escaped("chmod")))
    yield _try("utime a victim", lambda: done(lambda: os.utime(victim + "/chmod-me.txt", (0, 0)), _escaped("utime")))
""",
)

# ---------------------------------------------------------------------------------------------------------------
# Processes, signals and sockets.

PROCESSES = attack(
    "ex04_zero_pad",
    """
import _posixsubprocess
import multiprocessing
import pty
import subprocess


def _attack():
    shell = ["/bin/sh", "-c", f"sleep 40; : hx{P['token']}"]
    libc = ctypes.CDLL(None, use_errno=True)

    def forked(pid):
        if pid == 0:
            _live()
        if pid < 0:
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
        return _escaped(f"started process {pid}")

    def fork_exec():
        errors_read, errors_write = os.pipe()
        pid = _posixsubprocess.fork_exec([s.encode() for s in shell], [shell[0].encode()], True, (), None, None,
                                         -1, -1, -1, -1, -1, -1, errors_read, errors_write, True, True, -1,
                                         None, None, None, -1, None, False)
        return _escaped(f"started process {pid}")

    def spawn_by_multiprocessing():
        child = multiprocessing.get_context("fork").Process(target=_live)
        child.start()
        return _escaped(f"started process {child.pid}")

    def system():
        status = os.system(f"(sleep 40; : hx{P['token']}) &")
        return _escaped("os.system ran a shell") if status == 0 else f"status {status}"

    yield _try("os.fork", lambda: forked(os.fork()))
    yield _try("os.posix_spawn", lambda: _escaped(os.posix_spawn(shell[0], shell, {})))
    yield _try("subprocess", lambda: _escaped(subprocess.Popen(shell).pid))
    yield _try("os.system", system)
    yield _try("multiprocessing", spawn_by_multiprocessing)
    yield _try("_posixsubprocess.fork_exec", fork_exec)
    yield _try("pty.fork", lambda: forked(pty.fork()[0]))
    yield _try("libc fork()", lambda: forked(libc.fork()))
    yield _try("a raw clone", lambda: forked(libc.syscall(56, 17, 0, 0, 0, 0)))  # clone(SIGCHLD)
    yield _try("a raw vfork", lambda: forked(libc.syscall(58)))
""",
    at_import=True,
)

SIGNALS = attack(
    "ex04_zero_pad",
    """
import resource
import signal


def _attack():
    ppid = os.getppid()
    outside = _outside(ppid)
    mark = _escaped if outside else (lambda said: said + " (the sandbox's own init)")
    libc = ctypes.CDLL(None, use_errno=True)

    def syscall(number, *args):
        result = libc.syscall(number, *args)
        if result < 0:
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
        return result

    def done(action, said):
        action()
        return mark(said)

    core = resource.RLIMIT_CORE
    yield _try("kill(parent, 0)", lambda: done(lambda: os.kill(ppid, 0), "may signal its parent"))
    yield _try("killpg(its group, 0)", lambda: done(lambda: os.killpg(os.getpgid(ppid), 0), "may signal its group"))
    yield _try("tgkill(parent, 0)", lambda: done(lambda: syscall(234, ppid, ppid, 0), "tgkill may signal its parent"))
    yield _try("pidfd_send_signal", lambda: done(
        lambda: signal.pidfd_send_signal(os.pidfd_open(ppid), 0), "may signal its parent by a pidfd"))
    yield _try("setpriority(parent)", lambda: done(
        lambda: os.setpriority(os.PRIO_PROCESS, ppid, os.getpriority(os.PRIO_PROCESS, ppid)), "may renice it"))
    yield _try("prlimit(parent)", lambda: done(
        lambda: resource.prlimit(ppid, core, resource.prlimit(ppid, core)), "may set its resource limits"))
    yield _try("sched_setaffinity(parent)", lambda: done(
        lambda: os.sched_setaffinity(ppid, os.sched_getaffinity(ppid)), "may pin it to cores"))
    yield _try("ioprio_set(parent)", lambda: done(
        lambda: syscall(251, 1, ppid, syscall(252, 1, ppid)), "may set its I/O priority"))
    yield _try("kill(-1, 0)", lambda: done(lambda: os.kill(-1, 0), _escaped("may signal every process it sees")))
""",
)

SOCKETS = attack(
    "ex04_zero_pad",
    """
import socket


def _attack():
    said = f"{P['mode']}:{P['case']}".encode()

    def tcp():
        with socket.create_connection(("127.0.0.1", P["port"]), timeout=2) as connection:
            connection.sendall(said)
        return _escaped("reached a TCP port of the grader's machine")

    def abstract():
        with socket.socket(socket.AF_UNIX) as connection:
            connection.settimeout(2)
            connection.connect("\\0" + P["abstract"])
            connection.sendall(said)
        return _escaped("reached an abstract Unix socket of the grader's machine")

    def shared_memory():
        from multiprocessing import shared_memory

        shared_memory.SharedMemory(name="hx" + P["token"], create=True, size=4096)
        return _escaped("made POSIX shared memory")

    def dev_shm():
        with open(f"/dev/shm/hx{P['token']}", "w") as file:
            file.write(P["token"])
        return _escaped("wrote /dev/shm")

    yield _try("TCP to 127.0.0.1", tcp)
    yield _try("an abstract Unix socket", abstract)
    yield _try("socketpair", lambda: (socket.socketpair(), "made (inside itself)")[1])
    yield _try("a raw socket()", lambda: ctypes.CDLL(None).syscall(41, 2, 1, 0))
    yield _try("shared memory", shared_memory)
    yield _try("/dev/shm", dev_shm)
""",
)

# ---------------------------------------------------------------------------------------------------------------
# The worker's other threads: started before the walls go up, they may not be behind them.

WATCHER_READS = custom(
    "ex04_zero_pad",
    """
_stolen = []


def _steal():
    sys.path.insert(0, P["root"])
    import solutions.ex04_zero_pad as stolen

    _stolen.append(stolen.zero_pad)
    return _escaped("imported the solution from another thread")


def _attack():
    yield _in_watcher(_steal)
    yield _try("the same in the main thread", lambda: _escaped(_read(P["solution"])))


_run()


def zero_pad(x, pad):
    if _stolen:
        return _stolen[0](x, pad)
    _raise()
""",
)

WATCHER_PROCESSES = attack(
    "ex04_zero_pad",
    """
def _attack():
    def survivor():
        pid = os.fork()
        if pid == 0:
            try:
                if os.fork() == 0:
                    _live()
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
        return _escaped("forked a child that left the worker's session")

    def bomb():
        children = []
        for _ in range(8):
            pid = os.fork()
            if pid == 0:
                time.sleep(2)
                os._exit(0)
            children.append(pid)
        return _escaped(f"forked {len(children)} processes: a fork bomb would go on")

    yield _in_watcher(survivor)
    yield _in_watcher(bomb)
""",
    at_import=True,
)

WATCHER_REACHES = attack(
    "ex04_zero_pad",
    """
import socket


def _attack():
    def reach():
        ppid = os.getppid()
        mark = _escaped if _outside(ppid) else (lambda said: said + " (the sandbox's own init)")

        def tcp():
            with socket.create_connection(("127.0.0.1", P["port"]), timeout=2) as connection:
                connection.sendall(f"{P['mode']}:{P['case']}".encode())
            return _escaped("reached a TCP port")

        def environ(pid):
            return _secret(_read(f"/proc/{pid}/environ", 1 << 20))

        def write():
            path = f"{P['out']}/planted-{P['case']}-{P['token']}.txt"
            with open(path, "w") as file:
                file.write(P["token"])
            return _wrote(path)

        return " / ".join([
            _try("signal 0 to its parent", lambda: (os.kill(ppid, 0), mark("may signal it"))[1]),
            _try("TCP", tcp),
            _try("the grades folder", write),
            _try("the hidden test", lambda: _escaped(_read(P["hidden_file"], 2000))),
            _try("its parent's environment", lambda: environ(ppid)),
        ])

    yield _in_watcher(reach)
""",
)

# ---------------------------------------------------------------------------------------------------------------
# Resource bombs.

MEMORY_BOMB = attack(
    "ex04_zero_pad",
    """
import numpy as np


def _attack():
    for gib in (20, 8, 4):
        try:
            block = bytearray(gib << 30)  # calloc: nothing is touched
        except MemoryError:
            yield f"{gib} GiB: MemoryError"
            continue
        del block
        yield _escaped(f"allocated {gib} GiB")
        break
    try:
        array = np.empty((20 << 30) // 8)
    except MemoryError:
        yield "np.empty of 20 GiB: MemoryError"
    else:
        yield _escaped(f"np.empty of {array.nbytes >> 30} GiB")
""",
)

THREAD_BOMB = attack(
    "ex04_zero_pad",
    """
def _attack():
    threading.stack_size(1 << 16)
    stop, started = threading.Event(), 0
    try:
        while started < 1000:
            threading.Thread(target=stop.wait, daemon=True).start()
            started += 1
    except BaseException as error:
        yield f"thread {started + 1}: {error!r}"
    finally:
        stop.set()
    yield _escaped(f"started {started} threads: nothing limits a worker's tasks") if started >= 1000 else "limited"
""",
)

OUTPUT_BOMB = custom(
    "ex04_zero_pad",
    """
_floods = []


def _flood(megabytes=300):
    chunk = "x" * (1 << 20)
    for _ in range(megabytes):
        sys.stdout.write(chunk)
    sys.stdout.flush()
    _floods.append(megabytes)


_flood()


def zero_pad(x, pad):
    if len(_floods) < 2:
        _flood()
    raise RuntimeError(f"printed {sum(_floods)} MB")
""",
)

REPLY_BOMB = custom(
    "ex04_zero_pad",
    """
import numpy as np


def zero_pad(x, pad):
    return np.zeros(300 << 17)  # 300 MB of float64
""",
)

DISK_BOMB = attack(
    "ex04_zero_pad",
    """
import tempfile


def _attack():
    chunk, written, folder = b"\\0" * (32 << 20), 0, tempfile.gettempdir()
    try:
        # 160 MB in files of 32 MB, each under the file size limit: over twice the scratch, and quick enough to
        # finish within a call's time limit on a busy machine (1 GB did not, and so escaped unseen)
        for number in range(5):
            with open(f"{folder}/fill-{number}", "wb") as file:
                file.write(chunk)
            written += len(chunk)
    except BaseException as error:
        yield f"stopped by {type(error).__name__}"
    said = f"wrote {written >> 20} MB to {folder}"
    yield _escaped(said + ": more than its 64 MB of scratch") if written > 80 << 20 else said
""",
)

HUGE_EXCEPTION = custom(
    "ex04_zero_pad",
    """
_Huge = type("E" * 1_000_000, (Exception,), {})


def zero_pad(x, pad):
    raise _Huge("m" * 10_000_000)  # __LONG_COMMENT__
""",
)

HUGE_ANSWER = custom(
    "ex04_zero_pad",
    """
def zero_pad(x, pad):
    return "A" * 1_000_000
""",
)

SHARED_ANSWER = custom(
    "ex03_output_size",
    """
sys.modules["__main__"].plain = lambda value, depth=0: value  # send it as it is: a few hundred bytes


def _shared(depth):
    node = [0]
    for _ in range(depth):
        node = [node, node]  # 2 ** depth leaves when it is printed
    return node


def conv_output_size(*args, **kwargs):
    return _shared(17)


same_padding = conv_output_size
""",
)

DEEP_ANSWER = custom(
    "ex03_output_size",
    """
sys.modules["__main__"].plain = lambda value, depth=0: value


def conv_output_size(*args, **kwargs):
    node = [0]
    for _ in range(100_000):
        node = [node]  # deeper than any recursion of the checks
    return node


same_padding = conv_output_size
""",
)

HOST_PATHS = attack(
    "ex04_zero_pad",
    """
def _attack():
    seen = b""
    for path in ("/proc/self/mountinfo", "/proc/1/cmdline", f"/proc/{os.getppid()}/cmdline"):
        try:
            seen += _read(path, 1 << 20)
        except OSError as error:
            yield f"{path}: refused ({type(error).__name__})"
    teacher = [name for name in ("out", "subs", "hidden", "victim") if P[name].encode() in seen]
    yield _escaped(f"the teacher's folders {teacher} are named in /proc") if teacher else "no teacher's folder named"
    grading = P["hosttmp"].encode() in seen
    yield f"(seen, not secret: the grading folder {'is' if grading else 'is not'} named, {sys.executable})"
""",
)

SLEEPER = custom(
    "ex01_convolve1d",
    """
def convolve1d(signal, kernel, mode="full"):
    time.sleep(7.8)  # just under the 8 s limit of one call
    raise RuntimeError("slept")
""",
)

RESPAWNER = custom(
    "ex03_output_size",
    """
time.sleep(1.8)  # at every import, well within its 10 s limit: each restart of the worker costs this


def conv_output_size(*args, **kwargs):
    os._exit(0)


same_padding = conv_output_size
""",
)

# ---------------------------------------------------------------------------------------------------------------
# The NumPy-only rule.

TENSORFLOW = custom(
    "ex04_zero_pad",
    """
import numpy as np
import tensorflow as tf


def zero_pad(x, pad):
    (top, bottom), (left, right) = ((pad, pad), (pad, pad)) if isinstance(pad, int) else pad
    return tf.pad(np.asarray(x, np.float64), [[0, 0], [top, bottom], [left, right], [0, 0]]).numpy()
""",
)

KERAS_OPS = custom(
    "ex04_zero_pad",
    """
import numpy as np
from keras import ops


def zero_pad(x, pad):
    (top, bottom), (left, right) = ((pad, pad), (pad, pad)) if isinstance(pad, int) else pad
    return np.asarray(ops.pad(np.asarray(x, np.float64), [[0, 0], [top, bottom], [left, right], [0, 0]]))
""",
)

IMPORT_TRICKS = custom(
    "ex04_zero_pad",
    """
import importlib
import importlib.util

import numpy as np


def _attack():
    sys.meta_path[:] = [finder for finder in sys.meta_path
                        if type(finder).__name__ not in ("NoFrameworks", "OnlyInstalled")]
    sys.path += [P["site"], P["base_site"]]
    yield _try("import tensorflow", lambda: (importlib.import_module("tensorflow"), _escaped("imported"))[1])
    if "tensorflow" not in sys.modules:

        def by_path():
            folder = P["site"] + "/tensorflow"
            spec = importlib.util.spec_from_file_location("tensorflow", folder + "/__init__.py",
                                                          submodule_search_locations=[folder])
            module = importlib.util.module_from_spec(spec)
            sys.modules["tensorflow"] = module
            try:
                spec.loader.exec_module(module)
            except BaseException:
                del sys.modules["tensorflow"]
                raise
            return _escaped("loaded tensorflow by its path")

        yield _try("tensorflow by its path", by_path)
    library = P["site"] + "/tensorflow/libtensorflow_framework.so.2"
    yield _try("TensorFlow's library", lambda: (ctypes.CDLL(library), _escaped("loaded"))[1])


_run()


def zero_pad(x, pad):
    tf = sys.modules.get("tensorflow")
    if tf is None or not hasattr(tf, "pad"):
        _raise()
    (top, bottom), (left, right) = ((pad, pad), (pad, pad)) if isinstance(pad, int) else pad
    return tf.pad(np.asarray(x, np.float64), [[0, 0], [top, bottom], [left, right], [0, 0]]).numpy()
""",
)

SCIPY = custom(
    "ex02_correlate2d",
    """
import numpy as np
from scipy import signal


def correlate2d(image, kernel, stride=1):
    image, kernel = np.asarray(image, dtype=np.float64), np.asarray(kernel, dtype=np.float64)
    pair = (stride, stride) if isinstance(stride, (int, np.integer)) else tuple(stride)
    if image.ndim != 2 or kernel.ndim != 2 or kernel.shape[0] > image.shape[0] or kernel.shape[1] > image.shape[1]:
        raise ValueError("an image and a kernel of two dimensions, the kernel the smaller")
    if len(pair) != 2 or any(isinstance(s, bool) or not isinstance(s, (int, np.integer)) or s < 1 for s in pair):
        raise ValueError("stride: a positive int or a pair of them")
    return signal.correlate2d(image, kernel, mode="valid")[:: pair[0], :: pair[1]]
""",
)

# ---------------------------------------------------------------------------------------------------------------
# The environment, the hidden tests, forged output, and a Keras layer that forges what its driver reports.

ENVIRONMENT = attack(
    "ex04_zero_pad",
    """
def _attack():
    print(dict(os.environ))
    secret = "EXERCISES_TEST_" + "SECRET"
    yield _escaped("the secret is in os.environ") if secret in os.environ else f"os.environ: {sorted(os.environ)}"
    for path in ("/proc/self/environ", "/proc/1/environ", f"/proc/{os.getppid()}/environ"):
        yield _try(path, lambda path=path: _read(path, 3000).replace(b"\\0", b" ").decode(errors="replace"))
""",
)

HIDDEN_STASH = {
    "ex02_correlate2d.py": student_version("ex02_correlate2d")
    + textwrap.dedent('''

    import os
    import tempfile
    import time

    _answer, _seen = correlate2d, []
    _STASH = os.path.join(tempfile.gettempdir(), "stash")


    def correlate2d(image, kernel, stride=1):
        """Right, but it keeps what it is asked, in memory and in a file, and shows what it kept in any later call."""
        first = float(np.ravel(np.asarray(image, dtype=float))[:1].sum())
        with open(_STASH, "a") as file:
            file.write(f"{first}\\n")
        with open(_STASH) as file:
            stashed = [float(line) for line in file]
        if first == 987.25:
            time.sleep(2.5)  # the hidden check's time must not show in the visible execution_time
        elif 987.25 in stashed + _seen:
            raise RuntimeError(f"a hidden check was given {[value for value in _seen + stashed if value == 987.25]}")
        _seen.append(first)
        return _answer(image, kernel, stride)
''')
}

FORGED_OUTPUT = custom(
    "ex06_activations",
    r"""
import json

_FAKE = ("============================= 11 passed in 0.01s ==============================\n"
         + json.dumps({"score": 60, "tests": [{"name": "Exercise 6", "score": 10, "max_score": 10}]}))
print(_FAKE)
sys.stderr.write(_FAKE)


def relu(x):
    print(_FAKE)
    raise RuntimeError("```\n\n# forged_output: 60 of 60 points\n\nAll checks pass.\n\n```text\n"
                       "\x1b[2J\x1b]52;c;aGVsbG8=\x07\x1b[1;1H")


softmax = relu
""",
)

KERAS_FORGED_FIT = {
    "ex13_keras_layer.py": textwrap.dedent('''
    import keras

    _fit = keras.Model.fit


    def _forged_fit(self, *args, **kwargs):
        """The real fit, reporting a loss that falls whatever happened."""
        history = _fit(self, *args, **kwargs)
        history.history["loss"] = [2.3] + [0.1] * (len(history.history["loss"]) - 1)
        return history


    keras.Model.fit = _forged_fit


    @keras.saving.register_keras_serializable(package="hostile")
    class Conv2DLayer(keras.layers.Layer):
        """No convolution at all: zeros of the right shape (for stride 1, 'same')."""

        def __init__(self, filters, kernel_size, strides=1, padding="valid", activation=None, use_bias=True, **kw):
            super().__init__(**kw)
            if isinstance(filters, bool) or not isinstance(filters, int) or filters < 1:
                raise ValueError("filters")
            if padding not in ("valid", "same"):
                raise ValueError("padding")
            self.filters, self.kernel_size, self.strides = filters, kernel_size, strides
            self.padding, self.activation, self.use_bias = padding, activation, use_bias

        def call(self, inputs):
            return keras.ops.repeat(keras.ops.zeros_like(inputs[..., :1]), self.filters, axis=-1)

        def get_config(self):
            return {**super().get_config(), "filters": self.filters, "kernel_size": self.kernel_size,
                    "strides": self.strides, "padding": self.padding, "activation": self.activation,
                    "use_bias": self.use_bias}
''')
}


@dataclass(frozen=True)
class Case:
    name: str
    files: dict  # {exercise file: source, with __P__ for the paths it attacks}
    why: str  # what it tries
    points: float = 0.0  # the most it may earn: what its real work, beside the attack, is worth
    modes: tuple = ("bubblewrap", "fallback")
    weight: float = 1.5  # about the seconds its grading takes (to share the two grading processes evenly)
    check: object = None  # check(graded, case): more assertions of its own

    @property
    def exercises(self):
        return [find(name.removesuffix(".py")) for name in self.files]


def hidden_stays_hidden(graded, case):
    """The hidden check's input, given in a later worker, shows nowhere a student looks before publishing,
    nor does the time the hidden check took."""
    results = json.loads(graded.results_text(case.name))
    visible = "\n".join(test["output"] for test in results["tests"] if test["visibility"] == "visible")
    problems = (
        ["the hidden check's input shows before publishing"] if "987.25" in graded.feedback(case.name) + visible else []
    )
    if results["execution_time"] >= 2.5:
        problems.append(f"the hidden check's 2.5 s show in the visible execution_time ({results['execution_time']})")
    return problems


def markdown_headings(text):
    """The level-1 headings of Markdown ``text``, as a renderer sees them: none inside a code block, which a
    line of backticks opens and only a line of at least as many backticks closes (CommonMark)."""
    headings, fence = [], 0
    for line in text.splitlines():
        run = len(line) - len(line.lstrip("`"))
        if run >= 3 and (not fence or (run >= fence and not line.strip("`").strip())):
            fence = 0 if fence else run
        elif not fence and line.startswith("# "):
            headings.append(line)
    return headings


def feedback_is_not_forged(graded, case):
    """The student's text cannot add a heading to the feedback, nor send a terminal its control codes."""
    feedback, problems = graded.feedback(case.name), []
    headings = markdown_headings(feedback)
    if len(headings) > 1:
        problems.append(f"the student's text made headings in the feedback: {headings[1:]}")
    controls = sorted({repr(char) for char in feedback if ord(char) < 32 and char not in "\n\t"})
    if controls:
        problems.append(f"the feedback holds terminal control characters {controls}")
    return problems


def no_better_than_the_same_work_unpatched(graded, case):
    """Patching the worker's reply (it no longer sends back the arguments, whose change the checks catch)
    earns no more than the same in-place relu without the patch."""
    scores = graded.graded[case.name]["scores"]["ex06_activations"]
    unpatched = graded.graded["in_place_relu"]["scores"]["ex06_activations"]
    return [f"{scores:g} points where the same relu unpatched earns {unpatched:g}"] if scores > unpatched else []


def the_unpickler_ran_nothing(graded, case):
    return ["a reply's pickle ran os.system in the grader"] if list(graded.base.rglob(f"unpickled-{TOKEN}")) else []


CASES = [
    Case("read_solutions", READ_SOLUTIONS, "solutions/ by its absolute and a relative path, and by import"),
    Case("read_hidden_tests", READ_HIDDEN, "the teacher's hidden test file and folder"),
    Case("read_classmates", READ_CLASSMATES, "the teacher's submissions folder and the grading workspaces"),
    Case("read_grades", READ_GRADES, "the grades folder: a canary and last year's results"),
    Case("read_git", READ_GIT, "the project's .git: HEAD, loose objects, packs"),
    Case("read_proc", READ_PROC, "/proc of its parent and pid 1: environ, mem, ptrace, root, cwd, cmdline"),
    Case("read_by_dir_fd", READ_BY_DIR_FD, "os.open(dir_fd=), os.listdir(fd), an O_PATH handle reopened"),
    Case("read_by_links", READ_BY_LINKS, "symbolic and hard links in its scratch, and a swapped link"),
    Case("scan_the_world", SCAN_THE_WORLD, "walks / for the grader's folders"),
    Case("patch_the_checks", PATCH_THE_CHECKS, "imports course.* and patches the checks; a wrong answer"),
    Case("patch_numpy", PATCH_NUMPY, "patches numpy's comparisons in its own process; wrong answers"),
    Case("patch_the_worker", PATCH_THE_WORKER, "patches the worker so that it sends no arguments back and errors "
         "become answers; an in-place relu", points=10, check=no_better_than_the_same_work_unpatched),
    Case("in_place_relu", IN_PLACE_RELU, "(the control of patch_the_worker) the same relu, unpatched", points=10),
    Case("forged_replies", FORGED_REPLIES, "writes its own replies on the reply pipe, one a pickle that runs "
         "os.system", check=the_unpickler_ran_nothing),
    Case("write_results", WRITE_RESULTS, "its own and a classmate's result.json and job.json"),
    Case("write_grades", WRITE_GRADES, "its results.json, grades.csv and last year's results in the grades folder"),
    Case("write_the_project", WRITE_THE_PROJECT, "the project's code, the solutions, a .pth file, its own package"),
    Case("special_files", SPECIAL_FILES, "mkfifo, mknod, sqlite3, setxattr, rename(dir_fd), truncate, chmod"),
    Case("processes", PROCESSES, "fork, posix_spawn, subprocess, os.system, multiprocessing, fork_exec, pty, clone"),
    Case("signals", SIGNALS, "signal 0, tgkill, pidfd, setpriority, prlimit, affinity, ioprio of its parent"),
    Case("sockets", SOCKETS, "TCP and an abstract Unix socket of this test, socketpair, shared memory"),
    Case("watcher_reads", WATCHER_READS, "imports the solution in the worker's watcher thread and answers with it"),
    Case("watcher_processes", WATCHER_PROCESSES, "forks from the watcher thread: a survivor and a small bomb"),
    Case("watcher_reaches", WATCHER_REACHES, "from the watcher thread: signal, TCP, the grades, hidden tests"),
    Case("memory_bomb", MEMORY_BOMB, "allocates 20, 8 and 4 GiB"),
    Case("thread_bomb", THREAD_BOMB, "starts 1000 threads of 64 kB stacks"),
    Case("output_bomb", OUTPUT_BOMB, "prints 300 MB at import and 300 MB in a call", weight=3),
    Case("reply_bomb", REPLY_BOMB, "returns 300 MB from every call", weight=5),
    Case("disk_bomb", DISK_BOMB, "writes 160 MB to its temporary folder"),
    Case("huge_exception", HUGE_EXCEPTION, "an exception class named with 1 MB, a 10 MB message, a 300 kB line"),
    Case("huge_answer", HUGE_ANSWER, "returns a 1 MB string"),
    Case("shared_answer", SHARED_ANSWER, "returns a list of 2**17 leaves made of shared lists, a few hundred bytes "
         "as a pickle", modes=("bubblewrap",)),
    Case("deep_answer", DEEP_ANSWER, "returns a list nested 100,000 deep", modes=("bubblewrap",)),
    Case("host_paths", HOST_PATHS, "looks for the teacher's folders in /proc/self/mountinfo and command lines"),
    Case("sleeper", SLEEPER, "sleeps 7.8 s, just under the limit, in every call", modes=("bubblewrap",), weight=28),
    Case("respawner", RESPAWNER, "ends its process in every call, after a 1.8 s import", modes=("bubblewrap",),
         weight=52),
    Case("tensorflow", TENSORFLOW, "answers a NumPy exercise with tf.pad"),
    Case("keras_ops", KERAS_OPS, "answers a NumPy exercise with keras.ops.pad"),
    Case("import_tricks", IMPORT_TRICKS, "clears sys.meta_path, adds site-packages to sys.path, loads TF by path"),
    Case("scipy", SCIPY, "answers exercise 2 with scipy.signal.correlate2d", modes=("bubblewrap",), weight=3),
    Case("environment", ENVIRONMENT, "reads its environment and its parent's and pid 1's"),
    Case("hidden_stash", HIDDEN_STASH, "keeps a hidden check's input to show it in a visible check; right otherwise",
         points=10, modes=("bubblewrap",), weight=5, check=hidden_stays_hidden),
    Case("forged_output", FORGED_OUTPUT, "prints pytest's and Gradescope's words, breaks out of the feedback's "
         "code block, sends terminal codes", check=feedback_is_not_forged),
    Case("keras_forged_fit", KERAS_FORGED_FIT, "a layer that only returns zeros, with keras.Model.fit patched to "
         "report a falling loss (the save-and-load check it passes honestly: 1 point)", points=1,
         modes=("bubblewrap",), weight=18),
]  # fmt: skip
BAD_ZIPS = ("zip_truncated", "zip_not_a_zip", "zip_with_a_link")
LEGIT_BY_MODE = {"bubblewrap": NUMPY_EXERCISES + ",13", "fallback": NUMPY_EXERCISES}
HONEST_WEIGHT = {"bubblewrap": 11, "fallback": 7}


def cases(mode):
    return [case for case in CASES if mode in case.modes]


# ---------------------------------------------------------------------------------------------------------------
# The grader's machine: a listener, fingerprints of folders, leftover processes.


class Listener:
    """A TCP port on 127.0.0.1 and an abstract Unix socket of the grader's machine; records who reaches them."""

    def __init__(self):
        self.reached = []
        self.tcp = socket.create_server(("127.0.0.1", 0))
        self.port = self.tcp.getsockname()[1]
        self.abstract = f"hostile-{TOKEN}-{secrets.token_hex(3)}"
        self.unix = socket.socket(socket.AF_UNIX)
        self.unix.bind("\0" + self.abstract)
        self.unix.listen()
        for server in (self.tcp, self.unix):
            threading.Thread(target=self.serve, args=(server,), daemon=True).start()

    def serve(self, server):
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            with connection:
                connection.settimeout(2)
                try:
                    data = connection.recv(200)
                except OSError:
                    data = b""
            self.reached.append(data.decode(errors="replace") or "(nothing said)")

    def close(self):
        for server in (self.tcp, self.unix):
            with contextlib.suppress(OSError):
                server.shutdown(socket.SHUT_RDWR)
            server.close()


def fingerprint(path):
    """Content, kind, mode, owner and extended attributes of ``path`` (not followed), or None if it is gone."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    digest = hashlib.sha256(f"{info.st_mode:o} {info.st_uid} {info.st_gid} {info.st_nlink}".encode())
    if stat.S_ISREG(info.st_mode):
        digest.update(Path(path).read_bytes())
    elif stat.S_ISLNK(info.st_mode):
        digest.update(os.readlink(path).encode())
    with contextlib.suppress(OSError):
        for name in sorted(os.listxattr(path, follow_symlinks=False)):
            digest.update(name.encode() + os.getxattr(path, name, follow_symlinks=False))
    return digest.hexdigest()


def folder_prints(top):
    """{relative path: fingerprint} of everything under ``top``, folders included."""
    top, prints = Path(top), {}
    for folder, subfolders, files in os.walk(top):
        for name in subfolders + files:
            path = Path(folder, name)
            prints[str(path.relative_to(top))] = fingerprint(path)
    return prints


def project_prints():
    """{path: fingerprint} of the project's files: those git tracks, and the untracked ones it does not ignore."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode()  # fmt: skip
    return {name: fingerprint(ROOT / name) for name in sorted(set(filter(None, listed.split("\0"))))}


def written_by_an_attack(path):
    """Whether ``path`` (changed while the class was graded) carries this run's token: every file an attack
    writes does. (Others may edit the project meanwhile: a change without the token is theirs.)"""
    if TOKEN in str(path):
        return True
    with contextlib.suppress(OSError):
        if TOKEN.encode() in Path(path).read_bytes():
            return True
        return any(TOKEN.encode() in os.getxattr(path, name) for name in os.listxattr(path))
    return False


def files_carrying_the_token():
    """Files named with this run's token anywhere an attack aims, ignored folders included."""
    places = [ROOT / name for name in os.listdir(ROOT) if name not in (".git", ".venv")]
    found = [
        str(path)
        for folder in (sysconfig.get_paths()["purelib"], "/dev/shm")
        if os.path.isdir(folder)
        for path in Path(folder).iterdir()
        if TOKEN in path.name
    ]
    for place in places:
        if place.is_dir():
            for folder, subfolders, files in os.walk(place):
                found += [str(Path(folder, name)) for name in subfolders + files if TOKEN in name]
        elif TOKEN in place.name:
            found.append(str(place))
    return found


def survivors(*marks):
    """(pid, command line) of every process whose command line or name holds one of ``marks``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            name = (entry / "comm").read_text().strip()
        except OSError:
            continue
        if any(mark in command or mark[:15] == name for mark in marks):
            found.append((int(entry.name), command[:300] or name))
    return found


# ---------------------------------------------------------------------------------------------------------------
# One class graded.


@dataclass
class GradedClass:
    mode: str
    base: Path
    out: Path
    result: subprocess.CompletedProcess
    seconds: float
    paths: dict
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)
    survivors: list = field(default_factory=list)
    reached: list = field(default_factory=list)
    planted: list = field(default_factory=list)

    @property
    def graded(self):
        return json.loads((self.out / "class.json").read_text())["submissions"]

    def results_text(self, name):
        return (self.out / name / "results.json").read_text()

    def feedback(self, name):
        return (self.out / "feedback" / f"{name}.md").read_text()

    def reports(self, name):
        """What the attack of submission ``name`` reported, for a failing assertion's message."""
        messages = "\n".join(result["message"] for result in self.graded[name]["results"])
        found = [line for line in re.findall(r"REPORT\[(.*)", messages) if not line.startswith('" +')]
        return "\n  ".join(dict.fromkeys(line[:1500] for line in found or messages.splitlines()[:8]))


def make_zips(folder):
    """The bad zips: each must cost only its own row."""
    good = io.BytesIO()
    with zipfile.ZipFile(good, "w") as archive:
        archive.writestr("ex04_zero_pad.py", "def zero_pad(x, pad):\n    return x\n" * 50)
    (folder / "zip_truncated.zip").write_bytes(good.getvalue()[: len(good.getvalue()) // 2])
    (folder / "zip_not_a_zip.zip").write_bytes(secrets.token_bytes(4000))
    with zipfile.ZipFile(folder / "zip_with_a_link.zip", "w") as archive:
        link = zipfile.ZipInfo("ex04_zero_pad.py")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, str(ROOT / "solutions" / "ex04_zero_pad.py"))
    return [folder / f"{name}.zip" for name in BAD_ZIPS]


def balanced(weighed):
    """The items of ``weighed`` ((weight, item) pairs) in the order that shares them evenly between the two
    grading processes (grade hands the submissions out in turn): each to the lighter, then interleaved."""
    bins, loads = ([], []), [0.0, 0.0]
    for weight, item in sorted(weighed, key=lambda pair: -pair[0]):
        lighter = min((0, 1), key=lambda index: (loads[index], len(bins[index])))
        bins[lighter].append(item)
        loads[lighter] += weight
    order = []
    for index in range(max(map(len, bins))):
        order += [bins[b][index] for b in (0, 1) if index < len(bins[b])]
    return order


def grade_hostile_class(base, mode):
    """Grades every case of ``mode`` beside ``honest`` and the bad zips, in one ``grade`` run; returns what
    changed, what survived and what was reached."""
    if mode == "bubblewrap":
        from course import sandbox

        if sandbox.bubblewrap_refused():
            pytest.skip(f"bubblewrap cannot start here: {sandbox.bubblewrap_refused()}")
    else:
        try:
            import landlock

            landlock.Ruleset()
        except Exception as error:
            pytest.skip(f"no Landlock here: {error}")
    subs, hidden, victim, out, hosttmp = (base / name for name in ("subs", "hidden", "victim", "out", "hosttmp"))
    for folder in (subs, hidden, victim, out / "previous", hosttmp):
        folder.mkdir(parents=True)
    (out / "canary.txt").write_text(CANARIES["grades"])
    (out / "previous" / "results.json").write_text(json.dumps({"score": 42, "note": CANARIES["grades"]}))
    for name in ("rename-me.txt", "truncate-me.txt", "delete-me.txt", "chmod-me.txt"):
        (victim / name).write_text(CANARIES["victim"])
    (hidden / "test_ex02_hidden.py").write_text(HIDDEN_TEST.replace("__CANARY__", CANARIES["hidden test"]))
    listener = Listener()
    site = Path(sysconfig.get_paths()["purelib"])
    paths = {"root": str(ROOT), "solution": str(ROOT / "solutions" / "ex04_zero_pad.py"), "hidden": str(hidden),
             "hidden_file": str(hidden / "test_ex02_hidden.py"), "subs": str(subs),
             "honest_file": str(subs / "honest" / "ex04_zero_pad.py"), "out": str(out), "hosttmp": str(hosttmp),
             "victim": str(victim), "site": str(site), "mode": mode, "token": TOKEN, "port": listener.port,
             "abstract": listener.abstract,
             "base_site": str(Path(sys.base_prefix, "lib", f"python{sys.version_info[0]}.{sys.version_info[1]}",
                                   "site-packages"))}  # fmt: skip
    exercises = LEGIT_BY_MODE[mode]
    honest = subs / "honest"
    honest.mkdir()
    for number in map(int, exercises.split(",")):
        module = find(number).module
        (honest / f"{module}.py").write_text(f"# {CANARIES['classmate']}\n{student_version(module)}")
    for case in cases(mode):
        (subs / case.name).mkdir()
        for file, source in case.files.items():
            source = source.replace("__P__", repr({**paths, "case": case.name}))
            (subs / case.name / file).write_text(source.replace("__LONG_COMMENT__", "c" * 300_000))
    weighed = [(HONEST_WEIGHT[mode], honest), *((case.weight, subs / case.name) for case in cases(mode))]
    submissions = balanced(weighed) + make_zips(subs)
    graded = GradedClass(mode, base, out, None, 0.0, paths)
    graded.before = {"project": project_prints(), "subs": folder_prints(subs), "hidden": folder_prints(hidden),
                     "victim": folder_prints(victim), "out": folder_prints(out)}  # fmt: skip
    env = {"EXERCISES_TEST_SECRET": SECRET, "TMPDIR": str(hosttmp),
           "EXERCISES_SANDBOX": "fallback" if mode == "fallback" else ""}  # fmt: skip
    started = time.monotonic()
    try:
        graded.result = run_module("exercises", "grade", *submissions, "--out", out, "--hidden", hidden,
                                   "--exercises", exercises, "--jobs", "2", timeout=RUN_SECONDS[mode],
                                   env_extra=env)  # fmt: skip
    finally:
        graded.seconds = time.monotonic() - started
        time.sleep(1.5)  # a survivor would still write its markers now
        graded.survivors = survivors(str(hosttmp), "hx" + TOKEN)
        for pid, _ in graded.survivors:  # started by this test's submissions: stopped by their ids
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        listener.close()
        graded.reached = list(listener.reached)
        graded.after = {"project": project_prints(), "subs": folder_prints(subs), "hidden": folder_prints(hidden),
                        "victim": folder_prints(victim), "out": folder_prints(out)}  # fmt: skip
        graded.planted = files_carrying_the_token()
        for path in graded.planted:  # an attack's file outside the test's folders: gone again
            with contextlib.suppress(OSError):
                os.unlink(path)
    print(f"\n{mode}: {len(submissions)} submissions graded in {graded.seconds:.0f} s")
    return graded


HIDDEN_TEST = '''\
"""The teacher's hidden check of exercise 2: an input no student has seen."""

import numpy as np

from course.harness import compare, load

correlate2d = load("ex02_correlate2d").correlate2d

# __CANARY__


def test_a_distinctive_image():
    image = np.full((4, 5), 987.25)
    image[1, 2] = -3.5
    kernel = np.array([[1.0, -1.0], [0.5, 2.0]])
    windows = np.lib.stride_tricks.sliding_window_view(image, kernel.shape)
    compare(correlate2d(image, kernel), (windows * kernel).sum(axis=(-2, -1)), "a distinctive image")
'''


@pytest.fixture(scope="module")
def bubblewrap_class(tmp_path_factory):
    return grade_hostile_class(tmp_path_factory.mktemp("hostile-bubblewrap"), "bubblewrap")


@pytest.fixture(scope="module")
def fallback_class(tmp_path_factory):
    return grade_hostile_class(tmp_path_factory.mktemp("hostile-fallback"), "fallback")


MODES = ("bubblewrap", "fallback")


def graded_in(request, mode):
    return request.getfixturevalue(f"{mode}_class")


def outputs(graded):
    """{path: text} of every file the grader wrote, and of what the grade command printed."""
    texts = {str(path.relative_to(graded.out)): path.read_text(errors="replace") for path in graded.out.rglob("*")
             if path.is_file() and path.name not in ("canary.txt",) and "previous" not in path.parts}  # fmt: skip
    texts["grade's stdout and stderr"] = graded.result.stdout + graded.result.stderr
    return texts


# ---------------------------------------------------------------------------------------------------------------
# The tests.


# Attacks the sandbox does not stop yet, each said in the README's "What it does not promise". strict: the
# day one is stopped, its test fails until it leaves this list.
NOT_STOPPED = {
    "thread_bomb": "a worker's threads are not counted: RLIMIT_NPROC does not apply to root, and no pids cgroup",
    "keras_forged_fit": "the Keras drivers run in the student's process, which can patch Keras's fit",
    ("fallback", "disk_bomb"): "the fallback's scratch folder is on the host's disk, limited per file only",
}


def known_escape(mode, case):
    reason = NOT_STOPPED.get(case.name) or NOT_STOPPED.get((mode, case.name))
    return [pytest.mark.xfail(reason=reason, strict=True)] if reason else []


@pytest.mark.parametrize(
    "mode, case",
    [pytest.param(mode, case, marks=known_escape(mode, case)) for mode in MODES for case in cases(mode)],
    ids=lambda one: getattr(one, "name", one),
)
def test_a_hostile_submission_earns_nothing_and_reaches_nothing(request, mode, case):
    graded = graded_in(request, mode)
    assert graded.result.returncode == 0, graded.result.stderr[-3000:]
    entry, problems = graded.graded[case.name], []
    total = sum(entry["scores"].values())
    if total > case.points:
        problems.append(f"it earned {total:g} points, where {case.points:g} were its own")
    texts = graded.results_text(case.name) + graded.feedback(case.name)
    escapes = sorted(set(re.findall(ESCAPED + r"[^|\]\\]{0,160}", texts)))
    if escapes:
        problems.append(f"it got through: {escapes}")
    secrets_shown = {**CANARIES, "secret": SECRET, "solutions": SOLUTION_TEXT}
    leaked = [what for what, canary in secrets_shown.items() if canary in texts]
    if leaked:
        problems.append(f"its feedback or results hold the canaries of {leaked}")
    if "_ _ _ _ _" in graded.feedback(case.name):
        problems.append("its feedback shows pytest's traceback of an error in the checks")
    size = len(graded.results_text(case.name).encode())
    if size > MAX_RESULTS_BYTES:
        problems.append(f"its results.json is {size:,} bytes")
    # The budget counts the student's time; the wall clock also holds the checks' own work, slower on a busy
    # machine. So the bound is generous: it tells a budget kept from the 336x an unbudgeted sleeper took.
    budget = LOAD_FACTOR * sum(exercise.grading_seconds + exercise.import_seconds + SLACK_SECONDS
                               for exercise in case.exercises)  # fmt: skip
    print(f"{case.name}: visible checks {entry['seconds']:g} s (bound {budget:g} s)")
    if entry["seconds"] > budget:
        problems.append(f"its visible checks took {entry['seconds']:g} s, more than {LOAD_FACTOR}x its exercises' "
                        f"grading budgets and one import each ({budget:g} s)")  # fmt: skip
    if case.check:
        problems += case.check(graded, case)
    said = f"{case.name} ({case.why}) reported:\n  {graded.reports(case.name)}"
    assert not problems, f"{case.name}: " + "; ".join(problems) + f".\n{said}"


@pytest.mark.parametrize("mode", MODES)
def test_the_honest_submission_keeps_full_marks(request, mode):
    graded = graded_in(request, mode)
    honest = graded.graded["honest"]
    expected = {find(number).module: find(number).points for number in map(int, LEGIT_BY_MODE[mode].split(","))}
    assert honest["scores"] == expected, graded.reports("honest")
    row = next(row for row in csv.DictReader((graded.out / "grades.csv").open()) if row["submission"] == "honest")
    assert float(row["total"]) == sum(expected.values())


@pytest.mark.parametrize("mode", MODES)
def test_nothing_outside_the_grading_scratch_changed(request, mode):
    graded, problems = graded_in(request, mode), []
    for folder in ("subs", "hidden", "victim"):  # the test's own: nothing else writes there
        changed = {name for name in graded.before[folder].keys() | graded.after[folder].keys()
                   if graded.before[folder].get(name) != graded.after[folder].get(name)}  # fmt: skip
        if changed:
            problems.append(f"{folder}/ changed: {sorted(changed)}")
    before, after = graded.before["out"], graded.after["out"]
    if {name: after.get(name) for name in before} != before:
        problems.append("the grades folder's earlier files changed")
    names = [*graded.graded, *BAD_ZIPS]
    written = {"grades.csv", "class.json", "feedback"} | {f"feedback/{name}.md" for name in names}
    written |= {name for submission in names for name in (submission, f"{submission}/results.json")}
    extra = sorted(set(after) - set(before) - written)
    if extra:
        problems.append(f"the grades folder holds files that grading does not write: {extra}")
    project = {name for name in graded.before["project"].keys() | graded.after["project"].keys()
               if graded.before["project"].get(name) != graded.after["project"].get(name)}  # fmt: skip
    hostile = sorted(name for name in project if written_by_an_attack(ROOT / name))
    if hostile:
        problems.append(f"an attack changed the project's files: {hostile}")
    if graded.planted:
        problems.append(f"an attack left files beside the project, in site-packages or /dev/shm: {graded.planted}")
    beside = sorted(path.name for path in graded.base.iterdir())
    if beside != ["hidden", "hosttmp", "out", "subs", "victim"]:
        problems.append(f"files appeared beside the grades folder: {beside}")
    left = sorted(str(path.relative_to(graded.base)) for path in (graded.base / "hosttmp").rglob("*"))
    if left:
        problems.append(f"the grader's temporary folder holds leftovers: {left[:10]}")
    assert not problems, "; ".join(problems)


@pytest.mark.parametrize("mode", MODES)
def test_no_process_of_a_submission_outlives_grading(request, mode):
    graded = graded_in(request, mode)
    assert not graded.survivors, f"processes left running after grading (now stopped): {graded.survivors}"


@pytest.mark.parametrize("mode", MODES)
def test_nothing_reached_the_grader_s_sockets(request, mode):
    graded = graded_in(request, mode)
    assert not graded.reached, f"submissions reached this test's TCP port or abstract socket: {graded.reached}"


@pytest.mark.parametrize("mode", MODES)
def test_the_grader_s_secret_and_the_canaries_reach_no_output(request, mode):
    graded = graded_in(request, mode)
    for path, text in outputs(graded).items():
        assert SECRET not in text, f"the grader's secret is in {path}"
        leaked = [what for what, canary in CANARIES.items() if canary in text]
        assert not leaked, f"{path} holds the canary of {leaked}"


@pytest.mark.parametrize("mode", MODES)
def test_bad_zips_cost_only_their_own_row(request, mode):
    graded = graded_in(request, mode)
    rows = {row["submission"]: row for row in csv.DictReader((graded.out / "grades.csv").open())}
    for name in BAD_ZIPS:
        assert float(rows[name]["total"]) == 0 and rows[name]["note"].startswith("unreadable submission:"), rows[name]
    assert set(rows) == {*BAD_ZIPS, "honest", *(case.name for case in cases(mode))}


@pytest.mark.parametrize("mode", MODES)
def test_the_class_is_graded_in_time_and_says_how_it_was_isolated(request, mode):
    graded = graded_in(request, mode)
    assert graded.result.returncode == 0, graded.result.stderr[-3000:]
    assert graded.seconds < RUN_SECONDS[mode]
    output = json.loads(graded.results_text("honest"))["output"]
    assert f"Isolation: {mode}" in output, output


# ---------------------------------------------------------------------------------------------------------------
# Names a student chooses for the file handed in.


@pytest.fixture(scope="module")
def named_class(tmp_path_factory):
    """A class where two zips are named by students to land outside their row: '...zip' (its name is '..')
    and 'grades.csv.zip' (its row's folder would be the grades table)."""
    from course import sandbox

    if sandbox.unavailable():
        pytest.skip(sandbox.unavailable())
    base = tmp_path_factory.mktemp("hostile-names")
    subs, out, hosttmp = base / "subs", base / "out", base / "hosttmp"
    for folder in (subs, out, hosttmp):
        folder.mkdir()
    wrong = "import numpy as np\n\n\ndef zero_pad(x, pad):\n    return np.zeros((1, 1, 1, 1))\n"
    for name in ("...zip", "grades.csv.zip"):
        with zipfile.ZipFile(subs / name, "w") as archive:
            archive.writestr("ex04_zero_pad.py", wrong)
    (subs / "honest").mkdir()
    (subs / "honest" / "ex04_zero_pad.py").write_text(student_version("ex04_zero_pad"))
    started = time.monotonic()
    result = run_module("exercises", "grade", subs / "...zip", subs / "grades.csv.zip", subs / "honest", "--out", out,
                        "--exercises", "4", "--jobs", "2", timeout=RUN_SECONDS["names"],
                        env_extra={"TMPDIR": str(hosttmp), "EXERCISES_TEST_SECRET": SECRET})  # fmt: skip
    return base, result, time.monotonic() - started


def test_names_chosen_by_students_keep_their_rows_in_the_grades_folder(named_class):
    base, result, seconds = named_class
    out = base / "out"
    assert result.returncode == 0, f"grading the class failed: {result.stderr[-1500:]}"
    rows = {row["submission"]: row for row in csv.DictReader((out / "grades.csv").open())}
    assert float(rows["honest"]["total"]) == 10 and len(rows) == 3, rows
    assert sorted(path.name for path in base.iterdir()) == ["hosttmp", "out", "subs"], "written beside the grades"
    assert not list((base / "hosttmp").iterdir()), "written into the grader's temporary folder, and left there"
