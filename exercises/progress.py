"""A pytest plugin that turns exercise test results into a student's progress.

- An exercise whose code still raises NotImplementedError is *not started*:
  one line, no traceback.
- A wrong answer is described in words (see ``harness.Mismatch``).
- After an exercise's first failure, its other tests are skipped, so the first
  failure is the one you see first.
- At the end, a table: every exercise done, failing or not started, and the next one to do.
"""

from pathlib import Path

import pytest

from exercises.catalog import EXERCISES
from exercises.harness import Mismatch

DONE, FAILING, NOT_STARTED = "done", "failing", "not started"
BY_TEST_FILE = {f"test_{exercise.module}": exercise for exercise in EXERCISES}


def exercise_of(item):
    return BY_TEST_FILE.get(Path(str(item.path)).stem)


class Progress:
    """Collects each exercise's status while pytest runs its tests."""

    def __init__(self):
        self.status = {}

    def pytest_runtest_setup(self, item):
        exercise = exercise_of(item)
        if exercise and self.status.get(exercise) in (FAILING, NOT_STARTED):
            pytest.skip(f"exercise {exercise.number} has a failure above: fix that first")

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = (yield).get_result()
        exercise = exercise_of(item)
        if exercise is None or report.skipped:
            return
        if report.passed:
            if report.when == "call":
                self.status.setdefault(exercise, DONE)
            return
        if call.excinfo.errisinstance(NotImplementedError):
            self.status[exercise] = NOT_STARTED
            report.longrepr = (
                f"Exercise {exercise.number} ({exercise.title}) is not started: {exercise.stub_path} "
                f"still raises NotImplementedError.\nRead its docstring, write your code, then run "
                f"`pytest exercises -k {exercise.module}`. Stuck? `python -m exercises hint {exercise.number}`."
            )
            return
        self.status[exercise] = FAILING
        if call.excinfo.errisinstance(Mismatch):
            report.longrepr = (
                f"Exercise {exercise.number} ({exercise.title}) gives a wrong answer.\n"
                f"{call.excinfo.value}"
            )

    def pytest_terminal_summary(self, terminalreporter):
        if self.status:
            terminalreporter.write_line("")
            for line in summary_lines(self.status):
                terminalreporter.write_line(line)


def summary_lines(status, bar_width=0):
    """The progress table: one line per exercise that ran, a count and the next step."""
    ran = [exercise for exercise in EXERCISES if exercise in status]
    done = sum(status[exercise] == DONE for exercise in ran)
    lines = []
    for exercise in ran:
        lines.append(f"  {exercise.number:2}. {exercise.title:45} {status[exercise]}")
    count = f"{done}/{len(ran)} done"
    if bar_width:
        filled = round(bar_width * done / len(ran)) if ran else 0
        count = f"[{'#' * filled}{'.' * (bar_width - filled)}] {count}"
    lines.append(f"Exercise progress: {count}")
    pending = [exercise for exercise in ran if status[exercise] != DONE]
    if pending:
        first = pending[0]
        lines.append(
            f"Next: exercise {first.number}, {first.title} ({status[first]}): edit {first.stub_path}, "
            f"then `pytest exercises -k {first.module}`. Hint: `python -m exercises hint {first.number}`."
        )
    elif len(ran) == len(EXERCISES):
        lines.append("Every exercise is done. Now train a real CNN: `make train`.")
    return lines
