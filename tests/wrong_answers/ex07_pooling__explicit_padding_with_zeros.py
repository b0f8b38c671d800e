"""Likely cause: the explicit padding was filled with 0 instead of -inf"""

import numpy as np

from solutions.ex07_pooling import avg_pool2d  # noqa: F401  (checked too)
from solutions.ex07_pooling import max_pool2d as solved_max_pool2d


def max_pool2d(input, ksize, strides, padding):
    if isinstance(padding, str):
        return solved_max_pool2d(input, ksize, strides, padding)
    return solved_max_pool2d(np.pad(input, padding), ksize, strides, "VALID")  # np.pad pads with zeros
