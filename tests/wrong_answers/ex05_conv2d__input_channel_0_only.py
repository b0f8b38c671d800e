"""Likely cause: only input channel 0 was used."""

import numpy as np

from solutions.common import positive_pair
from solutions.ex05_conv2d import output_size, padded_input


def conv2d(input, filters, strides=1, padding="VALID", dilations=1):
    kh, kw, _, c_out = filters.shape
    (sh, sw), (dh, dw) = positive_pair(strides, "strides"), positive_pair(dilations, "dilations")
    x = padded_input(np.asarray(input, float), (kh, kw), (sh, sw), padding, (dh, dw))
    oh, ow = output_size(x.shape[1], kh, sh, dh), output_size(x.shape[2], kw, sw, dw)
    out = np.zeros((x.shape[0], oh, ow, c_out))
    for i in range(oh):
        for j in range(ow):
            window = x[:, i * sh : i * sh + dh * (kh - 1) + 1 : dh, j * sw : j * sw + dw * (kw - 1) + 1 : dw, 0]
            for o in range(c_out):  # a grey-scale image's sum: channel 0 only
                out[:, i, j, o] = np.sum(window * filters[:, :, 0, o], axis=(1, 2))
    return out
