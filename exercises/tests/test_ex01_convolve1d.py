import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exercises.harness import check, describe, load

convolve1d = load("ex01_convolve1d").convolve1d
FLIPPED = "the kernel was not flipped: that is cross-correlation. Convolution flips the kernel first."


def check_against_numpy(signal, kernel, mode):
    signal, kernel = np.asarray(signal, float), np.asarray(kernel, float)
    check(
        convolve1d(signal, kernel, mode),
        np.convolve(signal, kernel, mode),
        describe(signal=signal.tolist(), kernel=kernel.tolist(), mode=mode),
        mistakes=[(FLIPPED, lambda: np.convolve(signal, kernel[::-1], mode))],
    )


def test_seed_worked_example():
    # Seed 000, worked by hand: [3,2,1,0] * [1,0,-1] = [3,2,-2,-2,-1,0]
    check(convolve1d([3, 2, 1, 0], [1, 0, -1]), [3, 2, -2, -2, -1, 0], "signal [3, 2, 1, 0], kernel [1, 0, -1]",
          mistakes=[(FLIPPED, lambda: [-3, -2, 2, 2, 1, 0])])  # fmt: skip


@pytest.mark.parametrize("mode", ["full", "same", "valid"])
@pytest.mark.parametrize("signal, kernel", [([3, 2, 1, 0], [1, 0, -1]), ([1, 2], [1, 1, 1, 1]), ([5], [2])])
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
    "signal, kernel, mode",
    [([], [1], "full"), ([[1, 2]], [1], "full"), ([1, 2], [], "full"), ([1, 2], [1], "circular")],
)
def test_bad_input_raises_value_error(signal, kernel, mode):
    with pytest.raises(ValueError):
        convolve1d(signal, kernel, mode)
