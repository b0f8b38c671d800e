"""``python -m exercises grade --self-check``: the reference solutions, handed in as a student would, get
full marks in the sandbox, both ways it can be built (the README promises it for a new grading machine)."""

import pytest

from course.catalog import EXERCISES
from tests.conftest import run_module

pytestmark = pytest.mark.slow
FULL_MARKS = sum(exercise.points for exercise in EXERCISES)


def test_the_reference_solutions_get_full_marks_in_the_sandbox():
    result = run_module("exercises", "grade", "--self-check", timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert f"full marks, {FULL_MARKS} of {FULL_MARKS}" in result.stdout


def test_the_fallback_sandbox_lets_honest_work_through_too():
    """Exercises of each kind: NumPy with a dependency on earlier ones (5), one that reads scikit-learn's
    digits (23, which uses 6 to 8, 11, 12, 18 and 19), and a Keras one that trains and saves (13)."""
    numbers = "3,4,5,6,7,8,11,12,13,18,19,23"
    result = run_module("exercises", "grade", "--self-check", "--exercises", numbers,
                        env_extra={"EXERCISES_SANDBOX": "fallback"}, timeout=600)  # fmt: skip
    expected = sum(exercise.points for exercise in EXERCISES if str(exercise.number) in numbers.split(","))
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert f"full marks, {expected} of {expected}" in result.stdout


def test_self_check_takes_no_submission():
    result = run_module("exercises", "grade", "--self-check", "alice/")
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert "--self-check grades the reference solutions" in result.stderr
