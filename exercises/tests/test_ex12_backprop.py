import numpy as np
import pytest
import tensorflow as tf

from course.harness import compare, describe, load, rejects
from course.oracles import common
from course.oracles import ex12_backprop as oracle

exercise = load("ex12_backprop")

CONV_CASES = [  # (input shape, filter shape, strides, padding)
    ((1, 5, 5, 1), (3, 3, 1, 1), 1, "VALID"),
    ((2, 6, 7, 2), (3, 3, 2, 3), 1, "SAME"),
    ((1, 7, 7, 2), (2, 2, 2, 2), 2, "SAME"),  # even kernel
    ((2, 8, 6, 3), (4, 3, 3, 2), (2, 3), "SAME"),
    ((1, 9, 8, 2), (3, 2, 2, 4), 3, "VALID"),
    ((1, 6, 6, 1), (3, 3, 1, 2), 2, [[0, 0], [1, 2], [2, 0], [0, 0]]),
]


def random(shape, seed):
    return np.random.default_rng(seed).normal(size=shape)


@pytest.mark.parametrize("x", [[[-2.0, -0.5, 0.0, 0.5, 3.0]], [[0.0, 0.0], [-0.0, 1.0]]])
def test_relu_backward_matches_gradient_tape(x):
    x = np.array(x)  # with exact zeros, where the rule matters
    grad = random(x.shape, 0)
    (expected,) = common.gradients(tf.nn.relu, [x], grad)
    compare(exercise.relu_backward(x, grad), expected, describe(x=x.tolist()),
            mistakes=oracle.relu_backward_mistakes(x, grad))  # fmt: skip


def check_max_pool_backward(x, ksize, strides, padding):
    grad = random(common.max_pool2d(x, ksize, strides, padding).shape, 1)
    (expected,) = common.gradients(lambda v: tf.nn.max_pool2d(v, ksize, strides, padding), [x], grad)
    compare(exercise.max_pool2d_backward(x, grad, ksize, strides, padding), expected,
            describe(input=x.shape, ksize=ksize, strides=strides, padding=padding),
            mistakes=oracle.max_pool_backward_mistakes(x, grad, ksize, strides, padding))  # fmt: skip


@pytest.mark.parametrize(
    "shape, ksize, strides, padding",
    [((1, 4, 4, 1), 2, 2, "VALID"), ((2, 5, 5, 2), 2, 2, "SAME"), ((1, 7, 6, 2), 3, 2, "SAME"),
     ((1, 6, 6, 1), 3, 1, "VALID"),  # overlapping windows
     ((2, 7, 8, 3), (3, 2), (2, 1), "VALID"), ((1, 6, 9, 2), (2, 3), (1, 2), "SAME")],  # windows not square
)  # fmt: skip
def test_max_pool_backward_matches_gradient_tape(shape, ksize, strides, padding):
    check_max_pool_backward(random(shape, sum(shape)), ksize, strides, padding)


@pytest.mark.parametrize(
    "shape, ksize, strides, padding",
    [((1, 4, 4, 1), 2, 2, "VALID"), ((2, 6, 5, 2), 3, 2, "SAME"), ((1, 5, 5, 1), 2, 1, "VALID"),
     ((2, 5, 7, 2), (2, 3), (1, 2), "VALID")],
)  # fmt: skip
def test_max_pool_backward_with_ties(shape, ksize, strides, padding):
    # Small whole numbers tie often; TF's gradient goes to the first maximum of each window, row-major.
    x = np.random.default_rng(sum(shape)).integers(0, 3, size=shape).astype(float)
    check_max_pool_backward(x, ksize, strides, padding)


@pytest.mark.parametrize("x_shape, f_shape, strides, padding", CONV_CASES)
def test_conv2d_backward_matches_gradient_tape(x_shape, f_shape, strides, padding):
    x, filters = random(x_shape, 2), random(f_shape, 3)
    grad = random(common.conv2d(x, filters, strides, padding).shape, 4)
    forward = lambda v, f: tf.nn.conv2d(v, f, strides, common.explicit(padding))  # noqa: E731
    expected_x, expected_f = common.gradients(forward, [x, filters], grad)
    grad_x, grad_f = exercise.conv2d_backward(x, filters, grad, strides, padding)
    case = describe(input=x_shape, filters=f_shape, strides=strides, padding=padding)
    compare(grad_x, expected_x, f"grad_input, {case}",
            mistakes=oracle.conv2d_backward_mistakes(x, filters, grad, strides, padding))  # fmt: skip
    compare(grad_f, expected_f, f"grad_filters, {case}")


def numeric_gradient(loss, value, h=1e-6):
    """Central differences: d loss / d value[i] ~ (loss(v + h e_i) - loss(v - h e_i)) / 2h."""
    grad = np.zeros_like(value)
    for index in np.ndindex(value.shape):
        original = value[index]
        value[index] = original + h
        up = loss()
        value[index] = original - h
        down = loss()
        value[index] = original
        grad[index] = (up - down) / (2 * h)
    return grad


@pytest.mark.parametrize("x_shape, f_shape, strides, padding", CONV_CASES[1:4])
def test_conv2d_backward_matches_central_differences(x_shape, f_shape, strides, padding):
    x, filters = random(x_shape, 5), random(f_shape, 6)
    grad = random(common.conv2d(x, filters, strides, padding).shape, 7)
    loss = lambda: np.sum(common.conv2d(x, filters, strides, padding) * grad)  # noqa: E731
    numeric_x, numeric_f = numeric_gradient(loss, x), numeric_gradient(loss, filters)
    grad_x, grad_f = exercise.conv2d_backward(x, filters, grad, strides, padding)
    # The loss is linear in each weight, so central differences err only by round-off: about
    # eps * |loss| / h, here ~1e-16 * 10 / 1e-6 = 1e-9. A wrong gradient is off by far more.
    compare(grad_x, numeric_x, "grad_input vs central differences (to 1e-6)", rtol=1e-6, atol=1e-6)
    compare(grad_f, numeric_f, "grad_filters vs central differences (to 1e-6)", rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize(
    "call, why",
    [
        (lambda: exercise.relu_backward(np.ones((2, 3)), np.ones((3, 2))), "grad_output (3, 2) for x (2, 3)"),
        (
            lambda: exercise.max_pool2d_backward(np.ones((1, 4, 4, 1)), np.ones((1, 4, 4, 1)), 2, 2, "VALID"),
            "grad_output the size of the input, not of the pooled output",
        ),
        (
            lambda: exercise.conv2d_backward(np.ones((1, 5, 5, 1)), np.ones((3, 3, 1, 1)), np.ones((1, 5, 5, 1))),
            "grad_output (1, 5, 5, 1) for a VALID output of (1, 3, 3, 1)",
        ),
        (
            lambda: exercise.conv2d_backward(np.ones((1, 5, 5, 2)), np.ones((3, 3, 1, 1)), np.ones((1, 3, 3, 1))),
            "2 input channels for filters that expect 1",
        ),
    ],
)
def test_bad_input_raises_value_error(call, why):
    rejects(call, why)
