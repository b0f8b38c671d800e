"""Likely cause: the explicit padding was read from the wrong rows"""

from solutions.ex05_conv2d import conv2d as conv2d_with_pads


def conv2d(input, filters, strides=1, padding="VALID", dilations=1):
    if not isinstance(padding, str):
        (top, bottom), (left, right) = padding[0], padding[1]  # rows 0 and 1, as if there were no batch row
        padding = [[0, 0], [top, bottom], [left, right], [0, 0]]
    return conv2d_with_pads(input, filters, strides, padding, dilations)
