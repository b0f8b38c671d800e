"""Likely cause: the stride defaulted to the window size."""

import numpy as np

from solutions.common import positive_pair
from solutions.ex05_conv2d import explicit_padding


def pool(x, ksize, padding, fill, reduce):
    kh, kw = positive_pair(ksize, "ksize")  # each window starts where the last one ended
    pads = explicit_padding(padding, x.shape[1], x.shape[2], (kh, kw), (kh, kw), (1, 1))
    x = np.pad(x, ((0, 0), *pads, (0, 0)), constant_values=fill)
    out = np.zeros((x.shape[0], (x.shape[1] - kh) // kh + 1, (x.shape[2] - kw) // kw + 1, x.shape[3]))
    for i in range(out.shape[1]):
        for j in range(out.shape[2]):
            out[:, i, j, :] = reduce(x[:, i * kh : (i + 1) * kh, j * kw : (j + 1) * kw, :], axis=(1, 2))
    return out


def max_pool2d(input, ksize, strides, padding):
    return pool(input, ksize, padding, -np.inf, np.max)


def avg_pool2d(input, ksize, strides, padding):
    return pool(input, ksize, padding, np.nan, np.nanmean)
