"""``python -m exercises grade --self-check``: the reference solutions, handed in as a student would, get
full marks in the sandbox, both ways it can be built (the README promises it for a new grading machine).
The full self-check (all 31 exercises, about two minutes) is `python -m exercises grade --self-check`."""

import pytest

from course.catalog import EXERCISES
from tests.conftest import run_module

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("way", ["bubblewrap", "fallback"])
def test_the_sandbox_lets_honest_work_through(way):
    """Exercises of each kind: NumPy using four earlier ones (9), Keras fitting, saving and loading a layer
    (13), NumPy training on scikit-learn's digits (23). `grade --self-check` does all of them."""
    numbers = ["9", "13", "23"]
    env = {"EXERCISES_SANDBOX": "fallback"} if way == "fallback" else {}
    result = run_module("exercises", "grade", "--self-check", "--exercises", ",".join(numbers), env_extra=env,
                        timeout=600)  # fmt: skip
    expected = sum(exercise.points for exercise in EXERCISES if str(exercise.number) in numbers)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert f"full marks, {expected} of {expected}" in result.stdout


def test_self_check_takes_no_submission():
    result = run_module("exercises", "grade", "--self-check", "alice/")
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert "--self-check grades the reference solutions" in result.stderr
