"""Solution to exercise 2: 2-D cross-correlation."""

import numpy as np

from solutions.common import as_array, positive_pair


def correlate2d(image, kernel, stride=1):
    image = as_array(image, "image", 2)
    kernel = as_array(kernel, "kernel", 2)
    sh, sw = positive_pair(stride, "stride")
    (h, w), (kh, kw) = image.shape, kernel.shape
    if kh > h or kw > w:
        raise ValueError(f"kernel {kernel.shape} is larger than image {image.shape}")
    out = np.zeros(((h - kh) // sh + 1, (w - kw) // sw + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            window = image[i * sh : i * sh + kh, j * sw : j * sw + kw]
            out[i, j] = np.sum(window * kernel)
    return out
