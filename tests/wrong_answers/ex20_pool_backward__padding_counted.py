"""Likely cause: the padding zeros were counted"""

import numpy as np

from solutions.common import positive_pair
from solutions.ex05_conv2d import explicit_padding


def avg_pool2d_backward(grad_out, x, ksize, strides, padding):
    (kh, kw), (sh, sw) = positive_pair(ksize, "ksize"), positive_pair(strides, "strides")
    (top, bottom), (left, right) = explicit_padding(padding, x.shape[1], x.shape[2], (kh, kw), (sh, sw), (1, 1))
    grad = np.zeros((x.shape[0], x.shape[1] + top + bottom, x.shape[2] + left + right, x.shape[3]))
    for i in range(grad_out.shape[1]):
        for j in range(grad_out.shape[2]):
            share = grad_out[:, i : i + 1, j : j + 1, :] / (kh * kw)  # every window holds kh * kw pixels
            grad[:, i * sh : i * sh + kh, j * sw : j * sw + kw, :] += share
    return grad[:, top : top + x.shape[1], left : left + x.shape[2], :]
