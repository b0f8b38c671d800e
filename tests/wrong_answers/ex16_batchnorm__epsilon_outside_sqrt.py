"""Likely cause: epsilon was added outside the square root."""

import numpy as np

from solutions.ex16_batchnorm import batchnorm_backward  # noqa: F401  (checked too)


def batchnorm_forward(x, gamma, beta, moving_mean, moving_variance, training, momentum=0.99, epsilon=1e-3):
    if training:
        mean, variance = x.mean(axis=(0, 1, 2)), x.var(axis=(0, 1, 2))
        moving_mean = momentum * moving_mean + (1 - momentum) * mean
        moving_variance = momentum * moving_variance + (1 - momentum) * variance
    else:
        mean, variance = moving_mean, moving_variance
    std = np.sqrt(variance) + epsilon
    return gamma * (x - mean) / std + beta, moving_mean, moving_variance
