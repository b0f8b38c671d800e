"""The zoo's models: shapes, parameter counts, layer names, blur values, saving."""

import keras
import numpy as np
import pytest
import tensorflow as tf

import models
from models.blocks import FixedFilter


def conv_params(k, c_in, c_out):
    return (k * k * c_in + 1) * c_out


def dense_params(n_in, n_out):
    return (n_in + 1) * n_out


def test_registry_lists_every_model():
    assert models.available_models() == ["blur", "lenet", "vgg"]


def test_lenet_layers_shapes_and_parameter_count():
    model = models.build("lenet")
    assert [layer.name for layer in model.layers] == [
        "image", "block1_conv1", "block1_pool", "block2_conv1", "block2_pool",
        "flatten", "fc1", "fc2", "predictions",
    ]  # fmt: skip
    shapes = {layer.name: layer.output.shape[1:] for layer in model.layers[1:]}
    assert shapes["block1_conv1"] == (28, 28, 6)
    assert shapes["block2_pool"] == (5, 5, 16)
    assert shapes["predictions"] == (10,)
    by_hand = (
        conv_params(5, 1, 6) + conv_params(5, 6, 16)
        + dense_params(5 * 5 * 16, 120) + dense_params(120, 84) + dense_params(84, 10)
    )  # fmt: skip
    assert model.count_params() == by_hand == 61_706


@pytest.mark.parametrize("channels", [3, 1])
def test_vgg_layers_shapes_and_parameter_count(channels):
    model = models.build("vgg", input_shape=(32, 32, channels), num_classes=10)
    names = [layer.name for layer in model.layers]
    for block in (1, 2, 3):
        assert {f"block{block}_conv1", f"block{block}_conv2", f"block{block}_pool"} <= set(names)
    assert names[-1] == "predictions"
    assert model.get_layer("block3_pool").output.shape[1:] == (4, 4, 128)
    assert model.output.shape[1:] == (10,)
    convs = [(channels, 32), (32, 32), (32, 64), (64, 64), (64, 128), (128, 128)]
    by_hand = sum(conv_params(3, c_in, c_out) for c_in, c_out in convs) + dense_params(128, 10)
    assert model.count_params() == by_hand


def test_num_classes_sets_the_softmax_width():
    assert models.build("lenet", num_classes=3).output.shape[1:] == (3,)


def test_blur_is_a_per_channel_mean_like_depthwise_conv2d():
    image = np.random.default_rng(0).uniform(0, 255, (2, 37, 23, 3)).astype("float32")
    kernel = tf.ones((5, 5, 3, 1)) / 25
    expected = tf.nn.depthwise_conv2d(image, kernel, strides=[1, 1, 1, 1], padding="SAME")
    got = models.build("blur")(image)
    assert got.shape == image.shape
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-3)
    # An interior pixel is the plain mean of its 5x5 window, channel by channel.
    np.testing.assert_allclose(got[0, 10, 10], image[0, 8:13, 8:13].mean(axis=(0, 1)), rtol=1e-5)


def test_blur_kernel_size_is_an_argument():
    image = np.random.default_rng(1).uniform(size=(1, 9, 9, 1)).astype("float32")
    got = models.build("blur", input_shape=(None, None, 1), kernel_size=3)(image)
    expected = tf.nn.depthwise_conv2d(image, tf.ones((3, 3, 1, 1)) / 9, [1, 1, 1, 1], "SAME")
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


def test_blur_weights_do_not_change_under_fit():
    model = models.build("blur", input_shape=(16, 16, 3))
    before = [w.copy() for w in model.get_weights()]
    assert model.trainable_weights == []
    model.compile(optimizer=keras.optimizers.SGD(1.0), loss="mse")
    x = np.random.default_rng(2).uniform(size=(8, 16, 16, 3)).astype("float32")
    model.fit(x, x[:, ::-1], epochs=2, verbose=0)
    for old, new in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(old, new)


@pytest.mark.parametrize(
    "name, kwargs, fragment",
    [
        ("lenet", {"input_shape": (8, 8, 1)}, "(8, 8, 1)"),
        ("lenet", {"input_shape": (32, 32)}, "(32, 32)"),
        ("lenet", {"num_classes": 0}, "got 0"),
        ("vgg", {"input_shape": (32, 32, 2)}, "(32, 32, 2)"),
        ("vgg", {"dropout": 1.5}, "1.5"),
        ("blur", {"kernel_size": 0}, "got 0"),
        ("blur", {"input_shape": (None, None)}, "(None, None)"),
        ("resnet", {}, "lenet"),
    ],
)
def test_bad_arguments_raise_value_error_echoing_the_value(name, kwargs, fragment):
    with pytest.raises(ValueError, match=".*") as error:
        models.build(name, **kwargs)
    assert fragment in str(error.value)


@pytest.mark.parametrize("name, shape", [("lenet", (4, 32, 32, 1)), ("blur", (2, 20, 30, 3))])
def test_keras_save_and_load_round_trip(tmp_path, name, shape):
    model = models.build(name)
    x = np.random.default_rng(3).uniform(size=shape).astype("float32")
    path = tmp_path / f"{name}.keras"
    model.save(path)
    loaded = keras.models.load_model(path)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)


def test_fixed_filter_config_round_trip():
    layer = FixedFilter(np.arange(6).reshape(2, 3), padding="valid", name="edges")
    clone = FixedFilter.from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()
    assert clone.get_config()["kernel"] == [[0, 1, 2], [3, 4, 5]]
