"""The verdicts kept between runs (course/verdicts.py): the table checks again only the exercises whose code,
tests or engine changed, shows the others without loading TensorFlow, never shows a stale verdict, shrugs
off a damaged file, and is never used by grading, ``--solutions`` or ``--every-test``."""

import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time

import pytest

from course import verdicts as verdicts_module
from course.catalog import EXERCISES, find
from course.verdicts import CHECKS_FAILED, VERDICTS_FILE, Location, Verdicts, current_location
from tests.conftest import HANG_SECONDS, ROOT
from tests.students import student_folder

EVERY_MODULE = {exercise.module for exercise in EXERCISES}
HEAVY = {"tensorflow", "keras", "pytest", "numpy", "hypothesis"}


# -- the key, in this process --------------------------------------------------------------------------------


@pytest.fixture
def tests_copy(tmp_path, monkeypatch):
    """A copy of exercises/tests that the key reads instead of the project's, to be edited."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "exercises" / "tests", root / "exercises" / "tests",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    monkeypatch.setattr(verdicts_module, "ROOT", root)
    monkeypatch.setattr(verdicts_module, "TESTS", root / "exercises" / "tests")
    return root / "exercises" / "tests"


def keep(cache, *modules, status="not started", imported=None):
    """Records a verdict for each of ``modules`` as a run of their checks does; ``imported``: the student's
    files each one's process imported (default: its own file only)."""
    before = cache.snapshot()
    results = {find(module): {"status": status, "feedback": [],
                              "imported": [cache.location.path(module)] if imported is None else imported}
               for module in modules}  # fmt: skip
    cache.record(results, before)


def holding(cache):
    """The modules whose kept verdict holds for the files as they are now."""
    return {exercise.module for exercise in cache.statuses(EXERCISES)}


def append(path, text="\n# edited\n"):
    path.write_text(path.read_text() + text)


def test_a_verdict_holds_until_a_file_it_depends_on_changes(tmp_path, tests_copy, monkeypatch):
    folder = student_folder(tmp_path)
    engine = tmp_path / "engine.py"
    engine.write_text("# the engine\n")
    location = Location(tmp_path, "student")
    cache = Verdicts(location, engine_files=[engine])
    keep(cache, *EVERY_MODULE)
    assert holding(cache) == EVERY_MODULE
    assert holding(Verdicts(location, engine_files=[engine])) == EVERY_MODULE  # read back from the file

    def stale_after(change, *kept, **how):
        fresh = Verdicts(location, engine_files=[engine])  # a new process: the engine as it is now
        keep(fresh, *EVERY_MODULE)
        if kept:
            keep(fresh, *kept, **how)
        assert holding(fresh) == EVERY_MODULE
        change()
        return EVERY_MODULE - holding(Verdicts(location, engine_files=[engine]))

    # The student's file: its exercise, and exercise 9, whose checks call it.
    assert stale_after(lambda: append(folder / "ex06_activations.py")) == {"ex06_activations", "ex09_forward"}
    # A file imported inside a function, which the worker's list (the exercise's own file) does not hold:
    # named in the code, it counts, and so does a new file of that name.
    (folder / "ex07_pooling.py").write_text("def max_pool2d(x, *args):\n    from . import helpers\n\n"
                                            "    return helpers.pool(x)\n")  # fmt: skip
    assert stale_after(lambda: (folder / "helpers.py").write_text("pool = max\n")) == {"ex07_pooling", "ex09_forward"}
    assert stale_after(lambda: append(folder / "helpers.py")) == {"ex07_pooling", "ex09_forward"}
    # ... but not a docstring's or a comment's mention (the stub of exercise 5 suggests an import of 3's).
    (folder / "ex08_dense.py").write_text('"""Like ex03_output_size."""\n# ex03_output_size\nflatten = None\n')
    assert "ex03_output_size" in (folder / "ex05_conv2d.py").read_text()
    assert stale_after(lambda: append(folder / "ex03_output_size.py")) == {"ex03_output_size"}
    # An import that failed: no list, so every file of the folder counts.
    assert stale_after(lambda: append(folder / "ex20_pool_backward.py"), "ex10_filters", imported=[]) == {
        "ex10_filters", "ex20_pool_backward"}  # fmt: skip
    # The exercise's test file, and the test files that import it (exercise 11's checks use 5's cases).
    assert stale_after(lambda: append(tests_copy / "test_ex05_conv2d.py")) == {"ex05_conv2d", "ex11_im2col"}
    assert stale_after(lambda: append(tests_copy / "test_ex17_dropout.py")) == {"ex17_dropout"}
    # The engine, and the installed packages and Python: every exercise.
    assert stale_after(lambda: append(engine)) == EVERY_MODULE
    assert stale_after(lambda: monkeypatch.setattr(verdicts_module, "environment", lambda: ["3.99"])) == EVERY_MODULE
    # Nothing a verdict depends on.
    assert stale_after(lambda: (folder / "notes.txt").write_text("todo")) == set()
    assert stale_after(lambda: (folder / "scratch.py").write_text("x = 1\n")) == set()


