"""Likely cause: the kernel was flipped."""

import numpy as np

from solutions.ex05_conv2d import conv2d as correlate


def conv2d(input, filters, strides=1, padding="VALID", dilations=1):
    # A convolution flips its kernel (exercise 1), so flip it before sliding.
    return correlate(input, np.asarray(filters)[::-1, ::-1], strides, padding, dilations)
