"""Likely cause: grad_input used the kernel without flipping it."""

import numpy as np

from solutions.common import positive_pair
from solutions.ex05_conv2d import conv2d, explicit_padding
from solutions.ex12_backprop import conv2d_backward as solved
from solutions.ex12_backprop import max_pool2d_backward, relu_backward  # noqa: F401  (checked too)


def conv2d_backward(input, filters, grad_output, strides=1, padding="VALID"):
    kh, kw = filters.shape[:2]
    # grad_input is a full convolution of grad_output with the filters, in and out channels swapped:
    # pad by the kernel size - 1 and slide the kernel over it, as it is.
    padded_grad = np.pad(grad_output, ((0, 0), (kh - 1, kh - 1), (kw - 1, kw - 1), (0, 0)))
    grad_padded_input = conv2d(padded_grad, np.asarray(filters).transpose(0, 1, 3, 2))
    steps = positive_pair(strides, "strides")
    (top, _), (left, _) = explicit_padding(padding, input.shape[1], input.shape[2], (kh, kw), steps, (1, 1))
    grad_input = grad_padded_input[:, top : top + input.shape[1], left : left + input.shape[2], :]
    return grad_input, solved(input, filters, grad_output, strides, padding)[1]
