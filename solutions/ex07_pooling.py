"""Solution to exercise 7: max and average pooling."""

import numpy as np

from solutions.common import as_array, positive_pair
from solutions.ex05_conv2d import explicit_padding, output_size


def _pool(input, ksize, strides, padding, fill, reduce):
    """Slides a KH x KW window over each channel of the input padded with ``fill``; ``reduce`` each window."""
    x = as_array(input, "input", 4)
    (kh, kw), (sh, sw) = positive_pair(ksize, "ksize"), positive_pair(strides, "strides")
    pads = explicit_padding(padding, x.shape[1], x.shape[2], (kh, kw), (sh, sw), (1, 1))
    if any(pad >= k for pair, k in zip(pads, (kh, kw), strict=True) for pad in pair):
        raise ValueError(f"each pad must be smaller than the window {(kh, kw)}, as TF requires, got {padding!r}")
    x = np.pad(x, ((0, 0), pads[0], pads[1], (0, 0)), constant_values=fill)
    if kh > x.shape[1] or kw > x.shape[2]:
        raise ValueError(f"the window {(kh, kw)} is larger than the input {x.shape[1:3]}")
    oh, ow = output_size(x.shape[1], kh, sh, 1), output_size(x.shape[2], kw, sw, 1)
    out = np.zeros((x.shape[0], oh, ow, x.shape[3]), dtype=x.dtype)
    for i in range(oh):
        for j in range(ow):
            out[:, i, j, :] = reduce(x[:, i * sh : i * sh + kh, j * sw : j * sw + kw, :], axis=(1, 2))
    return out


def max_pool2d(input, ksize, strides, padding):
    return _pool(input, ksize, strides, padding, -np.inf, np.max)


def avg_pool2d(input, ksize, strides, padding):
    if padding not in ("SAME", "VALID"):  # tf.nn.avg_pool2d has no explicit padding
        raise ValueError(f"padding must be 'SAME' or 'VALID', got {padding!r}")
    # Padding with NaN marks the padded positions; nanmean leaves them out.
    return _pool(input, ksize, strides, padding, np.nan, np.nanmean)
