"""Likely cause: floor and ceil were swapped"""

import math

from solutions.ex03_output_size import same_padding  # noqa: F401  (checked too)


def conv_output_size(size, kernel_size, stride=1, padding="VALID", dilation=1):
    effective = dilation * (kernel_size - 1) + 1
    if padding == "SAME":
        return size // stride
    pad = 0 if padding == "VALID" else padding
    return math.ceil((size - effective + 2 * pad) / stride) + 1
