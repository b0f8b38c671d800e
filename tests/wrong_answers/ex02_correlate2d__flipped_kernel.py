"""Likely cause: the kernel was flipped."""

import numpy as np


def correlate2d(image, kernel, stride=1):
    image, kernel = np.asarray(image, float), np.asarray(kernel, float)
    kernel = kernel[::-1, ::-1]  # flipped, as convolution in exercise 1 did
    (h, w), (kh, kw) = image.shape, kernel.shape
    out = np.zeros(((h - kh) // stride + 1, (w - kw) // stride + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(image[i * stride : i * stride + kh, j * stride : j * stride + kw] * kernel)
    return out
