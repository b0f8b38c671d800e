import keras
import numpy as np
import pytest

from exercises.harness import check, describe, load
from models import data

Conv2DLayer = load("ex13_keras_layer").Conv2DLayer


@pytest.mark.parametrize(
    "filters, kernel_size, strides, padding, activation, use_bias",
    [(4, 3, 1, "valid", None, True), (2, (2, 3), 2, "same", "relu", True), (3, 5, (1, 2), "same", None, False)],
)
def test_same_output_as_keras_conv2d(filters, kernel_size, strides, padding, activation, use_bias):
    x = np.random.default_rng(0).normal(size=(2, 9, 10, 3)).astype("float32")
    reference = keras.layers.Conv2D(filters, kernel_size, strides, padding, activation=activation, use_bias=use_bias)
    expected = reference(x)
    layer = Conv2DLayer(filters, kernel_size, strides=strides, padding=padding, activation=activation,
                        use_bias=use_bias)  # fmt: skip
    layer.build(x.shape)
    layer.set_weights(reference.get_weights())
    check(layer(x), expected, describe(filters=filters, kernel_size=kernel_size, strides=strides, padding=padding),
          rtol=1e-5, atol=1e-5)  # fmt: skip


def small_model():
    return keras.Sequential([
        keras.Input((16, 16, 1)),
        Conv2DLayer(8, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ])  # fmt: skip


def test_trains_inside_model_fit_on_digits():
    keras.utils.set_random_seed(0)
    splits = data.load("digits", (16, 16, 1), batch_size=32)
    model = small_model()
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy")
    history = model.fit(splits.train, validation_data=splits.validation, epochs=3, verbose=0)
    losses = history.history["loss"]
    assert losses[-1] < 0.7 * losses[0], f"the loss did not fall: {losses}"


def test_save_and_load_gives_the_same_predictions(tmp_path):
    model = small_model()
    x = np.random.default_rng(1).uniform(size=(4, 16, 16, 1)).astype("float32")
    model.save(tmp_path / "mine.keras")
    loaded = keras.models.load_model(tmp_path / "mine.keras")
    check(loaded.predict(x, verbose=0), model.predict(x, verbose=0), "predictions after save and load")
    assert loaded.layers[0].get_config()["filters"] == 8


@pytest.mark.parametrize(
    "kwargs", [{"filters": 0, "kernel_size": 3}, {"filters": 2, "kernel_size": 3, "padding": "full"}]
)
def test_bad_arguments_raise_value_error(kwargs):
    with pytest.raises(ValueError):
        Conv2DLayer(**kwargs)
