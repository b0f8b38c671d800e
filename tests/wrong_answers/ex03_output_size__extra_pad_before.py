"""Likely cause: the odd extra row or column of SAME padding went before"""

from solutions.ex03_output_size import conv_output_size


def same_padding(size, kernel_size, stride=1, dilation=1):
    out = conv_output_size(size, kernel_size, stride, "SAME", dilation)
    total = max((out - 1) * stride + dilation * (kernel_size - 1) + 1 - size, 0)
    return total - total // 2, total // 2  # the bigger half first
