"""``python -m exercises grade`` and ``report`` on a generated class: exact scores, valid Gradescope files,
hostile submissions that get nothing for what they tamper with, and the class's mistakes with their shares."""

import csv
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import jsonschema
import pytest

from course.catalog import find
from course.teacher.scores import Rules, score
from tests.conftest import ROOT, run_module

GRADED = [find(number) for number in range(1, 9)]
COMMON = (ROOT / "solutions/common.py").read_text().split('"""', 2)[2]  # the checks, without the docstring


def student_version(module, *replacements):
    """A solution as a student would hand it in: one self-contained file that imports only its own
    earlier exercises, with ``replacements`` ((old, new) pairs) planting a mistake."""
    source = (ROOT / "solutions" / f"{module}.py").read_text()
    source = re.sub(r"^from solutions\.common import .*$", COMMON, source, flags=re.MULTILINE)
    source = source.replace("from solutions.", "from exercises.")
    for old, new in replacements:
        assert old in source, old
        source = source.replace(old, new)
    return source


FLIPPED = ("np.tensordot(window, filters, axes=3)", "np.tensordot(window, filters[::-1, ::-1], axes=3)")
COUNTS_PADDING = ("np.nan, np.nanmean)", "0.0, np.mean)")
WRONG = "import numpy as np\n\ndef {name}(*args, **kwargs):\n    return np.zeros((1, 1, 1, 1))\n"
HOSTILE = {
    "ex01_convolve1d.py": "import os\n\ndef convolve1d(signal, kernel, mode='full'):\n    os._exit(0)\n",
    "ex02_correlate2d.py": "import sys\nsys.exit(0)\n",
    "ex03_output_size.py": "while True:\n    pass\n",
    "ex04_zero_pad.py": (
        "import numpy as np\nimport course.harness\nimport course.isolation\n"
        "np.allclose = lambda *args, **kwargs: True\n"
        "course.harness.compare = lambda *args, **kwargs: None\n"
        "course.isolation.same = lambda *args: True\n" + WRONG.format(name="zero_pad")
    ),
    "ex05_conv2d.py": "import tensorflow as tf\ntf.nn.conv2d = lambda *args, **kwargs: 0\n"
    + WRONG.format(name="conv2d"),
    "ex06_activations.py": f"exec(open({str(ROOT / 'solutions' / 'ex06_activations.py')!r}).read())\n",
    # {grades} is the grades folder: its results.json would be the grade, were it writable.
    "ex07_pooling.py": (
        "import json\n"
        "open('{grades}/hostile/results.json', 'w').write(json.dumps({{'score': 1000}}))\n"
        + WRONG.format(name="max_pool2d")
    ),
}


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    out = folder / "grades"
    solved = {f"{e.module}.py": student_version(e.module) for e in GRADED}
    right = {name: solved[name] for name in ("ex03_output_size.py", "ex04_zero_pad.py")}
    submissions = {
        "solutions": solved,
        "stubs": {f"{e.module}.py": (ROOT / e.stub_path).read_text() for e in GRADED},
        "flipped_1": {**right, "ex05_conv2d.py": student_version("ex05_conv2d", FLIPPED)},
        "flipped_2": {**right, "ex05_conv2d.py": student_version("ex05_conv2d", FLIPPED),
                      "ex07_pooling.py": student_version("ex07_pooling", COUNTS_PADDING)},
        "hostile": {**HOSTILE, "ex07_pooling.py": HOSTILE["ex07_pooling.py"].format(grades=out),
                    "ex08_dense.py": solved["ex08_dense.py"]},
        "broken": {"ex01_convolve1d.py": "def convolve1d(signal kernel):\n",
                   "ex02_correlate2d.py": "def correlate2d(image, kernel, stride=1):\n    while True:\n        pass\n",
                   "ex08_dense.py": solved["ex08_dense.py"]},
    }  # fmt: skip
    paths = []
    for name, files in submissions.items():
        if name == "broken":  # handed in as a zip, in a subfolder
            paths.append(folder / "broken.zip")
            with zipfile.ZipFile(paths[-1], "w") as archive:
                for file, source in files.items():
                    archive.writestr(f"my work/{file}", source)
            continue
        paths.append(folder / name)
        paths[-1].mkdir()
        for file, source in files.items():
            (paths[-1] / file).write_text(source)
    hidden = folder / "teacher"
    hidden.mkdir()
    (hidden / "test_ex01_hidden.py").write_text(
        "import numpy as np\n\nfrom course.harness import compare, load\n\n"
        "convolve1d = load('ex01_convolve1d').convolve1d\n\n\n"
        "def test_a_kernel_longer_than_the_signal():\n"
        "    signal, kernel = np.arange(3.0), np.ones(7)\n"
        "    expected = np.convolve(signal, kernel)\n"
        "    compare(convolve1d(signal, kernel), expected, 'a kernel longer than the signal')\n"
    )
    result = run_module("exercises", "grade", *paths, "--out", out, "--hidden", hidden, "--exercises",
                        ",".join(str(e.number) for e in GRADED), "--no-partial-credit", "--jobs", "2")  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (folder / "stderr.txt").write_text(result.stderr)
    return out


