"""``python -m exercises autograder``: the Gradescope bundle, unpacked into a temporary root laid out like
Gradescope's and run there on a real submission, both ways the sandbox can be built; the same score as
``python -m exercises grade``; a results.json, score 0 and the reason, whatever fails; one-line usage errors.

Gradescope would run the bundle's setup.sh to build a venv at /autograder/venv from PyPI. A test downloads
nothing, so ``run_autograder`` runs here with this venv's ``python3`` first on the PATH instead (with no
``venv`` in the root, that is the interpreter it picks), and ``AUTOGRADER_ROOT`` pointing at the temporary
root. setup.sh itself is only checked for its syntax (``bash -n``)."""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest

from course import sandbox
from course.teacher.selfcheck import student_version
from tests.conftest import ROOT, run_module

# The graded tests share one bundle and one set of runs: on one xdist worker, built once.
pytestmark = pytest.mark.xdist_group("test_autograder")

SCHEMA = json.loads((ROOT / "tests/data/gradescope_results.schema.json").read_text())
HIDDEN_TEST = (
    "import numpy as np\n\nfrom course.harness import compare, load\n\n"
    "convolve1d = load('ex01_convolve1d').convolve1d\n\n\n"
    "def test_a_kernel_longer_than_the_signal():\n"
    "    signal, kernel = np.arange(3.0), np.ones(7)\n"
    "    compare(convolve1d(signal, kernel), np.convolve(signal, kernel), 'a kernel longer than the signal')\n"
)
FLIPPED = ("np.sum(window * kernel)", "np.sum(window * kernel[::-1, ::-1])")  # a convolution, not a correlation
# Exercise 1 right: 10 of 10 (its 15 visible checks and the hidden one). Exercise 2 with its kernel flipped:
# 2 of its 11 checks count (its bad-input checks do not, beside failing value checks): 10 * 2 / 11.
EXPECTED_SCORE = 11.82
LEFT_OUT = ("solutions/", "tests/", ".git", "notebooks/", "docs/", "benchmarks/")


def environment(**extra):
    env = {name: value for name, value in os.environ.items() if name not in ("EXERCISES_PACKAGE", "EXERCISES_SANDBOX")}
    return {**env, **extra}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bundle")
    hidden = folder / "teacher"
    hidden.mkdir()
    (hidden / "test_ex01_hidden.py").write_text(HIDDEN_TEST)
    result = run_module("exercises", "autograder", "--out", folder / "autograder.zip", "--hidden", hidden,
                        "--exercises", "1,2")  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 hidden test file" in result.stdout and "Exercises 1, 2" in result.stdout
    return folder / "autograder.zip", hidden


def unpack(zip_path, root):
    """Lays out ``root`` as Gradescope does: the zip in source/ (with its files' modes), run_autograder
    copied to the root, and an empty submission/ folder."""
    with zipfile.ZipFile(zip_path) as archive:
        for info in archive.infolist():
            target = Path(archive.extract(info, root / "source"))
            target.chmod((info.external_attr >> 16) & 0o777)
    shutil.copy2(root / "source" / "run_autograder", root / "run_autograder")
    (root / "submission").mkdir()
    return root


def hand_in(folder):
    """A student's real submission: exercise 1 right, exercise 2 with a planted mistake, and a stray file."""
    (folder / "ex01_convolve1d.py").write_text(student_version("ex01_convolve1d"))
    (folder / "ex02_correlate2d.py").write_text(student_version("ex02_correlate2d", FLIPPED))
    (folder / "notes.txt").write_text("not graded\n")


def start_autograder(root, **extra):
    """Starts root/run_autograder as Gradescope does, in the root, with this venv's python3 first on the PATH."""
    env = environment(AUTOGRADER_ROOT=str(root), PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}", **extra)
    with open(root.parent / "stdout", "w") as log:  # the child writes to its own copy
        return subprocess.Popen([str(root / "run_autograder")], cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)


def finish(process, log_path, timeout=300):
    process.wait(timeout=timeout)
    return process.returncode, Path(log_path).read_text()


