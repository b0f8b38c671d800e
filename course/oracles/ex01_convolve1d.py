"""Exercise 1, 1-D convolution: the known mistakes, computed by np.convolve run the wrong way.

The answer itself is ``np.convolve``, which the tests call directly.
"""

import math

import numpy as np


def convolve1d_mistakes(signal, kernel, mode):
    full = np.convolve(signal, kernel, "full")
    length = max(len(signal), len(kernel))

    def same_on_the_wrong_side():
        if mode != "same":
            return None
        start = math.ceil((len(full) - length) / 2)  # the odd extra value dropped at the start
        return full[start : start + length]

    return [
        ("the kernel was not flipped: that is cross-correlation. Convolution flips the kernel first.",
         lambda: np.convolve(signal, kernel[::-1], mode)),
        ("'same' was centred on the wrong side: when an odd number of values is dropped from 'full', "
         "np.convolve drops the extra one at the end, not at the start.", same_on_the_wrong_side),
    ]  # fmt: skip
