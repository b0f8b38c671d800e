import numpy as np
import pytest

from course.harness import compare, describe, load, rejects
from course.oracles import common
from course.oracles import ex20_pool_backward as oracle

avg_pool2d_backward = load("ex20_pool_backward").avg_pool2d_backward


def check_case(x, grad_out, ksize, strides, padding):
    compare(avg_pool2d_backward(grad_out, x, ksize, strides, padding),
            oracle.avg_pool2d_backward(grad_out, x, ksize, strides, padding),
            describe(input=x.shape, ksize=ksize, strides=strides, padding=padding),
            mistakes=oracle.avg_pool_backward_mistakes(grad_out, x, ksize, strides, padding))  # fmt: skip


@pytest.mark.parametrize(
    "strides, padding, by_hand",
    [(1, "VALID", [[1 / 4, 1 / 2, 1 / 4], [1 / 2, 1, 1 / 2], [1 / 4, 1 / 2, 1 / 4]]),
     (2, "SAME", [[1 / 4, 1 / 4, 1 / 2], [1 / 4, 1 / 4, 1 / 2], [1 / 2, 1 / 2, 1]])],
)  # fmt: skip
def test_worked_examples(strides, padding, by_hand):
    x = np.arange(9.0).reshape(1, 3, 3, 1)
    grad_out = np.ones(common.avg_pool2d(x, 2, strides, padding).shape)
    assert np.allclose(oracle.avg_pool2d_backward(grad_out, x, 2, strides, padding)[0, :, :, 0], by_hand)
    check_case(x, grad_out, 2, strides, padding)


@pytest.mark.parametrize(
    "shape, ksize, strides, padding",
    [
        ((1, 4, 4, 1), 2, 2, "VALID"),
        ((2, 5, 5, 2), 2, 2, "SAME"),  # odd size: a padded row and column at the bottom/right
        ((1, 7, 6, 2), 3, 2, "SAME"),  # overlapping windows, padding on both sides
        ((1, 6, 7, 3), (2, 3), (1, 2), "SAME"),
        ((2, 6, 6, 1), 3, 1, "VALID"),  # overlapping windows
        ((1, 8, 7, 2), 3, 2, "VALID"),  # the last rows and columns fit no window
        ((2, 7, 8, 3), (2, 3), (2, 1), "VALID"),  # a window that is not square: KH*KW pixels, not KH*KH
        ((3, 9, 5, 2), (3, 2), (3, 2), "VALID"),
    ],
)
def test_matches_gradient_tape(shape, ksize, strides, padding):
    rng = np.random.default_rng(sum(shape))
    x = rng.normal(size=shape)
    check_case(x, rng.normal(size=common.avg_pool2d(x, ksize, strides, padding).shape), ksize, strides, padding)


@pytest.mark.parametrize(
    "x_shape, grad_shape, ksize, strides, padding, why",
    [
        ((4, 4, 1), (1, 2, 2, 1), 2, 2, "VALID", "a 3-D x"),
        ((1, 4, 4, 1), (1, 4, 4, 1), 2, 2, "VALID", "grad_out of the input's shape, not the pooled output's"),
        ((1, 4, 4, 1), (1, 2, 2, 1), 2, 2, "FULL", "padding 'FULL'"),
        ((1, 4, 4, 1), (1, 2, 2, 1), 0, 2, "VALID", "ksize 0"),
        ((1, 2, 2, 1), (1, 1, 1, 1), 3, 1, "VALID", "a window larger than the input"),
    ],
)
def test_bad_input_raises_value_error(x_shape, grad_shape, ksize, strides, padding, why):
    rejects(lambda: avg_pool2d_backward(np.ones(grad_shape), np.ones(x_shape), ksize, strides, padding), why)
