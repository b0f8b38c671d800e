"""Exercise 9, a whole forward pass: the same network in Keras, and the known mistakes of chaining exercises 5 to 8.

The answer is a float64 Keras model given the same weights; each mistake is the chain, run by TensorFlow,
with one step left out. (Which of the student's own stages first differs, the test works out itself.)
"""

import keras
import tensorflow as tf

from course.oracles.common import conv2d, max_pool2d


def keras_model(kernel_size, filters, classes, input_shape=(28, 28, 1)):
    """forward as a float64 Keras model: conv (VALID) with relu, 2x2 max pooling, flatten, dense with softmax."""
    return keras.Sequential(
        [
            keras.Input(input_shape, dtype="float64"),
            keras.layers.Conv2D(filters, kernel_size, activation="relu", dtype="float64"),
            keras.layers.MaxPooling2D(2, dtype="float64"),
            keras.layers.Flatten(dtype="float64"),
            keras.layers.Dense(classes, activation="softmax", dtype="float64"),
        ]
    )


def forward_mistakes(images, kernel, conv_bias, dense_weights, dense_bias):
    def run(bias=True, relu=True, probabilities=True):
        x = conv2d(images, kernel) + (conv_bias if bias else 0)
        x = tf.nn.relu(x).numpy() if relu else x
        x = max_pool2d(x, 2, 2, "VALID")
        logits = x.reshape(len(x), -1) @ dense_weights + dense_bias
        return tf.nn.softmax(logits).numpy() if probabilities else logits

    return [
        ("the conv_bias was not added after the convolution.", lambda: run(bias=False)),
        ("relu was left out.", lambda: run(relu=False)),
        ("softmax was left out: forward returns probabilities, not the dense layer's scores.",
         lambda: run(probabilities=False)),
    ]  # fmt: skip
