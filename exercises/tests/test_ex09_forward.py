import keras
import numpy as np
import pytest

from exercises.harness import check, describe, load

forward = load("ex09_forward").forward


def keras_model(kernel_size, filters, classes):
    return keras.Sequential(
        [
            keras.Input((28, 28, 1), dtype="float64"),
            keras.layers.Conv2D(filters, kernel_size, activation="relu", dtype="float64"),
            keras.layers.MaxPooling2D(2, dtype="float64"),
            keras.layers.Flatten(dtype="float64"),
            keras.layers.Dense(classes, activation="softmax", dtype="float64"),
        ]
    )


@pytest.mark.parametrize("kernel_size, filters, classes, batch", [(3, 4, 10, 2), (5, 2, 3, 1), (4, 3, 10, 3)])
def test_forward_matches_keras_with_the_same_weights(kernel_size, filters, classes, batch):
    model = keras_model(kernel_size, filters, classes)
    rng = np.random.default_rng(kernel_size)
    weights = [rng.normal(scale=0.5, size=w.shape) for w in model.get_weights()]
    model.set_weights(weights)
    images = rng.uniform(size=(batch, 28, 28, 1))
    probabilities = forward(images, *weights)
    check(probabilities, model(images).numpy(),
          describe(images=images.shape, conv_kernel=weights[0].shape, dense_weights=weights[2].shape),
          rtol=1e-6, atol=1e-9)  # fmt: skip


def test_bad_bias_raises_value_error():
    with pytest.raises(ValueError):
        forward(np.ones((1, 28, 28, 1)), np.ones((3, 3, 1, 4)), np.ones(3), np.ones((676, 10)), np.ones(10))
