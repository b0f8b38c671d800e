"""while computing max_pool2d_backward(array (2, 7, 8, 3), array (2, 3, 7, 3), (3, 2), (2, 1), 'VALID')"""

import numpy as np

from solutions.common import positive_pair
from solutions.ex05_conv2d import explicit_padding
from solutions.ex12_backprop import conv2d_backward, relu_backward  # noqa: F401  (checked too)


def max_pool2d_backward(input, grad_output, ksize, strides, padding):
    (kh, kw), (sh, sw) = positive_pair(ksize, "ksize"), positive_pair(strides, "strides")
    (top, bottom), (left, right) = explicit_padding(padding, input.shape[1], input.shape[2], (kh, kw), (sh, sw), (1, 1))
    padded = np.pad(input, ((0, 0), (top, bottom), (left, right), (0, 0)), constant_values=-np.inf)
    grad = np.zeros_like(padded)
    n, oh, ow, channels = grad_output.shape
    batch, channel = np.meshgrid(np.arange(n), np.arange(channels), indexing="ij")
    for i in range(oh):
        for j in range(ow):
            window = padded[:, i * sh : i * sh + kh, j * sw : j * sw + kw, :]
            flat = window.reshape(n, kh * kw, channels).argmax(axis=1)
            rows, cols = i * sh + flat // kh, j * sw + flat % kh  # a window's row is kw long, not kh
            grad[batch, rows, cols, channel] += grad_output[:, i, j, :]
    return grad[:, top : top + input.shape[1], left : left + input.shape[2], :]
