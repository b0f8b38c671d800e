"""Likely cause: the kernel was flipped (or not flipped where your method needs it)."""

import numpy as np

from solutions.ex05_conv2d import conv2d, explicit_padding


def conv2d_transpose(x, filters, output_shape, strides, padding="SAME"):
    x, filters = np.asarray(x, float), np.asarray(filters, float)
    sh, sw = (strides, strides) if isinstance(strides, int) else strides
    kh, kw = filters.shape[:2]
    _, oh, ow, _ = output_shape
    # Zero-stuff x (stride - 1 zeros between pixels), pad it by the kernel size - 1, slide the kernel over it:
    # a full convolution, with the kernel as it is (it needs filters[::-1, ::-1]).
    stuffed = np.zeros((x.shape[0], (x.shape[1] - 1) * sh + 1, (x.shape[2] - 1) * sw + 1, x.shape[3]))
    stuffed[:, ::sh, ::sw, :] = x
    full = conv2d(np.pad(stuffed, [(0, 0), (kh - 1, kh - 1), (kw - 1, kw - 1), (0, 0)]), filters.transpose(0, 1, 3, 2))
    (top, _), (left, _) = explicit_padding(padding, oh, ow, (kh, kw), (sh, sw), (1, 1))
    full = np.pad(full, [(0, 0), (0, max(top + oh - full.shape[1], 0)), (0, max(left + ow - full.shape[2], 0)), (0, 0)])
    return full[:, top : top + oh, left : left + ow, :]
