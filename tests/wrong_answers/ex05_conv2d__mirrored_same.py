"""Likely cause: the odd extra row or column of SAME padding went before"""

from solutions.common import positive_pair
from solutions.ex03_output_size import same_padding
from solutions.ex05_conv2d import conv2d as conv2d_with_pads


def conv2d(input, filters, strides=1, padding="VALID", dilations=1):
    if padding == "SAME":
        (sh, sw), (dh, dw) = positive_pair(strides, "strides"), positive_pair(dilations, "dilations")
        (h, w), (kh, kw) = input.shape[1:3], filters.shape[:2]
        bottom, top = same_padding(h, kh, sh, dh)  # the pair read the wrong way round
        right, left = same_padding(w, kw, sw, dw)
        padding = [[0, 0], [top, bottom], [left, right], [0, 0]]
    return conv2d_with_pads(input, filters, strides, padding, dilations)