@pytest.fixture(scope="module")
def runs(bundle, tmp_path_factory):
    """{"strongest", "fallback": the bundle's results.json; "grade": grade's} of one submission, all three
    graded at once (each is mostly one process waiting on another)."""
    zip_path, hidden = bundle
    roots, processes = {}, {}
    for way, extra in (("strongest", {}), ("fallback", {"EXERCISES_SANDBOX": "fallback"})):
        roots[way] = unpack(zip_path, tmp_path_factory.mktemp(way) / "autograder")
        hand_in(roots[way] / "submission")
        processes[way] = start_autograder(roots[way], **extra)
    grades = tmp_path_factory.mktemp("grade")
    command = [sys.executable, "-m", "exercises", "grade", str(roots["strongest"] / "submission"), "--out",
               str(grades / "out"), "--hidden", str(hidden), "--exercises", "1,2"]  # fmt: skip
    with open(grades / "stdout", "w") as log:
        processes["grade"] = subprocess.Popen(command, cwd=ROOT, env=environment(PYTHONPATH=str(ROOT)), stdout=log,
                                              stderr=subprocess.STDOUT)  # fmt: skip
    found = {}
    for way, root in roots.items():
        status, output = finish(processes[way], root.parent / "stdout")
        assert status == 0, output[-3000:]
        found[way] = json.loads((root / "results" / "results.json").read_text())
    status, output = finish(processes["grade"], grades / "stdout")
    assert status == 0, output[-3000:]
    found["grade"] = json.loads((grades / "out" / "submission" / "results.json").read_text())
    return found


