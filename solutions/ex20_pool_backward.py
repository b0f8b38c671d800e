"""Solution to exercise 20: the gradient of average pooling."""

import numpy as np

from solutions.common import as_array, positive_pair
from solutions.ex05_conv2d import explicit_padding, output_size


def _real_pixels(size, kernel_size, stride, before, out):
    """How many real (not padded) pixels each of the ``out`` windows along one axis covers."""
    starts = np.arange(out) * stride - before
    return np.minimum(starts + kernel_size, size) - np.maximum(starts, 0)


def avg_pool2d_backward(grad_out, x, ksize, strides, padding):
    x = as_array(x, "input", 4)
    (kh, kw), (sh, sw) = positive_pair(ksize, "ksize"), positive_pair(strides, "strides")
    if padding not in ("SAME", "VALID"):
        raise ValueError(f"padding must be 'SAME' or 'VALID', got {padding!r}")
    (top, bottom), (left, right) = explicit_padding(padding, x.shape[1], x.shape[2], (kh, kw), (sh, sw), (1, 1))
    height, width = x.shape[1] + top + bottom, x.shape[2] + left + right
    if kh > height or kw > width:
        raise ValueError(f"the window {(kh, kw)} is larger than the input {x.shape[1:3]}")
    oh, ow = output_size(height, kh, sh, 1), output_size(width, kw, sw, 1)
    grad_out = np.asarray(grad_out, dtype=np.float64)
    if grad_out.shape != (x.shape[0], oh, ow, x.shape[3]):
        raise ValueError(
            f"grad_out has shape {grad_out.shape} but the pooled output has {(x.shape[0], oh, ow, x.shape[3])}"
        )
    counts = np.outer(_real_pixels(x.shape[1], kh, sh, top, oh), _real_pixels(x.shape[2], kw, sw, left, ow))
    share = grad_out / counts[None, :, :, None]  # each real pixel of a window gets an equal share
    grad = np.zeros((x.shape[0], height, width, x.shape[3]))
    # One vectorised step per window position (a, b): the pixels it covers form a strided slice.
    for a in range(kh):
        for b in range(kw):
            grad[:, a : a + sh * (oh - 1) + 1 : sh, b : b + sw * (ow - 1) + 1 : sw, :] += share
    return grad[:, top : top + x.shape[1], left : left + x.shape[2], :]
