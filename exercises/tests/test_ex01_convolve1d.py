import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.harness import compare, describe, load, rejects
from course.oracles import ex01_convolve1d as oracle

convolve1d = load("ex01_convolve1d").convolve1d


def check_against_numpy(signal, kernel, mode):
    signal, kernel = np.asarray(signal, float), np.asarray(kernel, float)
    expected = np.convolve(signal, kernel, mode)
    compare(
        convolve1d(signal, kernel, mode),
        expected,
        describe(signal=signal.tolist(), kernel=kernel.tolist(), mode=mode),
        mistakes=oracle.convolve1d_mistakes(signal, kernel, mode),
    )


def test_worked_example():
    # By hand: flip [1, 0, -1] to [-1, 0, 1] and slide it over [3, 2, 1, 0] (the docstring's table).
    signal, kernel = np.array([3.0, 2.0, 1.0, 0.0]), np.array([1.0, 0.0, -1.0])
    compare(convolve1d(signal, kernel), [3, 2, -2, -2, -1, 0], "signal [3, 2, 1, 0], kernel [1, 0, -1]",
            mistakes=oracle.convolve1d_mistakes(signal, kernel, "full"))  # fmt: skip


@pytest.mark.parametrize("mode", ["full", "same", "valid"])
@pytest.mark.parametrize("signal, kernel", [([3, 2, 1, 0], [1, 0, -1]), ([1, 2], [1, 2, 3, 4]), ([5], [2])])
def test_modes_match_numpy(signal, kernel, mode):
    check_against_numpy(signal, kernel, mode)


@settings(max_examples=40, derandomize=True, deadline=None)
@given(
    st.lists(st.integers(-9, 9), min_size=1, max_size=12),
    st.lists(st.integers(-9, 9), min_size=1, max_size=6),
    st.sampled_from(["full", "same", "valid"]),
)
def test_random_cases_match_numpy(signal, kernel, mode):
    check_against_numpy(signal, kernel, mode)


@pytest.mark.parametrize(
    "signal, kernel, mode, why",
    [([], [1], "full", "an empty signal"), ([[1, 2]], [1], "full", "a 2-D signal"),
     ([1, 2], [], "full", "an empty kernel"), ([1, 2], [1], "circular", "an unknown mode")],
)  # fmt: skip
def test_bad_input_raises_value_error(signal, kernel, mode, why):
    rejects(lambda: convolve1d(signal, kernel, mode), why)
