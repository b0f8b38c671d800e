"""Likely cause: the window's size was taken as KH*KH or KW*KW"""

import numpy as np

from solutions import ex20_pool_backward as solved
from solutions.common import positive_pair


def avg_pool2d_backward(grad_out, x, ksize, strides, padding):
    if padding == "SAME":
        return solved.avg_pool2d_backward(grad_out, x, ksize, strides, padding)
    (kh, kw), (sh, sw) = positive_pair(ksize, "ksize"), positive_pair(strides, "strides")
    grad = np.zeros(x.shape)
    for i in range(grad_out.shape[1]):
        for j in range(grad_out.shape[2]):
            share = grad_out[:, i : i + 1, j : j + 1, :] / (kh * kh)  # "a k x k window"
            grad[:, i * sh : i * sh + kh, j * sw : j * sw + kw, :] += share
    return grad
