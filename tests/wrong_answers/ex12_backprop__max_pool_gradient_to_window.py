"""Likely cause: each window's gradient went to every pixel of the window."""

import numpy as np

from solutions.common import positive_pair
from solutions.ex05_conv2d import explicit_padding
from solutions.ex12_backprop import conv2d_backward, relu_backward  # noqa: F401  (checked too)


def max_pool2d_backward(input, grad_output, ksize, strides, padding):
    x = np.asarray(input, float)
    (kh, kw), (sh, sw) = positive_pair(ksize, "ksize"), positive_pair(strides, "strides")
    (top, bottom), (left, right) = explicit_padding(padding, x.shape[1], x.shape[2], (kh, kw), (sh, sw), (1, 1))
    grad = np.zeros((x.shape[0], x.shape[1] + top + bottom, x.shape[2] + left + right, x.shape[3]))
    for i in range(grad_output.shape[1]):
        for j in range(grad_output.shape[2]):  # the whole window shares the gradient, max or not
            grad[:, i * sh : i * sh + kh, j * sw : j * sw + kw, :] += grad_output[:, i : i + 1, j : j + 1, :]
    return grad[:, top : top + x.shape[1], left : left + x.shape[2], :]
