import numpy as np
import pytest

from exercises import oracle
from exercises.harness import check, describe, load

exercise = load("ex12_backprop")
tf = oracle.tf

CONV_CASES = [  # (input shape, filter shape, strides, padding)
    ((1, 5, 5, 1), (3, 3, 1, 1), 1, "VALID"),
    ((2, 6, 7, 2), (3, 3, 2, 3), 1, "SAME"),
    ((1, 7, 7, 2), (2, 2, 2, 2), 2, "SAME"),  # even kernel
    ((2, 8, 6, 3), (4, 3, 3, 2), (2, 3), "SAME"),
    ((1, 9, 8, 2), (3, 2, 2, 4), 3, "VALID"),
    ((1, 6, 6, 1), (3, 3, 1, 2), 2, [[0, 0], [1, 2], [2, 0], [0, 0]]),
]


def tape_gradients(forward, inputs, grad_output):
    """Gradients of sum(forward(*inputs) * grad_output) with respect to each input, by tf.GradientTape."""
    variables = [tf.Variable(v, dtype=tf.float64) for v in inputs]
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(forward(*variables) * grad_output)
    return [g.numpy() for g in tape.gradient(loss, variables)]


def random(shape, seed):
    return np.random.default_rng(seed).normal(size=shape)


def test_relu_backward_matches_gradient_tape():
    x = np.array([[-2.0, -0.5, 0.0, 0.5, 3.0]])
    grad = random(x.shape, 0)
    (expected,) = tape_gradients(tf.nn.relu, [x], grad)
    check(exercise.relu_backward(x, grad), expected, describe(x=x.tolist()), rtol=1e-6)


@pytest.mark.parametrize(
    "shape, ksize, strides, padding",
    [((1, 4, 4, 1), 2, 2, "VALID"), ((2, 5, 5, 2), 2, 2, "SAME"), ((1, 7, 6, 2), 3, 2, "SAME"),
     ((1, 6, 6, 1), 3, 1, "VALID")],  # the last has overlapping windows
)  # fmt: skip
def test_max_pool_backward_matches_gradient_tape(shape, ksize, strides, padding):
    x = random(shape, sum(shape))
    out = oracle.max_pool2d(x, ksize, strides, padding)
    grad = random(out.shape, 1)
    (expected,) = tape_gradients(lambda v: tf.nn.max_pool2d(v, ksize, strides, padding), [x], grad)
    check(exercise.max_pool2d_backward(x, grad, ksize, strides, padding), expected,
          describe(input=shape, ksize=ksize, strides=strides, padding=padding), rtol=1e-6)  # fmt: skip


@pytest.mark.parametrize("x_shape, f_shape, strides, padding", CONV_CASES)
def test_conv2d_backward_matches_gradient_tape(x_shape, f_shape, strides, padding):
    x, filters = random(x_shape, 2), random(f_shape, 3)
    grad = random(oracle.conv2d(x, filters, strides, padding).shape, 4)
    forward = lambda v, f: tf.nn.conv2d(v, f, strides, oracle.explicit(padding))  # noqa: E731
    expected_x, expected_f = tape_gradients(forward, [x, filters], grad)
    grad_x, grad_f = exercise.conv2d_backward(x, filters, grad, strides, padding)
    case = describe(input=x_shape, filters=f_shape, strides=strides, padding=padding)
    check(grad_x, expected_x, f"grad_input, {case}", rtol=1e-6)
    check(grad_f, expected_f, f"grad_filters, {case}", rtol=1e-6)


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


def relative_error(a, b):
    return np.max(np.abs(a - b)) / max(np.max(np.abs(a)), np.max(np.abs(b)), 1e-12)


@pytest.mark.parametrize("x_shape, f_shape, strides, padding", CONV_CASES[1:4])
def test_conv2d_backward_matches_central_differences(x_shape, f_shape, strides, padding):
    x, filters = random(x_shape, 5), random(f_shape, 6)
    grad = random(oracle.conv2d(x, filters, strides, padding).shape, 7)
    loss = lambda: np.sum(oracle.conv2d(x, filters, strides, padding) * grad)  # noqa: E731
    numeric_x, numeric_f = numeric_gradient(loss, x), numeric_gradient(loss, filters)
    grad_x, grad_f = exercise.conv2d_backward(x, filters, grad, strides, padding)
    errors = relative_error(grad_x, numeric_x), relative_error(grad_f, numeric_f)
    print(f"relative error vs central differences: grad_input {errors[0]:.1e}, grad_filters {errors[1]:.1e}")
    check(grad_x, numeric_x, "grad_input vs central differences (threshold 1e-6)", rtol=1e-6, atol=1e-6)
    check(grad_f, numeric_f, "grad_filters vs central differences (threshold 1e-6)", rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize(
    "call",
    [
        lambda: exercise.relu_backward(np.ones((2, 3)), np.ones((3, 2))),
        lambda: exercise.max_pool2d_backward(np.ones((1, 4, 4, 1)), np.ones((1, 4, 4, 1)), 2, 2, "VALID"),
        lambda: exercise.conv2d_backward(np.ones((1, 5, 5, 1)), np.ones((3, 3, 1, 1)), np.ones((1, 5, 5, 1))),
        lambda: exercise.conv2d_backward(np.ones((1, 5, 5, 2)), np.ones((3, 3, 1, 1)), np.ones((1, 3, 3, 1))),
    ],
)
def test_bad_input_raises_value_error(call):
    with pytest.raises(ValueError):
        call()
