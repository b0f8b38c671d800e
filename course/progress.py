"""A pytest plugin that turns exercise test results into a student's progress.

- An exercise whose code still raises NotImplementedError is *not started*:
  one line, no traceback. One with some functions done and others not is
  *in progress*, and says which are not started.
- Every other failure is told in words (see :mod:`course.failures`): a wrong
  answer with its likely cause, a crash at the student's line, a call that was
  stopped, an exit, a file that does not import.
- For a student, only an exercise's first failure is shown: its later tests are
  skipped. With ``--solutions`` (CI) or ``--every-test`` (grading) every test
  runs, so every failure is listed.
- Every test's outcome and worded message is kept in ``Progress.results``, for the grader, with
  whether it checked a bad input (``harness.rejects``) and which of the student's functions it called.
- At the end, a table: every exercise that ran, its status, and the next step
  (:func:`course.verdicts.summary_lines`). The student's commands keep each verdict, with the
  files it depends on (``Record.files``), in ``course.verdicts``: not this plugin, which also runs
  under a plain ``pytest`` with whatever options it was given.
"""

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from course import harness, isolation
from course.catalog import EXERCISES, TESTS
from course.failures import Failure, NotStarted
from course.verdicts import CHECKS_FAILED, DONE, NOT_STARTED, summary_lines

BY_TEST_FILE = {exercise.test_name: exercise for exercise in EXERCISES}
BY_PREFIX = {exercise.module[:4]: exercise for exercise in EXERCISES}  # "ex05" -> exercise 5
LIKELY_CAUSE = re.compile(r"^\s*Likely cause: (.*)$", flags=re.MULTILINE)


def exercise_of(item):
    """The exercise a test belongs to, by its file's name: test_ex05_conv2d.py, or a teacher's
    hidden test_ex05_more.py."""
    match = re.match(r"test_(ex\d\d)", Path(str(item.path)).name) if item is not None else None
    return BY_PREFIX.get(match.group(1)) if match else None


@dataclass
class Record:
    """What the tests of one exercise found so far."""

    passed: int = 0
    not_started: list = field(default_factory=list)  # the functions that still raise NotImplementedError
    failure: str = ""  # the status of the first failure, e.g. "wrong answer"
    files: list = field(default_factory=list)  # the student's files its module imported

    @property
    def status(self):
        if self.failure:
            return self.failure
        if self.not_started:
            if self.passed:
                return f"in progress: {', '.join(self.not_started)} not started"
            return NOT_STARTED
        return DONE


class Progress:
    """Collects each exercise's status while pytest runs its tests."""

    def __init__(self):
        self.records = {}
        self.results = []  # one dict per test: its exercise, outcome, message, causes, bad_input, functions
        self.every_test = False
        self.interrupted = False  # by Ctrl-C, which pytest reports but does not raise
        self.following = {}  # exercise -> the exercise whose tests run after its own

    @property
    def status(self):
        return {exercise: record.status for exercise, record in self.records.items()}

    def pytest_configure(self, config):
        self.every_test = bool(config.getoption("solutions", False) or config.getoption("every_test", False))

    def pytest_sessionstart(self, session):
        isolation.reset()
        harness.begin_session()
        # Exercises named by their test files get their workers now: their imports then run
        # while the test modules load TensorFlow.
        named = {Path(arg.split("::")[0]).stem for arg in session.config.args}
        isolation.prestart(exercise for name, exercise in BY_TEST_FILE.items() if name in named)

    def pytest_collection_finish(self, session):
        order = list(dict.fromkeys(filter(None, map(exercise_of, session.items))))
        self.following = dict(itertools.pairwise(order))

    def pytest_runtest_setup(self, item):
        isolation.begin_test()
        harness.begin_test()
        exercise = exercise_of(item)
        if exercise in self.following:
            # The checks use one core; the next exercise's worker imports on the other meanwhile
            # (4 s for a Keras exercise, which loads TensorFlow).
            isolation.prestart([self.following.pop(exercise)])
        if exercise and not self.every_test:
            if self.records.get(exercise, Record()).failure:
                pytest.skip(f"exercise {exercise.number} has a failure above: fix that first")
            if isolation.nothing_started(exercise.module):
                pytest.skip(f"exercise {exercise.number} is not started")

    def pytest_runtest_teardown(self, item, nextitem):
        exercise = exercise_of(item)
        if exercise and exercise_of(nextitem) is not exercise:  # its last test: free its worker
            self.records.setdefault(exercise, Record()).files = isolation.imported_files(exercise.module)
            isolation.stop(exercise.module)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = (yield).get_result()
        exercise = exercise_of(item)
        if exercise is None or (report.passed and report.when != "call"):
            return
        if not report.skipped:
            self.record(exercise, item, report, call)
        if report.when == "call" or report.failed:
            self.results.append({
                "exercise": exercise.module,
                "test": item.nodeid.split("::", 1)[-1],
                "hidden": not Path(str(item.path)).is_relative_to(TESTS),
                "outcome": report.outcome,
                "message": "" if report.passed else shorter_message(str(report.longrepr)),
                "causes": LIKELY_CAUSE.findall(str(report.longrepr)) if report.failed else [],
                "seconds": round(report.duration, 3),
                "bad_input": harness.checked_bad_input(),
                "functions": sorted({name for _, name in isolation.called_in_this_test()}),
            })  # fmt: skip

    def record(self, exercise, item, report, call):
        """Counts the test for its exercise and words its failure."""
        record = self.records.setdefault(exercise, Record())
        if report.passed:
            record.passed += 1
            return
        error = call.excinfo.value
        if isinstance(error, NotStarted):
            first = not record.not_started
            if error.function not in record.not_started:
                record.not_started.append(error.function)
            if first or self.every_test:
                report.longrepr = (
                    f"Exercise {exercise.number} ({exercise.title}) is not started: {error.function} in "
                    f"{error.path} still raises NotImplementedError.\nRead its docstring, write your code, then "
                    f"run `pytest exercises -k {exercise.module[:4]}`. "
                    f"Stuck? `python -m exercises hint {exercise.number}`."
                )
            else:  # one line per exercise is enough
                report.outcome = "skipped"
                report.longrepr = (str(item.path), 0, f"Skipped: {error.function} not started")
        elif isinstance(error, Failure):
            record.failure = record.failure or error.status
            report.longrepr = f"Exercise {exercise.number} ({exercise.title}) {error.headline}\n{error}"
        else:  # a problem in the checks themselves: keep pytest's traceback
            record.failure = record.failure or CHECKS_FAILED

    def pytest_keyboard_interrupt(self, excinfo):
        # pytest.Session.Interrupted is how pytest stops on collection errors: not a Ctrl-C.
        self.interrupted = not excinfo.errisinstance(pytest.Session.Interrupted)

    def pytest_sessionfinish(self, session):
        isolation.reset()

    def pytest_terminal_summary(self, terminalreporter):
        if self.records:
            terminalreporter.write_line("")
            for line in summary_lines(self.status):
                terminalreporter.write_line(line)


MAX_MESSAGE = 8_000  # characters of a failure's message kept for the grader (results.json, the feedback)


def shorter_message(message):
    """A failure's message cut to MAX_MESSAGE characters: a student's 1 MB answer is not shown whole."""
    if len(message) <= MAX_MESSAGE:
        return message
    return f"{message[:MAX_MESSAGE]}\n... ({len(message) - MAX_MESSAGE:,} more characters not shown)"


def cause_tag(cause):
    """A named mistake in a few words, for a tag and the class report: 'the stride was ignored'."""
    return re.split(r"[:.]\s", cause + " ", maxsplit=1)[0].strip()