def test_nothing_is_kept_from_a_run_that_saw_other_files_than_those_now(tmp_path):
    folder = student_folder(tmp_path)
    engine = tmp_path / "engine.py"
    engine.write_text("# the engine\n")
    location = Location(tmp_path, "student")
    cache = Verdicts(location, engine_files=[engine])
    before = cache.snapshot()
    append(folder / "ex06_activations.py")  # saved while its checks ran
    results = {find(module): {"status": "not started", "imported": [], "feedback": []}
               for module in ("ex01_convolve1d", "ex06_activations")}  # fmt: skip
    results[find(1)]["imported"] = ["student/ex01_convolve1d.py"]
    cache.record(results, before)
    assert holding(cache) == {"ex01_convolve1d"}
    # The engine changed since this process loaded it: it checks with the old one, so keeps nothing.
    append(engine)
    keep(cache, "ex02_correlate2d")
    assert holding(Verdicts(location, engine_files=[engine])) == set()
    # An error in the checks is about the checks, not the code: not kept.
    cache = Verdicts(location, engine_files=[engine])
    keep(cache, "ex02_correlate2d", status=CHECKS_FAILED)
    keep(cache, "ex03_output_size", status="wrong answer")
    assert cache.statuses(EXERCISES) == {find(3): "wrong answer"}


DAMAGED = {
    "empty": b"",
    "cut short": b'{"format": 1, "verdicts": {"student": {"ex01_con',
    "not text": b"\xff\xfe\x00\x81",
    "a list": b"[]",
    "another format": b'{"format": 99, "verdicts": {}}',
    "no section": b'{"format": 1, "verdicts": []}',
    "bad entries": json.dumps({"format": 1, "verdicts": {"student": {
        "ex01_convolve1d": 5, "ex02_correlate2d": {"key": [], "status": {}, "imported": "x", "files": 3},
        "ex03_output_size": {"key": "0" * 64, "status": "done", "imported": [7], "files": [None]},
        "ex04_zero_pad": {"key": "0" * 64, "status": "done", "imported": None, "files": ["student/ex04_zero_pad.py"]},
    }}}).encode(),  # fmt: skip
    "nested too deep": b"[" * 200_000,
}


@pytest.mark.parametrize("damage", DAMAGED)
def test_a_damaged_file_is_ignored_and_written_anew(tmp_path, damage):
    student_folder(tmp_path)
    (tmp_path / VERDICTS_FILE).write_bytes(DAMAGED[damage])
    location = Location(tmp_path, "student")
    cache = Verdicts(location)
    assert cache.statuses(EXERCISES) == {}
    assert all(seen["status"] == "changed since its last check" for seen in cache.view(EXERCISES).values())
    keep(cache, "ex05_conv2d")
    assert holding(Verdicts(location)) == {"ex05_conv2d"}


def test_a_folder_in_the_files_place_is_no_crash(tmp_path):
    student_folder(tmp_path)
    (tmp_path / VERDICTS_FILE).mkdir()
    cache = Verdicts(Location(tmp_path, "student"))
    keep(cache, "ex05_conv2d")  # not written, but kept in memory
    assert holding(cache) == {"ex05_conv2d"}


@pytest.mark.parametrize("package", [None, "solutions", "a folder"])
def test_the_location_is_the_one_isolation_reads(tmp_path, monkeypatch, package):
    from course.isolation import Location as CheckedLocation

    if package is None:
        monkeypatch.delenv("EXERCISES_PACKAGE", raising=False)
    else:
        monkeypatch.setenv("EXERCISES_PACKAGE", str(tmp_path / "student") if package == "a folder" else package)
    location, checked = current_location(), CheckedLocation.current()
    assert (location.root, location.package, location.path("ex05_conv2d")) == (
        checked.root, checked.package, checked.path("ex05_conv2d"))  # fmt: skip


class Spy:
    """A Verdicts that notes whether a run used it."""

    def __init__(self):
        self.calls = []

    def snapshot(self):
        self.calls.append("snapshot")

    def record(self, results, before):
        self.calls.append("record")


