"""Likely cause: SAME's padding was cropped from the wrong side"""

import numpy as np

from solutions.ex05_conv2d import explicit_padding


def conv2d_transpose(x, filters, output_shape, strides, padding="SAME"):
    x, filters = np.asarray(x, float), np.asarray(filters, float)
    sh, sw = (strides, strides) if isinstance(strides, int) else strides
    kh, kw, c_out, _ = filters.shape
    n, oh, ow, _ = output_shape
    (top, bottom), (left, right) = explicit_padding(padding, oh, ow, (kh, kw), (sh, sw), (1, 1))
    out = np.zeros((n, top + oh + bottom, left + ow + right, c_out))
    for i in range(x.shape[1]):
        for j in range(x.shape[2]):
            out[:, i * sh : i * sh + kh, j * sw : j * sw + kw, :] += np.tensordot(x[:, i, j, :], filters, ([1], [3]))
    return out[:, bottom : bottom + oh, right : right + ow, :]  # the larger pad taken off the top and left
