"""The warm parents that fork grading's workers (course/zygote.py) hold no secret and keep no leftovers.

A forked worker has a copy of all of its zygote's memory, and one zygote forks the
workers of every submission a grading process checks. So two submissions are graded
one after the other by ONE grading process (``--jobs 1``), in each sandbox:

- ``first`` carries a marker in its source, raises an error whose message carries
  another (a result the grader keeps), and tries to leave things behind for the next
  worker: a file in its temporary folder and home, an open descriptor, a module in
  sys.modules, attributes on NumPy and builtins, an environment variable;
- the teacher's hidden test carries a marker, and imports a reference module carrying
  one, in the grading process;
- ``second`` then scans every readable byte of its own process for those markers (it
  holds only their SHA-256, so its scan cannot find itself), and looks for what
  ``first`` left. Its own marker, in its source, must be found: the scan works.
"""

import hashlib
import json
import secrets
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from course.catalog import find
from tests.conftest import ROOT, run_module

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("zygote")]

MARKERS = {label: f"MRK{secrets.token_hex(12)}" for label in ("hidden test", "reference", "first's source",
                                                                  "first's result", "second's source")}  # fmt: skip

FIRST = '''
import builtins, os, sys, tempfile, types
import numpy

SOURCE_MARKER = "__SOURCE__"


def _leave():
    left = []
    for folder in (tempfile.gettempdir(), os.path.expanduser("~"), os.getcwd()):
        try:
            with open(os.path.join(folder, "leftover.txt"), "w") as file:
                file.write("left")
            left.append(f"a file in {folder}")
        except OSError as error:
            left.append(f"no file in {folder}: {error}")
    global _kept
    _kept = os.open(os.path.join(tempfile.gettempdir(), "leftover.txt"), os.O_RDONLY)
    left.append("an open descriptor")
    sys.modules["leftover_module"] = types.ModuleType("leftover_module")
    numpy.leftover = builtins.leftover = "left"
    os.environ["LEFTOVER"] = "left"
    return left


def zero_pad(x, pad):
    left = _leave()
    result = "MRK" + "__RESULT_REVERSED__"[::-1]
    raise RuntimeError(f"FIRST-LEFT {left} {result}")
'''

SECOND = '''
import builtins, glob, hashlib, os, sys
import numpy

SOURCE_MARKER = "__SOURCE__"
WANTED = __HASHES__


def _scan():
    found = set()
    with open("/proc/self/maps") as maps, open("/proc/self/mem", "rb", buffering=0) as memory:
        for line in maps:
            span, permissions = line.split()[:2]
            if not permissions.startswith("r"):
                continue
            start, end = (int(part, 16) for part in span.split("-"))
            for offset in range(start, end, 1 << 24):
                try:
                    memory.seek(offset)
                    chunk = memory.read(min(1 << 24, end - offset) + 26)
                except (OSError, OverflowError, ValueError):
                    break
                at = chunk.find(b"MRK")
                while at != -1:
                    label = WANTED.get(hashlib.sha256(chunk[at : at + 27]).hexdigest())
                    if label:
                        found.add(label)
                    at = chunk.find(b"MRK", at + 1)
    return sorted(found)


def _leftovers():
    seen = []
    for pattern in ("/tmp/**/leftover.txt", os.path.expanduser("~") + "/**/leftover.txt", "leftover.txt"):
        seen += glob.glob(pattern, recursive=True)
    for fd in os.listdir("/proc/self/fd"):
        try:
            if "leftover" in os.readlink(f"/proc/self/fd/{fd}"):
                seen.append(f"descriptor {fd}")
        except OSError:
            pass
    seen += [name for name in ("leftover_module",) if name in sys.modules]
    seen += [f"{where.__name__}.leftover" for where in (numpy, builtins) if hasattr(where, "leftover")]
    seen += ["LEFTOVER variable"] if "LEFTOVER" in os.environ else []
    return seen


_found = []


def zero_pad(x, pad):
    _found[:] = _found or [_scan(), _leftovers()]  # once per worker: a scan takes a second or two
    raise RuntimeError(f"SECOND-FOUND {_found[0]} LEFTOVERS {_found[1]}")
'''

HIDDEN = '''
import importlib.util
from pathlib import Path

from course.harness import load

# A teacher's reference module, loaded by the hidden test in the grading process.
spec = importlib.util.spec_from_file_location("reference", Path(__file__).with_name("reference.py"))
spec.loader.exec_module(importlib.util.module_from_spec(spec))

MARKER = "__HIDDEN__"
zero_pad = load("ex04_zero_pad").zero_pad


def test_hidden_zero_pad():
    import numpy as np

    zero_pad(np.ones((1, 2, 3, 1)), 1)
'''


