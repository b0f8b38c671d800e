"""Likely cause: the stride was ignored"""

import numpy as np

from solutions.ex05_conv2d import padded_input


def conv2d(input, filters, strides=1, padding="VALID", dilations=1):
    kh, kw, _, c_out = filters.shape
    d = (dilations, dilations) if isinstance(dilations, int) else dilations
    s = (strides, strides) if isinstance(strides, int) else strides
    x = padded_input(np.asarray(input, float), (kh, kw), s, padding, d)
    oh, ow = x.shape[1] - d[0] * (kh - 1), x.shape[2] - d[1] * (kw - 1)
    out = np.zeros((x.shape[0], oh, ow, c_out))
    for i in range(oh):
        for j in range(ow):  # the window moves one pixel at a time, whatever the stride
            window = x[:, i : i + d[0] * (kh - 1) + 1 : d[0], j : j + d[1] * (kw - 1) + 1 : d[1], :]
            out[:, i, j, :] = np.tensordot(window, filters, axes=3)
    return out
