"""Likely cause: the statistics were taken per image (over height and width only)."""

import numpy as np

from solutions.ex16_batchnorm import batchnorm_backward  # noqa: F401  (checked too)


def batchnorm_forward(x, gamma, beta, moving_mean, moving_variance, training, momentum=0.99, epsilon=1e-3):
    if not training:
        return gamma * (x - moving_mean) / np.sqrt(moving_variance + epsilon) + beta, moving_mean, moving_variance
    mean = x.mean(axis=(1, 2), keepdims=True)  # each image's own statistics, per channel
    variance = x.var(axis=(1, 2), keepdims=True)
    out = gamma * (x - mean) / np.sqrt(variance + epsilon) + beta
    new_mean = momentum * moving_mean + (1 - momentum) * mean.mean(axis=(0, 1, 2))
    new_variance = momentum * moving_variance + (1 - momentum) * x.var(axis=(0, 1, 2))
    return out, new_mean, new_variance
