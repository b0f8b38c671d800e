"""Likely cause: the kernel's dilation was ignored"""

import numpy as np

from solutions.common import positive_pair
from solutions.ex05_conv2d import padded_input


def conv2d(input, filters, strides=1, padding="VALID", dilations=1):
    kh, kw, _, c_out = filters.shape
    sh, sw = positive_pair(strides, "strides")
    x = padded_input(np.asarray(input, float), (kh, kw), (sh, sw), padding, (1, 1))  # no dilation anywhere
    oh, ow = (x.shape[1] - kh) // sh + 1, (x.shape[2] - kw) // sw + 1
    out = np.zeros((x.shape[0], oh, ow, c_out))
    for i in range(oh):
        for j in range(ow):
            out[:, i, j, :] = np.tensordot(x[:, i * sh : i * sh + kh, j * sw : j * sw + kw, :], filters, axes=3)
    return out
