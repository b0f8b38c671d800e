"""Solution to exercise 11: im2col and convolution as one matrix product."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from solutions.common import as_array, positive_pair
from solutions.ex05_conv2d import padded_input

# conv2d_im2col turns this many images into columns at a time: about 1 MB of float32 on the
# benchmark layer, which fits in a core's cache (benchmarks/conv2d_speed.py).
IMAGES_PER_CHUNK = 2


def windows(x, kernel_size, strides, padding):
    """Every window of the padded batch: (N, OH, OW, KH, KW, C), a view where possible."""
    kh, kw = positive_pair(kernel_size, "kernel_size")
    sh, sw = positive_pair(strides, "strides")
    x = padded_input(x, (kh, kw), (sh, sw), padding, (1, 1))
    # sliding_window_view gives (N, H-KH+1, W-KW+1, C, KH, KW); keep every stride-th window.
    return sliding_window_view(x, (kh, kw), axis=(1, 2))[:, ::sh, ::sw].transpose(0, 1, 2, 4, 5, 3)


def im2col(input, kernel_size, strides=1, padding="VALID"):
    patches = windows(as_array(input, "input", 4), kernel_size, strides, padding)
    n, oh, ow = patches.shape[:3]
    return patches.reshape(n * oh * ow, -1)


def dilate(filters, dilations):
    """Spreads a kernel's taps ``dilations`` apart, with zeros between them."""
    dh, dw = positive_pair(dilations, "dilations")
    kh, kw, c_in, c_out = filters.shape
    dilated = np.zeros((dh * (kh - 1) + 1, dw * (kw - 1) + 1, c_in, c_out), dtype=filters.dtype)
    dilated[::dh, ::dw] = filters
    return dilated


def conv2d_im2col(input, filters, strides=1, padding="VALID", dilations=1):
    x = as_array(input, "input", 4)
    filters = as_array(filters, "filters", 4)
    if x.shape[3] != filters.shape[2]:
        raise ValueError(f"input has {x.shape[3]} channels but the filters expect {filters.shape[2]}")
    # SAME padding is computed for the dilated (effective) kernel, as TF does.
    filters = dilate(filters, dilations)
    kh, kw, c_in, c_out = filters.shape
    patches = windows(x, (kh, kw), strides, padding)
    n, oh, ow = patches.shape[:3]
    matrix = filters.reshape(kh * kw * c_in, c_out)
    out = np.empty((n, oh, ow, c_out), dtype=np.result_type(x, filters))
    # The column matrix of the whole batch holds every input value KH * KW times (38 MB on the
    # benchmark layer): too big for the CPU cache, so it would go out to memory and back. Built
    # a few images at a time, each chunk's columns are still in the cache when the matrix product
    # reads them, and the product writes its rows straight into `out`, with no temporary.
    for start in range(0, n, IMAGES_PER_CHUNK):
        images = slice(start, start + IMAGES_PER_CHUNK)
        columns = patches[images].reshape(-1, kh * kw * c_in)  # the copy that is im2col
        np.matmul(columns, matrix, out=out[images].reshape(-1, c_out))
    return out
