"""Likely cause: the stride was applied on one axis only"""

import numpy as np


def correlate2d(image, kernel, stride=1):
    image, kernel = np.asarray(image, float), np.asarray(kernel, float)
    (h, w), (kh, kw) = image.shape, kernel.shape
    out = np.zeros(((h - kh) // stride + 1, w - kw + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):  # across, the window moves one pixel at a time
            out[i, j] = np.sum(image[i * stride : i * stride + kh, j : j + kw] * kernel)
    return out
