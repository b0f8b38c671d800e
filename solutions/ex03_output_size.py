"""Solution to exercise 3: output sizes and SAME padding."""

from solutions.common import positive_ints


def conv_output_size(size, kernel_size, stride=1, padding="VALID", dilation=1):
    positive_ints(size=size, kernel_size=kernel_size, stride=stride, dilation=dilation)
    effective = dilation * (kernel_size - 1) + 1
    if padding == "SAME":
        return -(-size // stride)  # ceil(size / stride) in integers
    if padding == "VALID":
        pad = 0
    elif isinstance(padding, int) and not isinstance(padding, bool) and padding >= 0:
        pad = padding
    else:
        raise ValueError(f"padding must be 'SAME', 'VALID' or a non-negative int, got {padding!r}")
    if effective > size + 2 * pad:
        raise ValueError(f"a kernel covering {effective} pixels does not fit in {size} + 2*{pad} pixels")
    return (size - effective + 2 * pad) // stride + 1


def same_padding(size, kernel_size, stride=1, dilation=1):
    out = conv_output_size(size, kernel_size, stride, "SAME", dilation)
    effective = dilation * (kernel_size - 1) + 1
    total = max((out - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2
