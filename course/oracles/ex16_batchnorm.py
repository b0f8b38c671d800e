"""Exercise 16, batch normalisation forward and backward: Keras's answers, and the known mistakes.

The answers come from a float64 ``keras.layers.BatchNormalization`` layer, the gradients from a
``tf.GradientTape`` through it; the mistakes are computed in NumPy from the wrong formula.
"""

import keras
import numpy as np
import tensorflow as tf

AXES = (0, 1, 2)


def batchnorm_layer(gamma, beta, moving_mean, moving_variance, momentum=0.99, epsilon=1e-3):
    """A float64 ``keras.layers.BatchNormalization`` with these weights."""
    layer = keras.layers.BatchNormalization(momentum=momentum, epsilon=epsilon, dtype="float64")
    layer.build((None, None, None, len(gamma)))
    layer.set_weights([np.asarray(w, np.float64) for w in (gamma, beta, moving_mean, moving_variance)])
    return layer


def batchnorm_forward(x, gamma, beta, moving_mean, moving_variance, training, momentum=0.99, epsilon=1e-3):
    """Keras's answer: (out, new moving mean, new moving variance)."""
    layer = batchnorm_layer(gamma, beta, moving_mean, moving_variance, momentum, epsilon)
    out = keras.ops.convert_to_numpy(layer(x, training=training))
    return out, *(keras.ops.convert_to_numpy(w) for w in (layer.moving_mean, layer.moving_variance))


def batchnorm_backward(grad_out, x, gamma, epsilon=1e-3):
    """tf.GradientTape's (grad_x, grad_gamma, grad_beta) through the Keras layer in training mode."""
    channels = x.shape[3]
    layer = batchnorm_layer(gamma, np.zeros(channels), np.zeros(channels), np.ones(channels), epsilon=epsilon)
    x = tf.Variable(x, dtype=tf.float64)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(layer(x, training=True) * grad_out)
    return [g.numpy() for g in tape.gradient(loss, [x, layer.gamma, layer.beta])]


def _normalise(x, gamma, beta, epsilon, axes=AXES, eps_outside=False):
    mean, variance = x.mean(axis=axes, keepdims=True), x.var(axis=axes, keepdims=True)
    spread = np.sqrt(variance) + epsilon if eps_outside else np.sqrt(variance + epsilon)
    return gamma * (x - mean) / spread + beta


def batchnorm_forward_mistakes(x, gamma, beta, moving_mean, moving_variance, training, epsilon=1e-3):
    """Mistakes in ``out``."""
    used_in_training = gamma * (x - moving_mean) / np.sqrt(moving_variance + epsilon) + beta
    if not training:
        return [("the batch's own statistics were used at inference. With training=False, Keras normalises "
                 "with the moving mean and variance.", lambda: _normalise(x, gamma, beta, epsilon))]  # fmt: skip
    return [
        ("the statistics were taken per image (over height and width only). Batch normalisation takes one "
         "mean and variance per channel over the whole batch: axes (0, 1, 2).",
         lambda: _normalise(x, gamma, beta, epsilon, axes=(1, 2))),
        ("the statistics were taken per image over everything (height, width and channels), as layer "
         "normalisation does. Batch normalisation takes them per channel over axes (0, 1, 2).",
         lambda: _normalise(x, gamma, beta, epsilon, axes=(1, 2, 3))),
        ("the statistics were taken over the channels (axis 3). Batch normalisation keeps the channels "
         "apart: one mean and variance per channel, over axes (0, 1, 2).",
         lambda: _normalise(x, gamma, beta, epsilon, axes=(3,))),
        ("epsilon was added outside the square root. Keras divides by sqrt(variance + epsilon).",
         lambda: _normalise(x, gamma, beta, epsilon, eps_outside=True)),
        ("the moving statistics were used in training mode. In training, Keras normalises with the batch's "
         "own mean and variance, and only updates the moving ones.", lambda: used_in_training),
    ]  # fmt: skip


MOMENTUM_SWAPPED = (
    "the momentum was used the wrong way round. Keras keeps most of the old value: "
    "moving = momentum * moving + (1 - momentum) * batch statistic."
)
UNBIASED_VARIANCE = (
    "the moving variance was updated with the unbiased variance (divided by n - 1). Keras uses the "
    "biased one, divided by n = N*H*W, for normalising and for the moving variance alike."
)


def moving_mean_mistakes(x, moving_mean, momentum):
    mean = x.mean(axis=AXES)
    return [(MOMENTUM_SWAPPED, lambda: momentum * mean + (1 - momentum) * moving_mean)]


def moving_variance_mistakes(x, moving_variance, momentum):
    variance, unbiased = x.var(axis=AXES), x.var(axis=AXES, ddof=1)
    return [
        (MOMENTUM_SWAPPED, lambda: momentum * variance + (1 - momentum) * moving_variance),
        (UNBIASED_VARIANCE, lambda: momentum * moving_variance + (1 - momentum) * unbiased),
    ]


def batchnorm_backward_mistakes(grad_out, x, gamma, epsilon=1e-3):
    inverse_std = 1 / np.sqrt(x.var(axis=AXES) + epsilon)
    x_hat = (x - x.mean(axis=AXES)) * inverse_std
    direct = gamma * inverse_std * grad_out
    return [
        ("the gradient through the batch mean and variance was left out: grad_x is not just "
         "grad_out * gamma / sqrt(variance + epsilon), because every x also moves the mean and the variance "
         "that normalise its whole channel. Subtract the mean of grad_out and x_hat times the mean of "
         "grad_out * x_hat (per channel).", lambda: direct),
        ("the gradient through the batch variance was left out: subtract x_hat times the mean of "
         "grad_out * x_hat (per channel) too.",
         lambda: direct - gamma * inverse_std * grad_out.mean(axis=AXES)),
        ("the gradient through the batch mean was left out: subtract the mean of grad_out (per channel) too.",
         lambda: direct - gamma * inverse_std * x_hat * np.mean(grad_out * x_hat, axis=AXES)),
    ]  # fmt: skip
