import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exercises import oracle
from exercises.harness import check, describe, load

exercise = load("ex07_pooling")
POOLS = {"max_pool2d": (exercise.max_pool2d, oracle.max_pool2d), "avg_pool2d": (exercise.avg_pool2d, oracle.avg_pool2d)}


def check_case(name, x, ksize, strides, padding):
    mine, theirs = POOLS[name]
    check(
        mine(x, ksize, strides, padding),
        theirs(x, ksize, strides, padding),
        describe(function=name, input=x.shape, ksize=ksize, strides=strides, padding=padding),
        mistakes=oracle.pool_mistakes(theirs, x, ksize, strides, padding),
    )


def test_seed_examples():
    check(exercise.max_pool2d(np.array([1.0, 2.0, 89.0]).reshape(1, 1, 3, 1), (1, 3), 1, "VALID"), [[[[89]]]],
          "seed 001: the max of [1, 2, 89]")  # fmt: skip
    check(exercise.max_pool2d(np.zeros((1, 2, 2, 1)), 2, 2, "VALID"), np.zeros((1, 1, 1, 1)),
          "seed 001: max pooling the ReLU output")  # fmt: skip


@pytest.mark.parametrize("name", POOLS)
@pytest.mark.parametrize(
    "shape, ksize, strides, padding",
    [
        ((1, 4, 4, 1), 2, 2, "VALID"),
        ((2, 5, 5, 3), 2, 2, "SAME"),  # odd size: one padded row and column at the bottom/right
        ((1, 7, 6, 2), 3, 2, "SAME"),
        ((1, 6, 7, 2), (2, 3), (1, 2), "SAME"),
        ((2, 9, 8, 1), 3, 3, "VALID"),
    ],
)
def test_literal_cases_match_tensorflow(name, shape, ksize, strides, padding):
    x = np.random.default_rng(sum(shape)).normal(size=shape)
    check_case(name, x, ksize, strides, padding)


def test_max_pool_same_on_negative_numbers():
    x = -1 - np.random.default_rng(0).uniform(size=(1, 5, 5, 2))  # every pixel below 0
    check_case("max_pool2d", x, 2, 2, "SAME")


@settings(max_examples=25, derandomize=True, deadline=None)
@given(
    st.sampled_from(list(POOLS)), st.integers(1, 8), st.integers(1, 8), st.integers(1, 3), st.integers(1, 3),
    st.integers(1, 3), st.integers(1, 3), st.sampled_from(["SAME", "VALID"]),
)  # fmt: skip
def test_random_cases_match_tensorflow(name, h, w, kh, kw, sh, sw, padding):
    h, w = max(h, kh), max(w, kw)
    x = np.random.default_rng(h * w + kh).normal(size=(2, h, w, 2))
    check_case(name, x, (kh, kw), (sh, sw), padding)


@pytest.mark.parametrize("name", POOLS)
@pytest.mark.parametrize(
    "shape, ksize, strides, padding",
    [((4, 4, 1), 2, 2, "VALID"), ((1, 4, 4, 1), 0, 2, "VALID"), ((1, 4, 4, 1), 2, 0, "VALID"),
     ((1, 4, 4, 1), 2, 2, "FULL"), ((1, 2, 2, 1), 3, 1, "VALID")],
)  # fmt: skip
def test_bad_input_raises_value_error(name, shape, ksize, strides, padding):
    with pytest.raises(ValueError):
        POOLS[name][0](np.ones(shape), ksize, strides, padding)
