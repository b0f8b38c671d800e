import keras
import numpy as np
import pytest

from exercises.harness import check, check_equal, describe, load

exercise = load("ex08_dense")
flatten, dense = exercise.flatten, exercise.dense
dense_param_count, conv2d_param_count = exercise.dense_param_count, exercise.conv2d_param_count


def keras_count(layer, input_shape):
    model = keras.Sequential([keras.Input(input_shape), layer])
    return model.count_params()


@pytest.mark.parametrize("shape", [(2, 3), (2, 4, 5, 3), (1, 2, 2, 1)])
def test_flatten_matches_keras(shape):
    x = np.random.default_rng(0).normal(size=shape)
    check(flatten(x), keras.layers.Flatten()(x).numpy(), describe(input=shape),
          mistakes=[("the axes were flattened in the wrong order: use row-major reshape(batch, -1).",
                     lambda: x.transpose(0, *range(x.ndim - 1, 0, -1)).reshape(shape[0], -1))])  # fmt: skip


def test_seed_001_dense_example():
    x = flatten(np.zeros((1, 2, 2)))
    check(dense(x, np.array([[0.5], [-0.2], [0.1], [0.4]]), np.array([0.1])), [[0.1]], "seed 001's W and b")


@pytest.mark.parametrize("n_in, n_out, batch", [(4, 1, 1), (7, 3, 5), (20, 10, 2)])
def test_dense_matches_keras(n_in, n_out, batch):
    rng = np.random.default_rng(n_in)
    x, weights, bias = rng.normal(size=(batch, n_in)), rng.normal(size=(n_in, n_out)), rng.normal(size=n_out)
    layer = keras.layers.Dense(n_out, dtype="float64")
    layer.build((None, n_in))
    layer.set_weights([weights, bias])
    check(dense(x, weights, bias), layer(x).numpy(), describe(x=x.shape, weights=weights.shape),
          mistakes=[("the bias was left out.", lambda: x @ weights)])  # fmt: skip


def test_seed_002_dense_layer_on_mnist():
    expected = keras_count(keras.layers.Dense(1000), (784,))
    assert expected == 785_000  # the seed's 784,000 forgets the 1,000 biases
    check_equal(dense_param_count(784, 1000), expected, "784 inputs -> 1000 neurons",
                mistakes=[("the biases were not counted: one per output neuron.", lambda: 784_000)])  # fmt: skip
    check_equal(dense_param_count(784, 1000, use_bias=False), 784_000, "784 -> 1000, use_bias=False")


@pytest.mark.parametrize(
    "kernel_size, in_channels, out_channels, use_bias",
    [(3, 1, 32, True), (5, 6, 16, True), ((3, 5), 3, 8, True), (3, 3, 3, False), (1, 64, 128, True)],
)
def test_conv_param_count_matches_keras(kernel_size, in_channels, out_channels, use_bias):
    layer = keras.layers.Conv2D(out_channels, kernel_size, use_bias=use_bias)
    expected = keras_count(layer, (28, 28, in_channels))
    case = describe(kernel_size=kernel_size, in_channels=in_channels, out_channels=out_channels, use_bias=use_bias)
    kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
    check_equal(conv2d_param_count(kernel_size, in_channels, out_channels, use_bias), expected, case,
                mistakes=[("the input channels were not counted: each filter is k x k x in_channels.",
                           lambda: kh * kw * out_channels + out_channels * use_bias)])  # fmt: skip


def test_conv_layer_is_far_smaller_than_dense():
    assert conv2d_param_count(3, 1, 32) * 100 < dense_param_count(784, 1000)


@pytest.mark.parametrize(
    "call",
    [lambda: flatten(np.ones(3)), lambda: dense(np.ones((2, 3)), np.ones((4, 2)), np.ones(2)),
     lambda: dense(np.ones((2, 3)), np.ones((3, 2)), np.ones(3)), lambda: dense_param_count(0, 3),
     lambda: conv2d_param_count(3, 0, 4), lambda: conv2d_param_count(0, 1, 4)],
)  # fmt: skip
def test_bad_input_raises_value_error(call):
    with pytest.raises(ValueError):
        call()
