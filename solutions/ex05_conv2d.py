"""Solution to exercise 5: conv2d with a loop over output positions."""

import numpy as np

from solutions.common import as_array, check_padding, positive_pair
from solutions.ex03_output_size import same_padding
from solutions.ex04_zero_pad import zero_pad


def explicit_padding(padding, height, width, kernel_size, strides, dilations):
    """'SAME', 'VALID' or explicit pads -> ((top, bottom), (left, right))."""
    padding = check_padding(padding)
    if padding == "VALID":
        return (0, 0), (0, 0)
    if padding == "SAME":
        return tuple(
            same_padding(size, k, s, d)
            for size, k, s, d in zip((height, width), kernel_size, strides, dilations, strict=True)
        )
    return tuple(padding[1]), tuple(padding[2])


def padded_input(input, kernel_size, strides, padding, dilations):
    """Pads ``input`` as ``padding`` says; checks the dilated kernel fits."""
    pads = explicit_padding(padding, input.shape[1], input.shape[2], kernel_size, strides, dilations)
    padded = zero_pad(input, pads)
    for axis, (k, d) in enumerate(zip(kernel_size, dilations, strict=True), start=1):
        if d * (k - 1) + 1 > padded.shape[axis]:
            raise ValueError(
                f"the kernel {tuple(kernel_size)} (dilation {tuple(dilations)}) is larger than "
                f"the padded input {padded.shape[1:3]}"
            )
    return padded


def output_size(padded_size, kernel_size, stride, dilation):
    return (padded_size - dilation * (kernel_size - 1) - 1) // stride + 1


def conv2d(input, filters, strides=1, padding="VALID", dilations=1):
    x = as_array(input, "input", 4)
    filters = as_array(filters, "filters", 4)
    if x.shape[3] != filters.shape[2]:
        raise ValueError(
            f"input has {x.shape[3]} channels but the filters expect {filters.shape[2]} "
            f"(filters are (height, width, in_channels, out_channels), got {filters.shape})"
        )
    (sh, sw), (dh, dw) = positive_pair(strides, "strides"), positive_pair(dilations, "dilations")
    kh, kw = filters.shape[:2]
    x = padded_input(x, (kh, kw), (sh, sw), padding, (dh, dw))
    oh, ow = output_size(x.shape[1], kh, sh, dh), output_size(x.shape[2], kw, sw, dw)

    out = np.zeros((x.shape[0], oh, ow, filters.shape[3]))
    for i in range(oh):
        for j in range(ow):
            window = x[:, i * sh : i * sh + dh * (kh - 1) + 1 : dh, j * sw : j * sw + dw * (kw - 1) + 1 : dw, :]
            # (N, KH, KW, C_in) . (KH, KW, C_in, C_out) over the last three axes -> (N, C_out)
            out[:, i, j, :] = np.tensordot(window, filters, axes=3)
    return out
