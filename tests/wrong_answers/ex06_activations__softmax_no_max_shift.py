"""Likely cause: the maximum was not subtracted first"""

import numpy as np

from solutions.ex06_activations import relu  # noqa: F401  (checked too)


def softmax(x, axis=-1):
    exp = np.exp(np.asarray(x, float))  # the formula as written: exp(1000) is inf
    return exp / np.sum(exp, axis=axis, keepdims=True)
