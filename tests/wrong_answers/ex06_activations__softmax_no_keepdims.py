"""Likely cause: the sum was taken without keepdims=True"""

import numpy as np

from solutions.ex06_activations import relu  # noqa: F401  (checked too)


def softmax(x, axis=-1):
    x = np.asarray(x, float)
    exp = np.exp(x - np.max(x, axis=axis))  # without keepdims, both reductions lose the axis
    return exp / np.sum(exp, axis=axis)