@pytest.mark.slow
def test_progress_is_shown_on_stderr_as_submissions_are_done(graded_class):
    lines = (graded_class.parent / "stderr.txt").read_text().splitlines()
    # one line as each of the six submissions is done, with the time left; the last says how long it all took
    assert [line.split(",")[0].split(" in ")[0] for line in lines] == [f"graded {n} of 6" for n in range(1, 7)], lines
    assert all(re.fullmatch(r"graded \d of 6, about \d+ (s|min \d+ s) left", line) for line in lines[:-1]), lines
    assert re.fullmatch(r"graded 6 of 6 in \d+ (s|min \d+ s)", lines[-1]), lines


def test_a_lone_submission_is_checked_in_parts_each_keras_exercise_apart():
    from course.teacher.grade import parts

    modules = ["ex01_convolve1d", "ex13_keras_layer", "ex14_lenet", "ex23_numpy_cnn"]
    assert parts(modules, processes=1) == [modules]
    # the longest first (catalog's check_seconds): 14 trains LeNet (8 s); 13 and 23 (3 s) keep their order
    apart = [["ex14_lenet"], ["ex13_keras_layer"], ["ex23_numpy_cnn"], ["ex01_convolve1d"]]
    assert parts(modules, processes=2) == parts(modules, processes=3) == apart
    numpy = ["ex01_convolve1d", "ex02_correlate2d", "ex03_output_size", "ex04_zero_pad", "ex05_conv2d"]
    assert parts(numpy, processes=2) == [numpy[:3], numpy[3:]]
    assert parts(modules[:1], processes=2) == [modules[:1]]
    assert parts(modules[1:2], processes=2) == [modules[1:2]]


def test_grading_processes_share_the_cores_threads_and_all(monkeypatch):
    from course.sandbox import THREAD_COUNTS
    from course.teacher.grade import thread_counts

    for name in THREAD_COUNTS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)))
    assert thread_counts(1) == dict.fromkeys(THREAD_COUNTS, "8")
    assert thread_counts(2) == dict.fromkeys(THREAD_COUNTS, "4")
    assert thread_counts(3) == dict.fromkeys(THREAD_COUNTS, "2")
    assert thread_counts(16) == dict.fromkeys(THREAD_COUNTS, "1")
    monkeypatch.setenv("OMP_NUM_THREADS", "3")  # the teacher's own choice stays
    assert thread_counts(2)["OMP_NUM_THREADS"] == "3"


def test_only_a_lone_submissions_grading_processes_share_zygotes():
    from course.teacher.grade import zygotes_to_share

    lone = {"alice": ["ex01_convolve1d", "ex13_keras_layer", "ex14_lenet", "ex23_numpy_cnn", "ex05_conv2d"]}
    assert zygotes_to_share(lone) == [(False, ()), (False, ("scikit-learn",)), (True, ())]
    assert zygotes_to_share({**lone, "bob": ["ex01_convolve1d"]}) == []


@pytest.mark.slow
def test_every_submission_gets_exactly_its_score(graded_class):
    rows = {row["submission"]: row for row in csv.DictReader((graded_class / "grades.csv").open())}
    expected_totals = {"solutions": 80, "stubs": 0, "flipped_1": 20, "flipped_2": 20, "hostile": 10, "broken": 10}
    assert {name: float(row["total"]) for name, row in rows.items()} == expected_totals
    assert float(rows["hostile"]["ex08_dense"]) == 10  # the rest of a hostile submission is graded normally
    for module in ("ex01_convolve1d", "ex02_correlate2d", "ex03_output_size", "ex04_zero_pad", "ex05_conv2d",
                   "ex06_activations", "ex07_pooling"):  # fmt: skip
        assert float(rows["hostile"][module]) == 0, module


@pytest.mark.slow
def test_results_follow_gradescopes_schema_with_hidden_tests_and_tags(graded_class):
    schema = json.loads((ROOT / "tests/data/gradescope_results.schema.json").read_text())
    for path in graded_class.glob("*/results.json"):
        jsonschema.validate(json.loads(path.read_text()), schema)
    solutions = json.loads((graded_class / "solutions/results.json").read_text())
    assert solutions["score"] == 80
    hidden = [test for test in solutions["tests"] if "test_a_kernel_longer_than_the_signal" in test["name"]]
    assert hidden and hidden[0]["visibility"] == "after_published" and hidden[0]["status"] == "passed"
    flipped = json.loads((graded_class / "flipped_2/results.json").read_text())
    tags = {tag for test in flipped["tests"] for tag in test.get("tags", [])}
    assert {"the kernel was flipped", "the padding zeros were counted"} <= tags
    hostile = json.loads((graded_class / "hostile/results.json").read_text())
    assert hostile["score"] == 10  # not the 1000 its ex07 tried to write


