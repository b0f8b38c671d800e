"""Likely cause: the dilation was ignored"""

from solutions.ex03_output_size import same_padding  # noqa: F401  (checked too)


def conv_output_size(size, kernel_size, stride=1, padding="VALID", dilation=1):
    if padding == "SAME":
        return -(-size // stride)
    pad = 0 if padding == "VALID" else padding
    return (size - kernel_size + 2 * pad) // stride + 1  # the kernel's own size, dilated or not
