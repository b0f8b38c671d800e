"""Likely cause: the padding zeros were counted."""

import numpy as np

from solutions.common import positive_pair
from solutions.ex05_conv2d import padded_input
from solutions.ex07_pooling import avg_pool2d as avg_pool_valid
from solutions.ex07_pooling import max_pool2d  # noqa: F401  (checked too)


def avg_pool2d(input, ksize, strides, padding):
    # conv2d's padding (exercise 5), then the mean of each window that fits
    x = padded_input(np.asarray(input, float), positive_pair(ksize, "ksize"), positive_pair(strides, "strides"),
                     padding, (1, 1))  # fmt: skip
    return avg_pool_valid(x, ksize, strides, "VALID")
