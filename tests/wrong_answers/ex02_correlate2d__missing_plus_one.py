"""Likely cause: the output is one row and one column too small"""

import numpy as np


def correlate2d(image, kernel, stride=1):
    image, kernel = np.asarray(image, float), np.asarray(kernel, float)
    (h, w), (kh, kw) = image.shape, kernel.shape
    out = np.zeros(((h - kh) // stride, (w - kw) // stride))  # the steps, not the positions
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(image[i * stride : i * stride + kh, j * stride : j * stride + kw] * kernel)
    return out
