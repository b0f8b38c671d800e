"""Likely cause: symmetric padding: the same on both sides."""

from solutions.common import positive_pair
from solutions.ex03_output_size import same_padding
from solutions.ex05_conv2d import conv2d as conv2d_with_pads


def conv2d(input, filters, strides=1, padding="VALID", dilations=1):
    if padding == "SAME":
        (sh, sw), (dh, dw) = positive_pair(strides, "strides"), positive_pair(dilations, "dilations")
        (h, w), (kh, kw) = input.shape[1:3], filters.shape[:2]
        pad_h, pad_w = sum(same_padding(h, kh, sh, dh)) // 2, sum(same_padding(w, kw, sw, dw)) // 2
        padding = [[0, 0], [pad_h, pad_h], [pad_w, pad_w], [0, 0]]  # half the total on each side
    return conv2d_with_pads(input, filters, strides, padding, dilations)
