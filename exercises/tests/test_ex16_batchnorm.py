import numpy as np
import pytest

from course.harness import compare, describe, load, parts, rejects
from course.oracles import ex16_batchnorm as oracle
from exercises.tests.test_ex12_backprop import numeric_gradient

exercise = load("ex16_batchnorm")
OUTPUTS = ("out", "new_moving_mean", "new_moving_variance")


def parameters(channels, seed):
    """gamma, beta, moving mean and moving variance, random but plausible."""
    rng = np.random.default_rng(seed)
    return (rng.uniform(0.5, 2, channels), rng.normal(size=channels), rng.normal(size=channels),
            rng.uniform(0.5, 2, channels))  # fmt: skip


def check_forward(x, gamma, beta, moving_mean, moving_variance, training, momentum=0.99, epsilon=1e-3, step=""):
    expected = oracle.batchnorm_forward(x, gamma, beta, moving_mean, moving_variance, training, momentum, epsilon)
    result = exercise.batchnorm_forward(x, gamma, beta, moving_mean, moving_variance, training, momentum, epsilon)
    out, new_mean, new_variance = parts(result, OUTPUTS, "batchnorm_forward")
    case = describe(x=x.shape, training=training, momentum=momentum, epsilon=epsilon) + step
    compare(
        out,
        expected[0],
        f"out, {case}",
        mistakes=oracle.batchnorm_forward_mistakes(x, gamma, beta, moving_mean, moving_variance, training, epsilon),
    )
    compare(
        new_mean,
        expected[1],
        f"new_moving_mean, {case}",
        mistakes=oracle.moving_mean_mistakes(x, moving_mean, momentum) if training else [],
    )
    compare(new_variance, expected[2], f"new_moving_variance, {case}",
            mistakes=oracle.moving_variance_mistakes(x, moving_variance, momentum) if training else [])  # fmt: skip
    return expected


def test_worked_example():
    x = np.array([[1.0, 2.0], [3.0, 6.0]]).reshape(1, 2, 2, 1)
    gamma, beta, moving_mean, moving_variance = np.array([2.0]), np.array([1.0]), np.zeros(1), np.ones(1)
    out, new_mean, new_variance = oracle.batchnorm_forward(x, gamma, beta, moving_mean, moving_variance, True)
    # The docstring's numbers, by hand: Keras agrees (so its variance is the biased one).
    assert np.round(out.ravel(), 4).tolist() == [-1.1378, -0.0689, 1.0, 4.2067]
    assert np.allclose(new_mean, [0.03]) and np.allclose(new_variance, [1.025])
    check_forward(x, gamma, beta, moving_mean, moving_variance, training=True)


@pytest.mark.parametrize("shape, momentum", [((4, 5, 6, 3), 0.99), ((3, 4, 4, 2), 0.9), ((8, 2, 3, 5), 0.5)])
def test_training_steps_match_keras(shape, momentum):
    # Three training steps on three batches: each step's output and moving statistics, from Keras's state.
    gamma, beta, moving_mean, moving_variance = parameters(shape[3], sum(shape))
    rng = np.random.default_rng(len(shape))
    for step in range(1, 4):
        x = rng.normal(2.0, 3.0, size=shape)  # a mean and scale far from 0 and 1: the statistics matter
        _, moving_mean, moving_variance = check_forward(
            x, gamma, beta, moving_mean, moving_variance, True, momentum, step=f", step {step} of 3"
        )


@pytest.mark.parametrize("epsilon", [1e-3, 0.5])
def test_inference_uses_the_moving_statistics(epsilon):
    x = np.random.default_rng(3).normal(1.0, 2.0, size=(2, 3, 4, 3))
    check_forward(x, *parameters(3, 4), training=False, epsilon=epsilon)


def test_epsilon_inside_the_square_root():
    # A channel of small values: its variance is near epsilon, where the two placements differ most.
    x = np.random.default_rng(5).normal(0.0, 0.01, size=(4, 3, 3, 2))
    check_forward(x, *parameters(2, 6), training=True, epsilon=0.01)


BACKWARD_CASES = [((2, 3, 4, 3), 1e-3), ((4, 2, 2, 1), 1e-3), ((1, 3, 5, 2), 0.1)]


@pytest.mark.parametrize("shape, epsilon", BACKWARD_CASES)
def test_backward_matches_gradient_tape(shape, epsilon):
    rng = np.random.default_rng(sum(shape))
    x, grad_out, gamma = rng.normal(1.0, 2.0, size=shape), rng.normal(size=shape), rng.uniform(0.5, 2, shape[3])
    expected = oracle.batchnorm_backward(grad_out, x, gamma, epsilon)
    result = exercise.batchnorm_backward(grad_out, x, gamma, epsilon)
    grad_x, grad_gamma, grad_beta = parts(result, ("grad_x", "grad_gamma", "grad_beta"), "batchnorm_backward")
    case = describe(x=shape, epsilon=epsilon)
    compare(
        grad_x, expected[0], f"grad_x, {case}", mistakes=oracle.batchnorm_backward_mistakes(grad_out, x, gamma, epsilon)
    )
    compare(grad_gamma, expected[1], f"grad_gamma, {case}")
    compare(grad_beta, expected[2], f"grad_beta, {case}")


def test_backward_matches_central_differences():
    rng = np.random.default_rng(7)
    x, grad_out, gamma = rng.normal(size=(2, 2, 3, 2)), rng.normal(size=(2, 2, 3, 2)), rng.uniform(0.5, 2, 2)
    layer = oracle.batchnorm_layer(gamma, np.zeros(2), np.zeros(2), np.ones(2))

    def loss():  # Keras's forward in training mode, with the gamma of this moment
        layer.gamma.assign(gamma)
        return np.sum(layer(x, training=True).numpy() * grad_out)

    numeric_x, numeric_gamma = numeric_gradient(loss, x), numeric_gradient(loss, gamma)
    grad_x, grad_gamma, _ = parts(exercise.batchnorm_backward(grad_out, x, gamma),
                                         ("grad_x", "grad_gamma", "grad_beta"), "batchnorm_backward")  # fmt: skip
    # The loss is smooth: central differences err by about h**2 * (third derivative) plus round-off
    # eps * |L| / h, both below 1e-8 here with h = 1e-6; a wrong gradient is off by far more.
    compare(grad_x, numeric_x, "grad_x vs central differences (to 1e-6)", rtol=1e-6, atol=1e-6)
    compare(grad_gamma, numeric_gamma, "grad_gamma vs central differences (to 1e-6)", rtol=1e-6, atol=1e-6)


X = np.ones((2, 3, 3, 2))
GOOD = (np.ones(2), np.zeros(2), np.zeros(2), np.ones(2))


@pytest.mark.parametrize(
    "call, why",
    [
        (lambda: exercise.batchnorm_forward(np.ones((2, 3, 2)), *GOOD, True), "a 3-D x"),
        (lambda: exercise.batchnorm_forward(X, np.ones(3), *GOOD[1:], True), "gamma of 3 values for 2 channels"),
        (lambda: exercise.batchnorm_forward(X, *GOOD[:3], np.ones((1, 2)), True), "moving_variance of shape (1, 2)"),
        (lambda: exercise.batchnorm_forward(X, *GOOD, True, momentum=1.5), "momentum 1.5"),
        (lambda: exercise.batchnorm_forward(X, *GOOD, True, epsilon=0.0), "epsilon 0"),
        (lambda: exercise.batchnorm_backward(np.ones((2, 3, 3, 1)), X, np.ones(2)), "grad_out of another shape than x"),
    ],
)
def test_bad_input_raises_value_error(call, why):
    rejects(call, why)
