"""``python -m exercises``: progress, hints, one check, and watch."""

import re
import shutil
import signal
import subprocess
import sys
import time

from exercises.catalog import EXERCISES
from tests.conftest import ROOT, run_module

N = len(EXERCISES)


def rows(output, status):
    """How many exercise rows of the progress table end in ``status``."""
    return len(re.findall(rf"^ *\d+\. .* {status}$", output, flags=re.MULTILINE))


def test_progress_on_the_stubs_and_on_the_solutions():
    stubs = run_module("exercises")
    assert stubs.returncode == 1
    assert f"0/{N} done" in stubs.stdout and rows(stubs.stdout, "not started") == N
    assert "Next: exercise 1" in stubs.stdout
    solutions = run_module("exercises", "--solutions")
    assert solutions.returncode == 0, solutions.stdout[-2000:]
    assert f"[{'#' * 30}] {N}/{N} done" in solutions.stdout
    assert rows(solutions.stdout, "done") == N


def copy_of_the_project(tmp_path):
    for name in ("exercises", "solutions", "models"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("conftest.py", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def test_hint_prints_the_next_hint_each_time(tmp_path):
    project = copy_of_the_project(tmp_path)  # hints remember what was shown, in the project folder
    first = run_module("exercises", "hint", "6", cwd=project, env_extra={"PYTHONPATH": str(project)})
    second = run_module("exercises", "hint", "6", cwd=project, env_extra={"PYTHONPATH": str(project)})
    hints = EXERCISES[5].hints
    assert "hint 1 of 2" in first.stdout and hints[0] in first.stdout and hints[1] not in first.stdout
    assert "hint 2 of 2" in second.stdout and hints[1] in second.stdout


def test_check_runs_one_exercise():
    assert run_module("exercises", "check", "1", "--solutions").returncode == 0
    failing = run_module("exercises", "check", "1")
    assert failing.returncode == 1 and "not started" in failing.stdout
    assert "test_ex02" not in failing.stdout


def test_unknown_exercise_is_one_line_and_exit_2():
    result = run_module("exercises", "hint", "99")
    assert result.returncode == 2
    message = "python -m exercises: error: there is no exercise '99'; exercises are numbered 1 to 15"
    assert result.stderr.strip() == message


def read_until(process, text, seconds=90):
    """Reads the watcher's output line by line until ``text`` appears; returns what was read."""
    seen, deadline = "", time.monotonic() + seconds
    while text not in seen:
        assert time.monotonic() < deadline, f"never saw {text!r} in:\n{seen}"
        seen += process.stdout.readline()
    return seen


def test_watch_sees_a_saved_file_and_moves_on(tmp_path):
    project = copy_of_the_project(tmp_path)
    command = [sys.executable, "-m", "exercises", "watch", "--interval", "0.1"]
    env = {"PYTHONPATH": str(project), "PYTHONUNBUFFERED": "1", "PATH": "/usr/bin:/bin"}
    watcher = subprocess.Popen(
        command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as in test_cli's Ctrl-C test
    )  # fmt: skip
    try:
        read_until(watcher, "Watching exercises/ for changes")
        shutil.copy(project / "solutions/ex01_convolve1d.py", project / "exercises/ex01_convolve1d.py")
        output = read_until(watcher, "Exercise 1 done!")
        output += read_until(watcher, "=== Exercise 2: 2-D sliding-window sums")
        output += read_until(watcher, "Watching exercises/ for changes")
        watcher.send_signal(signal.SIGINT)
        rest, _ = watcher.communicate(timeout=30)
    finally:
        watcher.kill()
    assert watcher.returncode == 0
    assert "Stopped watching." in rest and "Traceback" not in output + rest
