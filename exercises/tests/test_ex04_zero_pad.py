import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.harness import compare, crash_causes, describe, load, rejects
from course.oracles import ex04_zero_pad as oracle

zero_pad = load("ex04_zero_pad").zero_pad

# np.pad's error for a 4-D input given fewer than four (before, after) pairs.
FEWER_PAIRS = r"\([123],2\)\s+and requested shape \(4,2\)"


def check_case(x, pad):
    expected = oracle.zero_pad(x, pad)
    with crash_causes((oracle.MISSING_CHANNEL_PAIR, FEWER_PAIRS)):
        actual = zero_pad(x, pad)
    compare(actual, expected, describe(input=x.shape, pad=pad), mistakes=oracle.zero_pad_mistakes(x, pad))


def test_a_5x5_image_padded_by_1_is_7x7():
    image = np.array([[1, 2, 3, 0, 1], [0, 1, 2, 3, 1], [1, 0, 1, 2, 0], [2, 1, 0, 1, 2], [1, 2, 1, 0, 1]], float)
    by_hand = np.zeros((7, 7))
    by_hand[1:6, 1:6] = image  # a frame of zeros
    assert oracle.zero_pad(image[None, :, :, None], 1)[0, :, :, 0].tolist() == by_hand.tolist()
    check_case(image[None, :, :, None], 1)


@pytest.mark.parametrize("shape, pad", [((2, 3, 4, 3), ((1, 2), (0, 3))), ((1, 4, 4, 2), ((2, 0), (1, 1)))])
def test_uneven_pads_on_batches_with_channels(shape, pad):
    check_case(np.random.default_rng(len(shape)).normal(size=shape), pad)


@settings(max_examples=30, derandomize=True, deadline=None)
@given(
    st.integers(1, 3), st.integers(1, 6), st.integers(1, 6), st.integers(1, 3),
    st.one_of(st.integers(0, 3), st.tuples(st.tuples(st.integers(0, 3), st.integers(0, 3)),
                                           st.tuples(st.integers(0, 3), st.integers(0, 3)))),
)  # fmt: skip
def test_random_cases_match_tf_pad(n, h, w, c, pad):
    check_case(np.random.default_rng(n * h * w).normal(size=(n, h, w, c)), pad)


@pytest.mark.parametrize(
    "shape, pad, why",
    [((3, 3), 1, "a 2-D input"), ((1, 3, 3), 1, "a 3-D input"), ((1, 3, 3, 1), -1, "pad -1"),
     ((1, 3, 3, 1), (1, 2, 3), "three numbers for a pad"), ((1, 3, 3, 1), 1.5, "pad 1.5")],
)  # fmt: skip
def test_bad_input_raises_value_error(shape, pad, why):
    rejects(lambda: zero_pad(np.ones(shape), pad), why)
