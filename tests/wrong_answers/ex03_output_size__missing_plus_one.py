"""Likely cause: the + 1 is missing"""

from solutions.ex03_output_size import same_padding  # noqa: F401  (checked too)


def conv_output_size(size, kernel_size, stride=1, padding="VALID", dilation=1):
    effective = dilation * (kernel_size - 1) + 1
    if padding == "SAME":
        return -(-size // stride)
    pad = 0 if padding == "VALID" else padding
    return (size - effective + 2 * pad) // stride  # the steps between windows, not the windows
