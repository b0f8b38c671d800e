"""Solution to exercise 10: box blur, Sobel and depthwise convolution."""

import numpy as np

from solutions.common import as_array, positive_pair
from solutions.ex05_conv2d import output_size, padded_input


def box_blur_kernel(size):
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise ValueError(f"size must be a positive int, got {size!r}")
    return np.ones((size, size)) / size**2


def sobel_kernels():
    gx = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
    return gx, gx.T.copy()


def depthwise_conv2d(input, filter, strides, padding):
    x = as_array(input, "input", 4)
    filter = as_array(filter, "filter", 4)
    kh, kw, channels, multiplier = filter.shape
    if x.shape[3] != channels:
        raise ValueError(
            f"input has {x.shape[3]} channels but the filter (KH, KW, C, M) = {filter.shape} has {channels}"
        )
    sh, sw = positive_pair(strides, "strides")
    x = padded_input(x, (kh, kw), (sh, sw), padding, (1, 1))
    oh, ow = output_size(x.shape[1], kh, sh, 1), output_size(x.shape[2], kw, sw, 1)
    out = np.zeros((x.shape[0], oh, ow, channels, multiplier))
    # One vectorised step per kernel tap: shift the whole image, weight it, add.
    for a in range(kh):
        for b in range(kw):
            shifted = x[:, a : a + sh * (oh - 1) + 1 : sh, b : b + sw * (ow - 1) + 1 : sw, :]
            out += shifted[..., None] * filter[a, b]
    return out.reshape(x.shape[0], oh, ow, channels * multiplier)


def blur_image(image, size=5):
    image = np.asarray(image)
    if image.dtype != np.uint8 or image.ndim != 3:
        raise ValueError(f"image must be uint8 with shape (H, W, C), got {image.dtype} {image.shape}")
    channels = image.shape[2]
    kernel = np.repeat(box_blur_kernel(size)[:, :, None, None], channels, axis=2)
    blurred = depthwise_conv2d(image[None].astype(np.float64), kernel, 1, "SAME")[0]
    return np.clip(np.rint(blurred), 0, 255).astype(np.uint8)