@pytest.mark.slow
def test_feedback_is_in_words(graded_class):
    hostile = (graded_class / "feedback/hostile.md").read_text()
    assert hostile.startswith("# hostile: 10 of 80 points")
    assert "exited with status 0 while computing convolve1d" in hostile
    assert "It calls sys.exit(0)" in hostile and "did not finish importing within 10 s" in hostile
    assert "Your code imports tensorflow" in hostile
    # The solutions and the grades folder are not in the sandbox's world at all.
    assert f"No such file or directory: '{ROOT / 'solutions'}" in hostile
    assert f"No such file or directory: '{graded_class}/hostile/results.json'" in hostile
    assert "Traceback" not in hostile
    broken = (graded_class / "feedback/broken.md").read_text()
    assert "SyntaxError at exercises/ex01_convolve1d.py:1" in broken and "did not finish within 8 s" in broken
    flipped = (graded_class / "feedback/flipped_1.md").read_text()
    assert "Likely cause: the kernel was flipped" in flipped


@pytest.mark.slow
def test_report_names_the_planted_mistakes_with_their_shares(graded_class):
    result = run_module("exercises", "report", graded_class)
    assert result.returncode == 0, result.stderr
    assert "33%  exercise 5: the kernel was flipped" in result.stdout  # 2 of 6 submissions
    assert "17%  exercise 7: the padding zeros were counted" in result.stdout  # 1 of 6
    assert re.search(r"^ +8\. Flatten, dense layers and parameter counts +50%$", result.stdout, re.MULTILINE)
    assert (graded_class / "report.png").read_bytes().startswith(b"\x89PNG")


def test_partial_credit_is_the_share_of_checks_passed():
    exercise = find(6)
    results = [{"test": f"t{i}", "outcome": "passed" if i < 3 else "failed", "message": "", "causes": [],
                "hidden": False} for i in range(8)]  # fmt: skip
    total, tests = score(exercise, results, Rules(partial_credit=True))
    assert total == 3.75 and sum(test["max_score"] for test in tests) == pytest.approx(10)
    all_or_nothing = Rules(partial_credit=False)
    assert score(exercise, results, all_or_nothing)[0] == 0
    assert score(exercise, [{**result, "outcome": "passed"} for result in results], all_or_nothing)[0] == 10


@pytest.mark.parametrize(
    "args, message",
    [(["nobody"], "submission nobody does not exist"),
     (["tests", "--hidden", "missing"], "--hidden missing is not a folder of test files"),
     (["tests", "--exercises", "1,99"], "there is no exercise '99'")],
)  # fmt: skip
def test_bad_grade_arguments_are_one_line_and_exit_2(tmp_path, args, message):
    result = run_module("exercises", "grade", *args, "--out", tmp_path / "out")
    assert result.returncode == 2 and message in result.stderr and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_sigterm_stops_every_worker_and_keeps_the_grades_made(tmp_path):
    """SIGTERM to `grade` (as a teacher's Ctrl-C, or a batch system's stop) ends its grading processes and
    sandboxed workers, and still writes grades.csv: the submission not graded is marked so."""
    slow = tmp_path / "slow"
    slow.mkdir()
    (slow / "ex01_convolve1d.py").write_text(
        "import time\n\ndef convolve1d(signal, kernel, mode='full'):\n    time.sleep(7)\n    return signal\n"
    )
    out = tmp_path / "grades"
    env = {name: value for name, value in os.environ.items() if name != "EXERCISES_PACKAGE"}
    grade = subprocess.Popen([sys.executable, "-m", "exercises", "grade", slow, "--out", out, "--exercises", "1"],
                             cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)  # fmt: skip
    deadline, started = time.monotonic() + 240, []
    while not any("course/worker.py" in process["command"] for process in started):  # the event: a worker runs
        assert grade.poll() is None and time.monotonic() < deadline, "no worker started"
        time.sleep(0.2)
        started = descendants(grade.pid)
    grade.send_signal(signal.SIGTERM)
    stdout, stderr = grade.communicate(timeout=120)
    assert grade.returncode == 130, stderr[-2000:]
    assert stderr.strip().splitlines()[-1] == "python -m exercises grade: interrupted"
    rows = list(csv.DictReader((out / "grades.csv").open()))
    assert [(row["submission"], row["total"]) for row in rows] == [("slow", "0")]
    assert rows[0]["note"].startswith("not graded")
    sessions = {process["session"] for process in started} - {os.getsid(0)}
    deadline = time.monotonic() + 30  # SIGKILL is sent; the kernel takes a moment to end a process
    while survivors := [process for process in processes() if process["session"] in sessions]:
        assert time.monotonic() < deadline, survivors
        time.sleep(0.2)


def descendants(pid):
    """The processes that ``pid`` started, and those they started, and so on."""
    found, every = [], processes()
    parents = {pid}
    while True:
        children = [process for process in every if process["ppid"] in parents and process not in found]
        if not children:
            return found
        found += children
        parents = {process["pid"] for process in children}


def processes():
    """Every running process of the machine: pid, parent, session and command line."""
    table = []
    for entry in (path for path in Path("/proc").iterdir() if path.name.isdigit()):
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":  # a zombie has ended already: only its exit status is left, for its parent
            table.append({"pid": int(entry.name), "ppid": int(fields[1]), "session": int(fields[3]),
                          "command": command})  # fmt: skip
    return table
