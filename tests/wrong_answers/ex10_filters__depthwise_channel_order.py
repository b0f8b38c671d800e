"""Likely cause: the output channels were ordered m * C + c."""

import numpy as np

from solutions.common import positive_pair
from solutions.ex05_conv2d import output_size, padded_input
from solutions.ex10_filters import blur_image, box_blur_kernel, sobel_kernels  # noqa: F401  (checked too)


def depthwise_conv2d(input, filter, strides, padding):
    kh, kw, channels, multiplier = filter.shape
    sh, sw = positive_pair(strides, "strides")
    x = padded_input(np.asarray(input, float), (kh, kw), (sh, sw), padding, (1, 1))
    oh, ow = output_size(x.shape[1], kh, sh, 1), output_size(x.shape[2], kw, sw, 1)
    out = np.zeros((x.shape[0], oh, ow, channels * multiplier))
    for i in range(oh):
        for j in range(ow):
            window = x[:, i * sh : i * sh + kh, j * sw : j * sw + kw, :]
            for m in range(multiplier):
                for c in range(channels):  # filter m of every channel, then filter m + 1...
                    out[:, i, j, m * channels + c] = np.sum(window[..., c] * filter[:, :, c, m], axis=(1, 2))
    return out
