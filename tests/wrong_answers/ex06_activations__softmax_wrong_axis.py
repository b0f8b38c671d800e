"""Likely cause: softmax was taken over the wrong axis."""

import numpy as np

from solutions.ex06_activations import relu  # noqa: F401  (checked too)


def softmax(x, axis=-1):
    x = np.asarray(x, float)
    exp = np.exp(x - np.max(x, axis=0, keepdims=True))  # axis 0, whatever `axis` says
    return exp / np.sum(exp, axis=0, keepdims=True)
