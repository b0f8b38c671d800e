import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.harness import compare, describe, load, rejects
from course.oracles import common
from course.oracles import ex07_pooling as oracle

exercise = load("ex07_pooling")
POOLS = {"max_pool2d": (exercise.max_pool2d, common.max_pool2d), "avg_pool2d": (exercise.avg_pool2d, common.avg_pool2d)}


def check_case(name, x, ksize, strides, padding):
    mine, theirs = POOLS[name]
    expected = theirs(x, ksize, strides, padding)
    compare(
        mine(x, ksize, strides, padding),
        expected,
        describe(function=name, input=x.shape, ksize=ksize, strides=strides, padding=padding),
        mistakes=oracle.pool_mistakes(theirs, x, ksize, strides, padding),
    )


def test_worked_examples():
    check_case("max_pool2d", np.array([1.0, 2.0, 89.0]).reshape(1, 1, 3, 1), (1, 3), 1, "VALID")  # 89, by hand
    check_case("max_pool2d", np.zeros((1, 2, 2, 1)), 2, 2, "VALID")  # a ReLU output of zeros pools to 0


@pytest.mark.parametrize("name", POOLS)
@pytest.mark.parametrize(
    "shape, ksize, strides, padding",
    [
        ((1, 4, 4, 1), 2, 2, "VALID"),
        ((2, 5, 5, 3), 2, 2, "SAME"),  # odd size: one padded row and column at the bottom/right
        ((1, 7, 6, 2), 3, 2, "SAME"),
        ((1, 6, 7, 2), (2, 3), (1, 2), "SAME"),
        ((2, 9, 8, 1), 3, 3, "VALID"),
        ((1, 8, 7, 2), 3, 2, "VALID"),  # windows overlap; the last rows and columns fit no window
        ((2, 7, 8, 3), (3, 2), (2, 3), "VALID"),  # a window and strides that are not square
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
    "shape, ksize, strides, padding, why",
    [((4, 4, 1), 2, 2, "VALID", "a 3-D input"), ((1, 4, 4, 1), 0, 2, "VALID", "ksize 0"),
     ((1, 4, 4, 1), 2, 0, "VALID", "strides 0"), ((1, 4, 4, 1), 2, 2, "FULL", "padding 'FULL'"),
     ((1, 2, 2, 1), 3, 1, "VALID", "a window larger than the input")],
)  # fmt: skip
def test_bad_input_raises_value_error(name, shape, ksize, strides, padding, why):
    rejects(lambda: POOLS[name][0](np.ones(shape), ksize, strides, padding), why)


def check_explicit_padding(x, ksize, strides, pads):
    compare(exercise.max_pool2d(x, ksize, strides, pads), common.max_pool2d(x, ksize, strides, pads),
            describe(function="max_pool2d", input=x.shape, ksize=ksize, strides=strides, padding=pads),
            mistakes=oracle.max_pool_explicit_mistakes(x, ksize, strides, pads))  # fmt: skip


@pytest.mark.parametrize(
    "shape, ksize, strides, pads",
    [
        ((1, 4, 4, 1), 2, 2, [[0, 0], [1, 1], [0, 1], [0, 0]]),
        ((2, 5, 6, 2), 3, 2, [[0, 0], [2, 0], [1, 2], [0, 0]]),
        ((1, 6, 5, 3), (2, 3), (1, 2), [[0, 0], [0, 1], [2, 2], [0, 0]]),
        ((1, 3, 3, 1), 2, 1, [[0, 0], [0, 0], [0, 0], [0, 0]]),  # all zero pads: VALID
    ],
)
def test_max_pool_explicit_padding_on_negative_numbers_matches_tensorflow(shape, ksize, strides, pads):
    # Every pixel below 0, so a padded 0 would win each window it reaches.
    check_explicit_padding(-1 - np.random.default_rng(sum(shape)).uniform(size=shape), ksize, strides, pads)


def test_max_pool_explicit_padding_on_mixed_signs_matches_tensorflow():
    check_explicit_padding(np.random.default_rng(8).normal(size=(2, 7, 5, 2)), 3, 2, [[0, 0], [1, 2], [2, 1], [0, 0]])


@pytest.mark.parametrize(
    "name, pads, why",
    [
        ("max_pool2d", [[0, 0], [2, 0], [0, 0], [0, 0]], "a top pad of 2 for a 2x2 window (TF: under 2)"),
        ("max_pool2d", [[1, 1], [1, 1], [0, 0], [0, 0]], "explicit padding of the batch axis"),
        ("max_pool2d", [[0, 0], [1, -1], [0, 0], [0, 0]], "a negative pad"),
        ("avg_pool2d", [[0, 0], [1, 1], [1, 1], [0, 0]], "explicit padding (tf.nn.avg_pool2d takes none)"),
    ],
)
def test_bad_explicit_padding_raises_value_error(name, pads, why):
    rejects(lambda: POOLS[name][0](np.ones((1, 4, 4, 1)), 2, 2, pads), why)
