"""Likely cause: ReLU was computed as abs(x)."""

import numpy as np

from solutions.ex06_activations import softmax  # noqa: F401  (checked too)


def relu(x):
    return np.abs(np.asarray(x, float))  # "makes every value positive"
