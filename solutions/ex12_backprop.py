"""Solution to exercise 12: gradients of ReLU, max pooling and conv2d."""

import numpy as np

from solutions.common import as_array, positive_pair
from solutions.ex05_conv2d import explicit_padding, output_size, padded_input
from solutions.ex07_pooling import max_pool2d


def _check_grad_shape(grad_output, forward_shape):
    grad_output = np.asarray(grad_output, dtype=np.float64)
    if grad_output.shape != tuple(forward_shape):
        raise ValueError(
            f"grad_output has shape {grad_output.shape} but the forward output has shape {tuple(forward_shape)}"
        )
    return grad_output


def relu_backward(x, grad_output):
    x = np.asarray(x, dtype=np.float64)
    return _check_grad_shape(grad_output, x.shape) * (x > 0)


def max_pool2d_backward(input, grad_output, ksize, strides, padding):
    x = as_array(input, "input", 4)
    grad_output = _check_grad_shape(grad_output, max_pool2d(x, ksize, strides, padding).shape)
    (kh, kw), (sh, sw) = positive_pair(ksize, "ksize"), positive_pair(strides, "strides")
    (top, bottom), (left, right) = explicit_padding(padding, x.shape[1], x.shape[2], (kh, kw), (sh, sw), (1, 1))
    padded = np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)), constant_values=-np.inf)
    grad = np.zeros_like(padded)
    n, oh, ow, channels = grad_output.shape
    batch, channel = np.meshgrid(np.arange(n), np.arange(channels), indexing="ij")
    for i in range(oh):
        for j in range(ow):
            window = padded[:, i * sh : i * sh + kh, j * sw : j * sw + kw, :]
            flat = window.reshape(n, kh * kw, channels).argmax(axis=1)  # first maximum, as TF
            rows, cols = i * sh + flat // kw, j * sw + flat % kw
            grad[batch, rows, cols, channel] += grad_output[:, i, j, :]
    return grad[:, top : top + x.shape[1], left : left + x.shape[2], :]


def conv2d_backward(input, filters, grad_output, strides=1, padding="VALID"):
    x = as_array(input, "input", 4)
    filters = as_array(filters, "filters", 4)
    if x.shape[3] != filters.shape[2]:
        raise ValueError(f"input has {x.shape[3]} channels but the filters expect {filters.shape[2]}")
    kh, kw = filters.shape[:2]
    sh, sw = positive_pair(strides, "strides")
    (top, _), (left, _) = explicit_padding(padding, x.shape[1], x.shape[2], (kh, kw), (sh, sw), (1, 1))
    padded = padded_input(x, (kh, kw), (sh, sw), padding, (1, 1))
    forward_shape = (x.shape[0], output_size(padded.shape[1], kh, sh, 1), output_size(padded.shape[2], kw, sw, 1),
                     filters.shape[3])  # fmt: skip
    grad_output = _check_grad_shape(grad_output, forward_shape)
    grad_padded = np.zeros_like(padded)
    grad_filters = np.zeros_like(filters)
    oh, ow = grad_output.shape[1:3]
    # One vectorised step per kernel tap (a, b): the input pixels it touched form a strided slice.
    for a in range(kh):
        for b in range(kw):
            rows, cols = slice(a, a + sh * (oh - 1) + 1, sh), slice(b, b + sw * (ow - 1) + 1, sw)
            touched = padded[:, rows, cols, :]  # (N, OH, OW, C_in)
            grad_filters[a, b] = np.tensordot(touched, grad_output, axes=([0, 1, 2], [0, 1, 2]))
            grad_padded[:, rows, cols, :] += grad_output @ filters[a, b].T
    return grad_padded[:, top : top + x.shape[1], left : left + x.shape[2], :], grad_filters
