"""Likely cause: the gradient through the batch mean and variance was left out"""

import numpy as np

from solutions.ex16_batchnorm import batchnorm_forward  # noqa: F401  (checked too)


def batchnorm_backward(grad_out, x, gamma, epsilon=1e-3):
    axes = (0, 1, 2)
    inverse_std = 1 / np.sqrt(x.var(axis=axes) + epsilon)
    x_hat = (x - x.mean(axis=axes)) * inverse_std
    # as if the mean and the variance were constants
    return grad_out * gamma * inverse_std, np.sum(grad_out * x_hat, axis=axes), np.sum(grad_out, axis=axes)
