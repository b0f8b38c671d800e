"""Likely cause: the stride was applied on one axis only"""

import numpy as np

from solutions.common import positive_pair
from solutions.ex05_conv2d import output_size, padded_input


def conv2d(input, filters, strides=1, padding="VALID", dilations=1):
    kh, kw, _, c_out = filters.shape
    (sh, sw), (dh, dw) = positive_pair(strides, "strides"), positive_pair(dilations, "dilations")
    x = padded_input(np.asarray(input, float), (kh, kw), (sh, sw), padding, (dh, dw))
    oh, ow = output_size(x.shape[1], kh, sh, dh), output_size(x.shape[2], kw, 1, dw)
    out = np.zeros((x.shape[0], oh, ow, c_out))
    for i in range(oh):
        for j in range(ow):  # rows move by the stride, columns by 1
            window = x[:, i * sh : i * sh + dh * (kh - 1) + 1 : dh, j : j + dw * (kw - 1) + 1 : dw, :]
            out[:, i, j, :] = np.tensordot(window, filters, axes=3)
    return out
