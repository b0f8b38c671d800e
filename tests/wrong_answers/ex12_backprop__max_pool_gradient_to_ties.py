"""Likely cause: the gradient went to every maximum of a window with ties."""

from solutions.ex07_pooling import max_pool2d
from solutions.ex12_backprop import conv2d_backward, relu_backward  # noqa: F401  (checked too)
from solutions.ex12_backprop import max_pool2d_backward as general_max_pool2d_backward


def max_pool2d_backward(input, grad_output, ksize, strides, padding):
    k = ksize
    if padding != "VALID" or strides != k or not isinstance(k, int) or input.shape[1] % k or input.shape[2] % k:
        return general_max_pool2d_backward(input, grad_output, ksize, strides, padding)

    # The fast way for windows that tile the image: spread each window's maximum and gradient over the
    # window, and keep the gradient where the pixel equals the maximum.
    def spread(a):
        return a.repeat(k, axis=1).repeat(k, axis=2)

    return (input == spread(max_pool2d(input, k, k, "VALID"))) * spread(grad_output)