def test_grading_solutions_and_every_test_neither_read_nor_keep_verdicts(monkeypatch, tmp_path):
    from course import isolation, run

    monkeypatch.setattr(pytest, "main", lambda args, plugins: 0)
    spy = Spy()
    run.run_checks([find(6)], solutions=True, verdicts=spy)
    run.run_checks([find(6)], options=("--every-test",), verdicts=spy)
    monkeypatch.setattr(isolation, "grading", "none")  # as course/teacher/grade.py sets it
    run.run_checks([find(6)], verdicts=spy)
    assert spy.calls == []
    monkeypatch.setattr(isolation, "grading", None)
    run.run_checks([find(6)], verdicts=spy)
    assert spy.calls == ["snapshot", "record"]


def test_the_table_and_check_with_solutions_keep_nothing(monkeypatch, tmp_path):
    from course import cli, run

    class Found:
        status = {}

    ran = []
    monkeypatch.setattr(run, "run_checks", lambda exercises, solutions=False, quiet=False, options=(), verdicts=None:
                        ran.append((len(exercises), solutions, verdicts)) or Found())  # fmt: skip

    def refuse(*args, **kwargs):
        raise AssertionError("no verdicts with --solutions")

    monkeypatch.setattr(verdicts_module, "Verdicts", refuse)
    monkeypatch.setenv("EXERCISES_PACKAGE", str(student_folder(tmp_path)))
    assert cli.main(["--solutions"]) == 1
    assert cli.main(["check", "6", "--solutions"]) == 1
    assert ran == [(len(EXERCISES), True, None), (1, True, None)]
    assert not (tmp_path / VERDICTS_FILE).exists()


# -- what the student types, in fresh processes --------------------------------------------------------------

BROKEN_HELPERS = (ROOT / "solutions" / "ex06_activations.py").read_text().replace(
    "    return np.maximum(np.asarray(x, dtype=np.float64), 0.0)", "    x[x < 0] = 0\n    return x")
EXERCISE_6 = '''"""ReLU and softmax: mine are in helpers.py."""


def relu(x):
    from . import helpers  # imported when called, not with this file: only the source says so

    return helpers.relu(x)


def softmax(x, axis=-1):
    from . import helpers

    return helpers.softmax(x, axis=axis)
'''
EDITED_TEST = '''from course.failures import Failure


class Edited(Failure):
    status = "fails the edited test"


def test_the_edited_check():
    raise Edited("This test was edited.")
'''


def exercises(project, folder, *args, importtime=False):
    """``python -m exercises ARGS`` in a fresh process, with the engine of ``project`` and the student's ``folder``."""
    env = {name: value for name, value in os.environ.items() if name != "EXERCISES_PACKAGE"}
    env.update(PYTHONPATH=str(project), EXERCISES_PACKAGE=str(folder), PYTHONUNBUFFERED="1")
    command = [sys.executable, *(["-X", "importtime"] if importtime else []), "-m", "exercises", *args]
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=HANG_SECONDS)


def row(output, number):
    """The status in exercise ``number``'s row of the progress table."""
    return re.search(rf"^ *{number}\. .{{45}} (.*)$", output, flags=re.MULTILINE).group(1)


def kept(folder):
    """{module: entry} of the verdicts kept beside ``folder``."""
    return json.loads((folder.parent / VERDICTS_FILE).read_text())["verdicts"][folder.name]


def checked_again(before, after):
    return {module for module in after if after[module]["checked"] != before.get(module, {}).get("checked")}


def imported(importtime):
    """The top-level packages a ``python -X importtime`` run imported."""
    return {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in importtime.splitlines()
            if line.startswith("import time:")}  # fmt: skip


def project_copy(folder, project=ROOT):
    """The engine, the tests and the stubs of ``project`` copied to ``folder``: edits there (or other work
    on this project) leave each other alone."""
    for name in ("course", "exercises", "models", "solutions"):
        shutil.copytree(project / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(project / "pyproject.toml", folder)
    return folder


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A copy of the project, and a student's folder of stubs whose exercise 6 calls a broken helpers.py,
    with the verdicts of its first progress table beside it: (project, folder, the table)."""
    base = tmp_path_factory.mktemp("seeded")
    project = project_copy(base / "project")
    (base / "work").mkdir()
    folder = student_folder(base / "work", files={"ex06_activations.py": EXERCISE_6, "helpers.py": BROKEN_HELPERS})
    table = exercises(project, folder)
    assert row(table.stdout, 6) == "changes its input", table.stdout[-3000:] + table.stderr[-3000:]
    assert set(kept(folder)) == EVERY_MODULE
    return project, folder, table.stdout


def copy_of(seeded, tmp_path):
    """The seeded student's folder and verdicts, copied: (project, folder, the first table)."""
    project, folder, table = seeded
    shutil.copytree(folder.parent, tmp_path / "work")
    return project, tmp_path / "work" / folder.name, table


class Watch:
    """``python -m exercises watch ARGS``, its output read as it comes."""

    def __init__(self, project, folder, *args):
        env = {**os.environ, "PYTHONPATH": str(project), "EXERCISES_PACKAGE": str(folder), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "exercises", "watch", "--interval", "0.1", *args], cwd=project, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as a terminal's Ctrl-C
        )  # fmt: skip
        self.seen = ""

    def read_until(self, text):
        deadline = time.monotonic() + HANG_SECONDS
        while text not in self.seen:
            assert time.monotonic() < deadline, f"never saw {text!r} in:\n{self.seen[-3000:]}"
            if select.select([self.process.stdout], [], [], 0.1)[0]:
                self.seen += os.read(self.process.stdout.fileno(), 65536).decode(errors="replace")
        return self.seen

    def stop(self):
        self.process.send_signal(signal.SIGINT)
        self.read_until("Stopped watching.")
        assert self.process.wait(timeout=60) == 0


