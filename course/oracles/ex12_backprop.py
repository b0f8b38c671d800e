"""Exercise 12, backpropagation through conv, pool and ReLU: the known mistakes of each gradient.

The answers are tf.GradientTape's, by :func:`course.oracles.common.gradients`.
"""

import numpy as np
import tensorflow as tf

from course.oracles.common import explicit, gradients, pair, same_as_explicit

RELU_GRADIENT_AT_ZERO = (
    "at x == 0 the gradient was passed through. ReLU's derivative at exactly 0 is taken as 0 "
    "(TensorFlow does): use x > 0, not x >= 0."
)


def relu_backward_mistakes(x, grad_output):
    return [(RELU_GRADIENT_AT_ZERO, lambda: grad_output * (x >= 0))]


def max_pool_backward_mistakes(x, grad_output, ksize, strides, padding):
    return [
        ("each window's gradient went to every pixel of the window. It goes to the window's maximum only.",
         lambda: _max_pool_backward(x, grad_output, ksize, strides, padding, "window")),
        ("the gradient went to every maximum of a window with ties. TF sends it to one: the first "
         "maximum in row-major order (top row first, then left to right).",
         lambda: _max_pool_backward(x, grad_output, ksize, strides, padding, "ties")),
        ("the gradient was assigned (=) instead of added (+=), so where windows overlap and share "
         "a maximum, the last window's gradient replaced the others'.",
         lambda: _max_pool_backward(x, grad_output, ksize, strides, padding, "assign")),
    ]  # fmt: skip


def _max_pool_backward(x, grad_output, ksize, strides, padding, rule):
    """Max pooling's input gradient computed the wrong way ``rule`` says: "window", "ties" or "assign"."""
    (kh, kw), (sh, sw) = pair(ksize), pair(strides)
    pads = same_as_explicit(x.shape, (kh, kw), strides) if padding == "SAME" else [[0, 0]] * 4
    padded = np.pad(x, pads, constant_values=-np.inf)
    grad = np.zeros_like(padded)
    for i in range(grad_output.shape[1]):
        for j in range(grad_output.shape[2]):
            rows, cols = slice(i * sh, i * sh + kh), slice(j * sw, j * sw + kw)
            window = padded[:, rows, cols, :]
            g = grad_output[:, i : i + 1, j : j + 1, :]
            if rule == "window":
                grad[:, rows, cols, :] += np.isfinite(window) * g
            elif rule == "ties":
                grad[:, rows, cols, :] += (window == window.max(axis=(1, 2), keepdims=True)) * g
            else:
                first = _first_maximum(window)
                grad[:, rows, cols, :] = np.where(first, g, grad[:, rows, cols, :])
    (top, _), (left, _) = pads[1], pads[2]
    return grad[:, top : top + x.shape[1], left : left + x.shape[2], :]


def _first_maximum(window):
    """A mask of each (image, channel)'s first maximum in the window, row-major."""
    n, kh, kw, c = window.shape
    flat = window.transpose(0, 3, 1, 2).reshape(n, c, kh * kw)
    mask = np.zeros_like(flat, dtype=bool)
    np.put_along_axis(mask, flat.argmax(axis=2)[..., None], True, axis=2)
    return mask.reshape(n, c, kh, kw).transpose(0, 2, 3, 1)


def conv2d_backward_mistakes(x, filters, grad_output, strides, padding):
    def forward(kernel):
        return lambda v, f: tf.nn.conv2d(v, kernel(f), strides, explicit(padding))

    return [
        ("grad_input used the kernel without flipping it. Sending each output's gradient back through "
         "the window it came from turns the kernel around (a full convolution with the flipped kernel); "
         "accumulate grad_output @ filters[a, b].T at the pixels tap (a, b) touched instead.",
         lambda: gradients(forward(lambda f: f[::-1, ::-1]), [x, filters], grad_output)[0]),
    ]  # fmt: skip
