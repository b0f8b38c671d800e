import numpy as np
import pytest
import tensorflow as tf
from hypothesis import given, settings
from hypothesis import strategies as st

from exercises.harness import check, describe, load

zero_pad = load("ex04_zero_pad").zero_pad

SEED_IMAGE = [[1, 2, 3, 0, 1], [0, 1, 2, 3, 1], [1, 0, 1, 2, 0], [2, 1, 0, 1, 2], [1, 2, 1, 0, 1]]


def check_case(x, pad):
    pairs = ((pad, pad), (pad, pad)) if isinstance(pad, int) else pad
    expected = tf.pad(x, [[0, 0], list(pairs[0]), list(pairs[1]), [0, 0]]).numpy()
    check(
        zero_pad(x, pad),
        expected,
        describe(input=x.shape, pad=pad),
        mistakes=[
            ("the channels were padded too: pad height and width only.",
             lambda: tf.pad(x, [[0, 0], list(pairs[0]), list(pairs[1]), list(pairs[1])]).numpy()),
            ("(top, bottom) and (left, right) were swapped.",
             lambda: tf.pad(x, [[0, 0], list(pairs[1]), list(pairs[0]), [0, 0]]).numpy()),
        ],
    )  # fmt: skip


def test_seed_example_pads_5x5_to_7x7():
    x = np.array(SEED_IMAGE, float)[None, :, :, None]
    padded = zero_pad(x, 1)
    check(padded, np.pad(np.array(SEED_IMAGE, float), 1)[None, :, :, None], describe(input=x.shape, pad=1))


@settings(max_examples=30, derandomize=True, deadline=None)
@given(
    st.integers(1, 3), st.integers(1, 6), st.integers(1, 6), st.integers(1, 3),
    st.one_of(st.integers(0, 3), st.tuples(st.tuples(st.integers(0, 3), st.integers(0, 3)),
                                           st.tuples(st.integers(0, 3), st.integers(0, 3)))),
)  # fmt: skip
def test_random_cases_match_tf_pad(n, h, w, c, pad):
    x = np.random.default_rng(n * h * w).normal(size=(n, h, w, c))
    check_case(x, pad)


@pytest.mark.parametrize(
    "shape, pad", [((3, 3), 1), ((1, 3, 3), 1), ((1, 3, 3, 1), -1), ((1, 3, 3, 1), (1, 2, 3)), ((1, 3, 3, 1), 1.5)]
)
def test_bad_input_raises_value_error(shape, pad):
    with pytest.raises(ValueError):
        zero_pad(np.ones(shape), pad)
