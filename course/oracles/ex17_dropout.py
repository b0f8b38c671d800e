"""Exercise 17, inverted dropout: Keras's answers, and the known mistakes.

The answers come from a float64 ``keras.layers.Dropout`` layer and a ``tf.GradientTape`` through it;
the mistakes are computed in NumPy from the wrong formula.
"""

import keras
import numpy as np
import tensorflow as tf


def dropout(x, rate, seed, grad_out):
    """Keras's Dropout in training mode, in float64: (its output, tf.GradientTape's input gradient)."""
    layer = keras.layers.Dropout(rate, seed=seed, dtype="float64")
    x = tf.Variable(x, dtype=tf.float64)
    with tf.GradientTape() as tape:
        out = layer(x, training=True)
        loss = tf.reduce_sum(out * grad_out)
    return out.numpy(), tape.gradient(loss, x).numpy()


def dropout_inference(x, rate):
    return keras.ops.convert_to_numpy(keras.layers.Dropout(rate, dtype="float64")(x, training=False))


NOT_SCALED = (
    "the kept values were not scaled by 1 / (1 - rate). Inverted dropout scales them up in training, "
    "so that the expected output equals the input and inference needs no change."
)
RATE_AS_KEEP = (
    "rate was read as the probability of keeping a value. In Keras, rate is the share dropped: "
    "a value is kept with probability 1 - rate, and kept values are divided by 1 - rate."
)


def dropout_mistakes(x, rate, mask):
    return [
        (NOT_SCALED, lambda: np.where(mask, x, 0.0)),
        (RATE_AS_KEEP, lambda: np.where(mask, x / rate, 0.0) if rate else None),
    ]


def dropout_inference_mistakes(x, rate):
    return [
        ("the output was scaled at inference. Inverted dropout does all its scaling in training: with "
         "training=False the output is the input, unchanged.", lambda scale=scale: x * scale)
        for scale in (1 - rate, 1 / (1 - rate))
    ]  # fmt: skip


def dropout_backward_mistakes(grad_out, mask, rate):
    return [(NOT_SCALED, lambda: np.where(mask, grad_out, 0.0))]
