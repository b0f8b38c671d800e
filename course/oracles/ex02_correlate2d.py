"""Exercise 2, 2-D sliding-window sums: the known mistakes of a cross-correlation.

The answer is :func:`course.oracles.common.correlate2d`, which exercise 10 uses too.
"""

import numpy as np

from course.oracles.common import FLIPPED, correlate2d, stride_mistakes


def correlate2d_mistakes(image, kernel, stride):
    right = correlate2d(image, kernel, stride)
    return [
        *stride_mistakes(lambda s: correlate2d(image, kernel, s), stride),
        (FLIPPED, lambda: correlate2d(image, np.asarray(kernel)[::-1, ::-1], stride)),
        ("the output is one row and one column too small: the number of positions is "
         "(H - kh) // stride + 1. The + 1 counts the first window.", lambda: right[:-1, :-1]),
    ]  # fmt: skip