def test_the_bundle_holds_what_gradescope_runs_and_nothing_secret(bundle, tmp_path):
    zip_path, _ = bundle
    with zipfile.ZipFile(zip_path) as archive:
        infos = {info.filename: info for info in archive.infolist()}
        options = json.loads(archive.read("autograder.json"))
    for script in ("setup.sh", "run_autograder"):  # at the zip's root, executable
        assert (infos[script].external_attr >> 16) & 0o111, script
    for needed in ("requirements.txt", "pyproject.toml", "course/teacher/grade.py", "course/sandbox.py",
                   "exercises/ex01_convolve1d.py", "exercises/tests/test_ex01_convolve1d.py", "models/files.py",
                   "hidden/test_ex01_hidden.py"):  # fmt: skip
        assert needed in infos, needed
    assert not [name for name in infos if name.startswith(LEFT_OUT) or "__pycache__" in name or "/." in name]
    assert options == {"exercises": ["ex01_convolve1d", "ex02_correlate2d"], "partial_credit": True,
                       "hidden_gate": True, "hidden": "hidden", "hidden_tests": ["test_ex01_hidden.py"]}  # fmt: skip
    root = unpack(zip_path, tmp_path / "autograder")
    for script in ("setup.sh", "run_autograder"):
        checked = subprocess.run(["bash", "-n", str(root / "source" / script)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr


@pytest.mark.slow
def test_setup_stores_what_the_checks_train_where_run_autograder_looks(tmp_path):
    built = run_module("exercises", "autograder", "--out", tmp_path / "autograder.zip", "--exercises", "30,31")
    assert built.returncode == 0, built.stdout + built.stderr
    root = unpack(tmp_path / "autograder.zip", tmp_path / "autograder")
    for script in ("setup.sh", "run_autograder"):  # both look in the same folder
        assert 'export XDG_CACHE_HOME="$ROOT/cache"' in (root / "source" / script).read_text(), script
    source = root / "source"
    stored = run_module("course.teacher.autograder", "--store", cwd=source,
                        env_extra={"PYTHONPATH": str(source), "XDG_CACHE_HOME": str(root / "cache")})  # fmt: skip
    assert stored.returncode == 0, stored.stdout + stored.stderr
    assert "ex31-trained-base, ex31-random-base-accuracies" in stored.stdout
    kept = sorted(path.name.rsplit("-", 1)[0] for path in (root / "cache" / "cnn-zoo-exercises").glob("*.npz"))
    assert kept == ["ex31-random-base-accuracies", "ex31-trained-base"]
    outside = run_module("course.teacher.autograder", "--store")  # in a clone, not a bundle: one line
    assert outside.returncode == 2 and outside.stdout == "", outside.stdout + outside.stderr
    assert outside.stderr.strip().splitlines() == [f"--store is setup.sh's step in an unpacked bundle; {ROOT} has no "
                                                   "autograder.json"]  # fmt: skip


def test_the_same_options_make_the_same_zip_written_whole(tmp_path):
    from course.catalog import find
    from course.teacher.autograder import build_bundle
    from course.teacher.scores import Rules

    rules = Rules(partial_credit=False, hidden_gate=False)
    first = build_bundle(tmp_path / "a.zip", exercises=[find(3)], rules=rules)
    second = build_bundle(tmp_path / "b.zip", exercises=[find(3)], rules=rules)
    assert first["path"].read_bytes() == second["path"].read_bytes()
    assert first["options"] == {"exercises": ["ex03_output_size"], "partial_credit": False, "hidden_gate": False,
                                "hidden": None, "hidden_tests": []}  # fmt: skip
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.zip", "b.zip"]  # no temporary file left


@pytest.mark.slow
def test_results_follow_gradescopes_schema_with_the_right_score_and_tests(runs):
    results = runs["strongest"]
    jsonschema.validate(results, SCHEMA)
    assert results["score"] == EXPECTED_SCORE
    assert results["output"].startswith(f"submission: {EXPECTED_SCORE:g} of 20 points.")
    tests = results["tests"]
    assert all({"name", "score", "max_score", "output", "visibility"} <= test.keys() for test in tests)
    assert round(sum(test["score"] for test in tests), 2) == EXPECTED_SCORE
    first = [test for test in tests if test["name"].startswith("Exercise 1 ")]
    second = [test for test in tests if test["name"].startswith("Exercise 2 ")]
    assert len(first) + len(second) == len(tests)
    assert all(test["score"] == test["max_score"] and test["output"] == "Passed." for test in first)
    assert round(sum(test["max_score"] for test in first), 6) == 10 == round(sum(t["max_score"] for t in second), 6)
    hidden = [test for test in tests if test["visibility"] == "after_published"]
    assert [test["name"] for test in hidden] == ["Exercise 1 (1-D convolution): test_a_kernel_longer_than_the_signal"]
    wrong = [test for test in second if "wrong answer" in test["output"]]
    zeroed = [test for test in second if test["output"].startswith("Passed, but scores 0: bad-input checks")]
    assert len(wrong) == 5 and len(zeroed) == 4
    assert all(test["score"] == 0 and test["status"] == "failed" for test in wrong + zeroed)
    assert all(test["visibility"] == "visible" for test in second)


@pytest.mark.slow
def test_one_grade_two_ways_the_bundle_and_grade_agree(runs):
    bundle, grade = runs["strongest"], runs["grade"]
    assert bundle["score"] == grade["score"] == EXPECTED_SCORE
    assert bundle["tests"] == grade["tests"]
    assert bundle["output"] == grade["output"]


@pytest.mark.slow
def test_it_grades_in_the_strongest_sandbox_here_and_names_it(runs):
    """Bubblewrap where it can start (as here); the fallback where not (as in Gradescope's Docker, mostly)."""
    assert runs["strongest"]["output"].splitlines()[-1] == f"Isolation: {sandbox.describe(sandbox.way())}."


@pytest.mark.slow
def test_where_bubblewrap_cannot_start_it_grades_in_the_fallback_with_the_same_score(runs):
    results = runs["fallback"]
    jsonschema.validate(results, SCHEMA)
    assert results["output"].splitlines()[-1].startswith("Isolation: fallback (Landlock, seccomp, limits")
    assert results["score"] == EXPECTED_SCORE and results["tests"] == runs["strongest"]["tests"]


def unpacked_source(root, options):
    (root / "source").mkdir(parents=True)
    (root / "source" / "autograder.json").write_text(json.dumps(options))
    (root / "submission").mkdir()
    (root / "submission" / "ex01_convolve1d.py").write_text(student_version("ex01_convolve1d"))
    return root


def test_without_any_sandbox_nothing_runs_and_results_say_why(tmp_path, monkeypatch):
    from course.teacher import autograder

    root = unpacked_source(tmp_path / "autograder", {"exercises": ["ex01_convolve1d"], "partial_credit": True,
                                                     "hidden_gate": True, "hidden": None})  # fmt: skip
    monkeypatch.setattr(sandbox, "unavailable", lambda: "bubblewrap cannot start (no user namespaces) and no Landlock")
    monkeypatch.setattr(autograder, "grade_class", lambda *args, **kwargs: pytest.fail("graded without a sandbox"))
    autograder.grade_submission(root)
    results = json.loads((root / "results" / "results.json").read_text())
    jsonschema.validate(results, SCHEMA)
    assert results["score"] == 0 and results["tests"] == []
    reason, isolation = results["output"].splitlines()
    assert "no sandbox" in reason and "no user namespaces" in reason
    assert isolation == "Isolation: none, nothing of the submission ran."


def test_a_grading_that_fails_still_writes_results_with_score_0_and_one_line(tmp_path):
    from course.teacher.autograder import grade_submission

    root = unpacked_source(tmp_path / "autograder", {"exercises": ["ex99_nothing"], "partial_credit": True,
                                                     "hidden_gate": True, "hidden": None})  # fmt: skip
    grade_submission(root)
    results = json.loads((root / "results" / "results.json").read_text())
    jsonschema.validate(results, SCHEMA)
    assert results["score"] == 0
    assert results["output"].splitlines()[0].startswith("The autograder could not grade this submission")
    assert "ex99_nothing" in results["output"].splitlines()[0]


def test_a_python_that_cannot_start_still_gets_a_results_json(bundle, tmp_path):
    root = unpack(bundle[0], tmp_path / "autograder")
    env = environment(AUTOGRADER_ROOT=str(root), AUTOGRADER_PYTHON="/nonexistent/python")
    result = subprocess.run([root / "run_autograder"], cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    jsonschema.validate(results, SCHEMA)
    assert results["score"] == 0 and "/nonexistent/python stopped with status 127" in results["output"]


BAD_ARGUMENTS = """
import contextlib, io, json, sys
from course.cli import main
found = []
for argv in json.loads(sys.argv[1]):
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exit:
            status = exit.code
    found.append([status, err.getvalue()])
print(json.dumps({"found": found, "heavy": [m for m in ("tensorflow", "keras") if m in sys.modules]}))
"""


def test_bad_arguments_are_one_line_and_exit_2_before_anything_heavy_loads(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "test_ex01_old.py").write_text("from exercises.harness import check, load\n")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "test_ex05_mine.py").write_text("def test_nothing():\n    pass\n")
    out = str(tmp_path / "autograder.zip")
    cases = {
        "the following arguments are required: --out": ["autograder"],
        "is a folder": ["autograder", "--out", str(tmp_path)],
        "give a name ending in .zip": ["autograder", "--out", str(tmp_path / "autograder.tar")],
        "there is no folder": ["autograder", "--out", str(tmp_path / "missing" / "autograder.zip")],
        "is not a folder of test files": ["autograder", "--out", out, "--hidden", str(tmp_path / "nothing")],
        "imports exercises.harness, which moved": ["autograder", "--out", out, "--hidden", str(tmp_path / "old")],
        "has no test_exNN*.py file for the exercises graded (1,2)":
            ["autograder", "--out", out, "--hidden", str(tmp_path / "other"), "--exercises", "1,2"],
        "argument --exercises": ["autograder", "--out", out, "--exercises", "1,99"],
    }  # fmt: skip
    command = [sys.executable, "-c", BAD_ARGUMENTS, json.dumps(list(cases.values()))]
    env = environment(PYTHONPATH=str(ROOT))
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    for (expected, argv), (status, stderr) in zip(cases.items(), answer["found"], strict=True):
        assert status == 2, (argv, stderr)
        assert len(stderr.splitlines()) == 1 and expected in stderr, (argv, stderr)
    assert answer["heavy"] == []
    assert sorted(path.name for path in tmp_path.iterdir()) == ["old", "other"]  # nothing written