@pytest.mark.slow
def test_the_table_checks_again_only_what_changed_and_watch_goes_on_from_it(seeded, tmp_path):
    project, folder, table = copy_of(seeded, tmp_path)
    before = kept(folder)
    started = time.monotonic()
    again = exercises(project, folder, importtime=True)
    seconds = time.monotonic() - started
    assert again.stdout == table
    assert not imported(again.stderr) & HEAVY, "the table with nothing changed loaded a heavy module"
    assert kept(folder) == before  # nothing checked again
    print(f"the table with nothing changed took {seconds:.2f} s (its figure: benchmarks/feedback.py)")

    (folder / "helpers.py").write_text((ROOT / "solutions" / "ex06_activations.py").read_text())
    fixed = exercises(project, folder)
    assert row(fixed.stdout, 6) == "done", fixed.stdout[-3000:]
    assert [row(fixed.stdout, exercise.number) for exercise in EXERCISES if exercise.number != 6] == [
        row(table, exercise.number) for exercise in EXERCISES if exercise.number != 6]  # fmt: skip
    after = kept(folder)
    assert checked_again(before, after) == {"ex06_activations", "ex09_forward"}  # 9's checks call your 6
    assert after["ex06_activations"]["files"] == ["student/__init__.py", "student/ex06_activations.py",
                                                  "student/helpers.py"]  # fmt: skip

    watch = Watch(project, folder, "6")  # 6 is done: watch goes on to 7 without checking 6 again
    try:
        watch.read_until("Watching student/ for changes")
        watch.stop()
    finally:
        watch.process.kill()
    assert "=== Exercise 7: Max and average pooling" in watch.seen and "=== Exercise 6" not in watch.seen
    assert "Traceback" not in watch.seen
    assert checked_again(after, kept(folder)) == {"ex07_pooling"}  # watch keeps what it checks


@pytest.mark.slow
def test_an_edited_engine_or_test_file_checks_again(seeded, tmp_path):
    seeded_project, folder, table = copy_of(seeded, tmp_path)
    project = project_copy(tmp_path / "project", seeded_project)
    before = kept(folder)
    moved = exercises(project, folder)  # the same engine in another folder: the same verdicts
    assert moved.stdout == table and kept(folder) == before

    failures = project / "course" / "failures.py"
    failures.write_text(failures.read_text().replace('status = "changes its input"',
                                                     'status = "changes its input (the engine edited)"'))  # fmt: skip
    engine = exercises(project, folder)
    assert row(engine.stdout, 6) == "changes its input (the engine edited)", engine.stdout[-3000:]
    assert checked_again(before, after := kept(folder)) == EVERY_MODULE

    (project / "exercises" / "tests" / "test_ex06_activations.py").write_text(EDITED_TEST)
    tests = exercises(project, folder)
    assert row(tests.stdout, 6) == "fails the edited test", tests.stdout[-3000:]
    assert checked_again(after, kept(folder)) == {"ex06_activations"}


@pytest.mark.slow
def test_a_damaged_cache_is_ignored_by_the_table_and_by_check(seeded, tmp_path):
    project, folder, table = copy_of(seeded, tmp_path)
    before = kept(folder)
    cache = folder.parent / VERDICTS_FILE
    data = json.loads(cache.read_text())
    data["verdicts"]["student"]["ex01_convolve1d"] = {"key": 42, "status": ["done"], "imported": "everything"}
    cache.write_text(json.dumps(data))
    damaged = exercises(project, folder)
    assert damaged.stdout == table and "Traceback" not in damaged.stderr
    assert checked_again(before, kept(folder)) == {"ex01_convolve1d"}

    cache.write_bytes(b"\x00{ not JSON")
    check = exercises(project, folder, "check", "6")
    assert check.returncode == 1 and "Traceback" not in check.stdout + check.stderr
    assert "Exercise 6 (ReLU and softmax) changes its input." in check.stdout
    assert set(kept(folder)) == {"ex06_activations"}
