import keras
import numpy as np
import pytest

from course.harness import compare, compare_equal, describe, load, rejects
from course.oracles import ex08_dense as oracle

exercise = load("ex08_dense")
flatten, dense = exercise.flatten, exercise.dense
dense_param_count, conv2d_param_count = exercise.dense_param_count, exercise.conv2d_param_count


def flatten_mistakes(x):
    if x.ndim != 4:
        return []
    return [(oracle.CHANNELS_FIRST, lambda: x.transpose(0, 3, 1, 2).reshape(x.shape[0], -1))]


@pytest.mark.parametrize("shape", [(2, 3, 4, 5), (2, 3), (1, 2, 2, 1), (3, 2, 2)])
def test_flatten_matches_keras(shape):
    x = np.random.default_rng(0).normal(size=shape)
    expected = keras.layers.Flatten()(x).numpy()
    compare(flatten(x), expected, describe(input=shape), mistakes=flatten_mistakes(x))


def check_dense(x, weights, bias, case):
    layer = keras.layers.Dense(weights.shape[1], dtype="float64")
    layer.build((None, weights.shape[0]))
    layer.set_weights([weights, bias])
    expected = layer(x).numpy()
    compare(dense(x, weights, bias), expected, case, mistakes=[(oracle.BIAS_LEFT_OUT, lambda: x @ weights)])


def test_worked_example():
    # Four zeros (a ReLU'd 2x2 map, flattened) into one neuron: 0.5*0 - 0.2*0 + 0.1*0 + 0.4*0 + 0.1 = 0.1.
    x, weights, bias = np.zeros((1, 4)), np.array([[0.5], [-0.2], [0.1], [0.4]]), np.array([0.1])
    check_dense(x, weights, bias, "x [0, 0, 0, 0], W [0.5, -0.2, 0.1, 0.4], b 0.1 (answer 0.1)")


@pytest.mark.parametrize("n_in, n_out, batch", [(4, 1, 1), (7, 3, 5), (20, 10, 2)])
def test_dense_matches_keras(n_in, n_out, batch):
    rng = np.random.default_rng(n_in)
    x, weights, bias = rng.normal(size=(batch, n_in)), rng.normal(size=(n_in, n_out)), rng.normal(size=n_out)
    check_dense(x, weights, bias, describe(x=x.shape, weights=weights.shape))


def test_a_dense_layer_on_28x28_images():
    expected = oracle.keras_count(keras.layers.Dense(1000), (784,))
    assert expected == 785_000  # 784 * 1000 weights, plus 1,000 biases a common count forgets
    compare_equal(dense_param_count(784, 1000), expected, "784 inputs -> 1000 neurons",
                  mistakes=oracle.dense_count_mistakes(784, 1000))  # fmt: skip
    expected = oracle.keras_count(keras.layers.Dense(1000, use_bias=False), (784,))
    compare_equal(dense_param_count(784, 1000, use_bias=False), expected, "784 -> 1000, use_bias=False")


@pytest.mark.parametrize(
    "kernel_size, in_channels, out_channels, use_bias",
    [(3, 1, 32, True), (5, 6, 16, True), ((3, 5), 3, 8, True), (3, 3, 3, False), (1, 64, 128, True)],
)
def test_conv_param_count_matches_keras(kernel_size, in_channels, out_channels, use_bias):
    layer = keras.layers.Conv2D(out_channels, kernel_size, use_bias=use_bias)
    expected = oracle.keras_count(layer, (28, 28, in_channels))
    case = describe(kernel_size=kernel_size, in_channels=in_channels, out_channels=out_channels, use_bias=use_bias)
    compare_equal(conv2d_param_count(kernel_size, in_channels, out_channels, use_bias), expected, case,
                  mistakes=oracle.conv_count_mistakes(kernel_size, in_channels, out_channels, use_bias))  # fmt: skip


@pytest.mark.parametrize(
    "call, why",
    [(lambda: flatten(np.ones(3)), "a 1-D input to flatten"),
     (lambda: dense(np.ones((2, 3)), np.ones((4, 2)), np.ones(2)), "x (2, 3) with weights (4, 2)"),
     (lambda: dense(np.ones((2, 3)), np.ones((3, 2)), np.ones(3)), "3 biases for 2 outputs"),
     (lambda: dense_param_count(0, 3), "n_in 0"), (lambda: conv2d_param_count(3, 0, 4), "in_channels 0"),
     (lambda: conv2d_param_count(0, 1, 4), "kernel_size 0")],
)  # fmt: skip
def test_bad_input_raises_value_error(call, why):
    rejects(call, why)
