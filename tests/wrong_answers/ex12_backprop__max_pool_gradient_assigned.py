"""Likely cause: the gradient was assigned (=) instead of added (+=)"""

import numpy as np

from solutions.common import positive_pair
from solutions.ex05_conv2d import explicit_padding
from solutions.ex12_backprop import conv2d_backward, relu_backward  # noqa: F401  (checked too)


def max_pool2d_backward(input, grad_output, ksize, strides, padding):
    x = np.asarray(input, float)
    (kh, kw), (sh, sw) = positive_pair(ksize, "ksize"), positive_pair(strides, "strides")
    pads = explicit_padding(padding, x.shape[1], x.shape[2], (kh, kw), (sh, sw), (1, 1))
    padded = np.pad(x, ((0, 0), *pads, (0, 0)), constant_values=-np.inf)
    grad = np.zeros_like(padded)
    for n in range(x.shape[0]):
        for c in range(x.shape[3]):
            for i in range(grad_output.shape[1]):
                for j in range(grad_output.shape[2]):
                    window = padded[n, i * sh : i * sh + kh, j * sw : j * sw + kw, c]
                    a, b = np.unravel_index(np.argmax(window), window.shape)
                    grad[n, i * sh + a, j * sw + b, c] = grad_output[n, i, j, c]  # replaces, not adds
    (top, _), (left, _) = pads
    return grad[:, top : top + x.shape[1], left : left + x.shape[2], :]