def hashes():
    return {hashlib.sha256(marker.encode()).hexdigest(): label for label, marker in MARKERS.items()}


def submissions(folder):
    """``first`` and ``second``: exercise 4, the attack in place of its answer."""
    sources = {
        "first": FIRST.replace("__SOURCE__", MARKERS["first's source"])
        .replace("__RESULT_REVERSED__", MARKERS["first's result"][3:][::-1]),
        "second": SECOND.replace("__SOURCE__", MARKERS["second's source"]).replace("__HASHES__", repr(hashes())),
    }  # fmt: skip
    paths = []
    for name, attack in sources.items():
        (folder / name).mkdir()
        (folder / name / "ex04_zero_pad.py").write_text(textwrap.dedent(attack))
        paths.append(folder / name)
    return paths


@pytest.fixture(scope="module", params=["bubblewrap", "fallback"])
def graded(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"zygote-{request.param}")
    hidden = folder / "hidden"
    hidden.mkdir()
    (hidden / "test_ex04_markers.py").write_text(HIDDEN.replace("__HIDDEN__", MARKERS["hidden test"]))
    (hidden / "reference.py").write_text(f'MARKER = "{MARKERS["reference"]}"\n')
    env = {"EXERCISES_SANDBOX": "fallback"} if request.param == "fallback" else {}
    done = run_module("exercises", "grade", *submissions(folder), "--out", folder / "grades", "--hidden", hidden,
                      "--exercises", find("ex04_zero_pad").number, "--jobs", 1, env_extra=env, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    messages = {}
    for name in ("first", "second"):
        results = json.loads((folder / "grades" / "class.json").read_text())["submissions"][name]["results"]
        messages[name] = "\n".join(result["message"] for result in results)
    return messages


def test_the_first_did_leave_things_in_its_own_process(graded):
    assert "FIRST-LEFT" in graded["first"], graded["first"][-2000:]
    assert "an open descriptor" in graded["first"]
    assert "a file in" in graded["first"] and MARKERS["first's result"] in graded["first"]


def test_the_scan_finds_its_own_marker_and_no_one_elses(graded):
    assert "SECOND-FOUND" in graded["second"], graded["second"][-2000:]
    found = graded["second"].split("SECOND-FOUND ", 1)[1].split(" LEFTOVERS", 1)[0]
    assert found == str(["second's source"]), graded["second"][-2000:]


def test_nothing_the_first_left_reaches_the_second(graded):
    leftovers = graded["second"].split(" LEFTOVERS ", 1)[1].splitlines()[0]
    assert leftovers == "[]", graded["second"][-2000:]


def test_a_lone_submissions_shared_zygote_holds_nothing_secret(tmp_path):
    # A lone submission is checked in parts by two grading processes at once, forked by a warm parent
    # that started the zygotes they share: neither that parent nor the zygote has the hidden tests,
    # which the grading processes load, nor the submission, which reaches only the worker.
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    for exercise in ("ex03", "ex04"):
        (hidden / f"test_{exercise}_markers.py").write_text(HIDDEN.replace("__HIDDEN__", MARKERS["hidden test"]))
    (hidden / "reference.py").write_text(f'MARKER = "{MARKERS["reference"]}"\n')
    _, second = submissions(tmp_path)
    (second / "ex03_output_size.py").write_text((ROOT / "exercises" / "ex03_output_size.py").read_text())
    done = run_module("exercises", "grade", second, "--out", tmp_path / "grades", "--hidden", hidden,
                      "--exercises", "3,4", "--jobs", 2, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads((tmp_path / "grades" / "class.json").read_text())["submissions"]["second"]["results"]
    message = "\n".join(result["message"] for result in results)
    assert "SECOND-FOUND" in message, message[-2000:]
    found = message.split("SECOND-FOUND ", 1)[1].split(" LEFTOVERS", 1)[0]
    assert found == str(["second's source"]), message[-2000:]


def test_a_venv_under_tmp_is_readable_in_the_sandbox(tmp_path):
    # The workers' scratch folders are the one place of the sandbox a worker may not read (but for its own):
    # a venv (or a clone) under the host's /tmp must stay readable, or TensorFlow's lazy imports fail.
    venv = tmp_path / "venv"
    venv.symlink_to(Path(sys.prefix))
    assert str(venv).startswith("/tmp/")
    done = subprocess.run([str(venv / "bin" / "python"), "-m", "exercises", "grade", "--self-check", "--exercises",
                           "13"], cwd=ROOT, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0 and "full marks" in done.stdout, done.stdout[-2000:] + done.stderr[-2000:]
