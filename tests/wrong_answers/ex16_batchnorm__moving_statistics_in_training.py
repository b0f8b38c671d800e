"""Likely cause: the moving statistics were used in training mode."""

import numpy as np

from solutions.ex16_batchnorm import batchnorm_backward  # noqa: F401  (checked too)


def batchnorm_forward(x, gamma, beta, moving_mean, moving_variance, training, momentum=0.99, epsilon=1e-3):
    out = gamma * (x - moving_mean) / np.sqrt(moving_variance + epsilon) + beta
    if training:
        moving_mean = momentum * moving_mean + (1 - momentum) * x.mean(axis=(0, 1, 2))
        moving_variance = momentum * moving_variance + (1 - momentum) * x.var(axis=(0, 1, 2))
    return out, moving_mean, moving_variance
