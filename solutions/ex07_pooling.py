"""Solution to exercise 7: max and average pooling."""

import numpy as np

from solutions.common import as_array, positive_pair
from solutions.ex05_conv2d import explicit_padding, output_size


def _windows(input, ksize, strides, padding, fill):
    """Yields (i, j, window) with ``window`` of shape (N, KH, KW, C), padded with ``fill``."""
    x = as_array(input, "input", 4)
    (kh, kw), (sh, sw) = positive_pair(ksize, "ksize"), positive_pair(strides, "strides")
    if padding not in ("SAME", "VALID"):
        raise ValueError(f"padding must be 'SAME' or 'VALID', got {padding!r}")
    pads = explicit_padding(padding, x.shape[1], x.shape[2], (kh, kw), (sh, sw), (1, 1))
    x = np.pad(x, ((0, 0), pads[0], pads[1], (0, 0)), constant_values=fill)
    if kh > x.shape[1] or kw > x.shape[2]:
        raise ValueError(f"the window {(kh, kw)} is larger than the input {x.shape[1:3]}")
    oh, ow = output_size(x.shape[1], kh, sh, 1), output_size(x.shape[2], kw, sw, 1)
    for i in range(oh):
        for j in range(ow):
            yield i, j, x[:, i * sh : i * sh + kh, j * sw : j * sw + kw, :], (oh, ow)


def _pool(input, ksize, strides, padding, fill, reduce):
    out = None
    for i, j, window, (oh, ow) in _windows(input, ksize, strides, padding, fill):
        if out is None:
            out = np.zeros((window.shape[0], oh, ow, window.shape[3]))
        out[:, i, j, :] = reduce(window, axis=(1, 2))
    return out


def max_pool2d(input, ksize, strides, padding):
    return _pool(input, ksize, strides, padding, -np.inf, np.max)


def avg_pool2d(input, ksize, strides, padding):
    # Padding with NaN marks the padded positions; nanmean leaves them out.
    return _pool(input, ksize, strides, padding, np.nan, np.nanmean)
