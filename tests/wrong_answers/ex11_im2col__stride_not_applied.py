"""Likely cause: the stride was ignored"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from solutions.common import positive_pair
from solutions.ex05_conv2d import padded_input
from solutions.ex11_im2col import conv2d_im2col  # noqa: F401  (checked too)


def im2col(input, kernel_size, strides=1, padding="VALID"):
    (kh, kw), (sh, sw) = positive_pair(kernel_size, "kernel_size"), positive_pair(strides, "strides")
    x = padded_input(np.asarray(input, float), (kh, kw), (sh, sw), padding, (1, 1))
    patches = sliding_window_view(x, (kh, kw), axis=(1, 2))  # every window, none skipped
    return patches.transpose(0, 1, 2, 4, 5, 3).reshape(-1, kh * kw * x.shape[3])
