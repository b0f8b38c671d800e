"""Likely cause: symmetric padding: the same on both sides."""

import numpy as np

from solutions.common import positive_pair
from solutions.ex03_output_size import same_padding
from solutions.ex07_pooling import avg_pool2d as avg_pool_valid
from solutions.ex07_pooling import max_pool2d as max_pool_valid


def pad_same(x, ksize, strides, fill):
    """Half of SAME's total padding on each side of height and width."""
    halves = [
        sum(same_padding(size, k, s)) // 2
        for size, k, s in zip(
            x.shape[1:3], positive_pair(ksize, "ksize"), positive_pair(strides, "strides"), strict=True
        )
    ]
    return np.pad(x, ((0, 0), (halves[0],) * 2, (halves[1],) * 2, (0, 0)), constant_values=fill)


def max_pool2d(input, ksize, strides, padding):
    if padding == "SAME":
        input, padding = pad_same(input, ksize, strides, -np.inf), "VALID"
    return max_pool_valid(input, ksize, strides, padding)


def avg_pool2d(input, ksize, strides, padding):
    if padding == "SAME":  # NaN padding, which the mean leaves out
        input, padding = pad_same(input, ksize, strides, np.nan), "VALID"
    return avg_pool_valid(input, ksize, strides, padding)
