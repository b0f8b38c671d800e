"""Solution to exercise 16: batch normalisation of NHWC batches, forward and backward, as Keras does it."""

import numpy as np

from solutions.common import as_array

AXES = (0, 1, 2)  # one mean and one variance per channel, over the batch, the height and the width


def _per_channel(x, **values):
    """The values as float64 arrays of shape (channels,)."""
    arrays = [np.asarray(value, dtype=np.float64) for value in values.values()]
    for name, array in zip(values, arrays, strict=True):
        if array.shape != (x.shape[3],):
            raise ValueError(f"{name} must have one value per channel, shape ({x.shape[3]},), got {array.shape}")
    return arrays


def _check_epsilon(epsilon):
    if not epsilon > 0:
        raise ValueError(f"epsilon must be above 0 (it keeps the division finite), got {epsilon!r}")


def batchnorm_forward(x, gamma, beta, moving_mean, moving_variance, training, momentum=0.99, epsilon=1e-3):
    x = as_array(x, "x", 4)
    gamma, beta, moving_mean, moving_variance = _per_channel(
        x, gamma=gamma, beta=beta, moving_mean=moving_mean, moving_variance=moving_variance
    )
    if not 0 <= momentum <= 1:
        raise ValueError(f"momentum must be between 0 and 1, got {momentum!r}")
    _check_epsilon(epsilon)
    if training:
        mean, variance = x.mean(axis=AXES), x.var(axis=AXES)  # biased: divided by N*H*W, as Keras does
        moving_mean = momentum * moving_mean + (1 - momentum) * mean
        moving_variance = momentum * moving_variance + (1 - momentum) * variance
    else:
        mean, variance = moving_mean, moving_variance
    out = gamma * (x - mean) / np.sqrt(variance + epsilon) + beta
    return out, moving_mean, moving_variance


def batchnorm_backward(grad_out, x, gamma, epsilon=1e-3):
    x = as_array(x, "x", 4)
    grad_out = np.asarray(grad_out, dtype=np.float64)
    if grad_out.shape != x.shape:
        raise ValueError(f"grad_out has shape {grad_out.shape} but x has {x.shape}: they must match")
    (gamma,) = _per_channel(x, gamma=gamma)
    _check_epsilon(epsilon)
    inverse_std = 1 / np.sqrt(x.var(axis=AXES) + epsilon)
    x_hat = (x - x.mean(axis=AXES)) * inverse_std
    grad_gamma = np.sum(grad_out * x_hat, axis=AXES)
    grad_beta = np.sum(grad_out, axis=AXES)
    # Each x moves its own x_hat, and also the mean and the variance that every x_hat of its channel uses.
    grad_x = gamma * inverse_std * (grad_out - grad_out.mean(axis=AXES) - x_hat * np.mean(grad_out * x_hat, axis=AXES))
    return grad_x, grad_gamma, grad_beta
