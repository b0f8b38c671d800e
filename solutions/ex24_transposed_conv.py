"""Solution to exercise 24: transposed convolution, each input pixel stamping the kernel onto the output."""

import numpy as np

from solutions.common import as_array, check_padding, positive_pair
from solutions.ex03_output_size import conv_output_size
from solutions.ex05_conv2d import explicit_padding


def _output_shape(output_shape, x, filters):
    """``output_shape`` as 4 ints, checked against x's batch and the filters' out channels."""
    try:
        shape = tuple(int(size) for size in output_shape)
    except (TypeError, ValueError):
        raise ValueError(f"output_shape must be 4 sizes (N, OH, OW, C_out), got {output_shape!r}") from None
    if len(shape) != 4 or min(shape) < 1:
        raise ValueError(f"output_shape must be 4 positive sizes (N, OH, OW, C_out), got {output_shape!r}")
    if shape[0] != x.shape[0] or shape[3] != filters.shape[2]:
        raise ValueError(
            f"output_shape {shape} must have x's batch size {x.shape[0]} and the filters' "
            f"{filters.shape[2]} out channels (filters are (KH, KW, C_out, C_in), got {filters.shape})"
        )
    return shape


def conv2d_transpose(x, filters, output_shape, strides, padding="SAME"):
    x = as_array(x, "x", 4)
    filters = as_array(filters, "filters", 4)
    if x.shape[3] != filters.shape[3]:
        raise ValueError(
            f"x has {x.shape[3]} channels but the filters take {filters.shape[3]} "
            f"(filters are (KH, KW, C_out, C_in), got {filters.shape})"
        )
    n, oh, ow, c_out = _output_shape(output_shape, x, filters)
    padding = check_padding(padding)
    if not isinstance(padding, str):
        raise ValueError(f"padding must be 'SAME' or 'VALID', got {padding!r}")
    (sh, sw), (kh, kw) = positive_pair(strides, "strides"), filters.shape[:2]
    for name, size, k, s, got in (("height", oh, kh, sh, x.shape[1]), ("width", ow, kw, sw, x.shape[2])):
        try:
            back = conv_output_size(size, k, s, padding)
        except ValueError:  # a kernel larger than the output
            back = None
        if back != got:
            raise ValueError(
                f"output_shape's {name} {size} can't come from x's {name} {got}: a {padding} conv2d with a "
                f"kernel of {k} and stride {s} turns {size} into {back}, not {got}"
            )
    (top, bottom), (left, right) = explicit_padding(padding, oh, ow, (kh, kw), (sh, sw), (1, 1))
    out = np.zeros((n, top + oh + bottom, left + ow + right, c_out), dtype=np.result_type(x, filters))
    for i in range(x.shape[1]):
        for j in range(x.shape[2]):
            # (N, C_in) . (KH, KW, C_out, C_in) over C_in -> (N, KH, KW, C_out): the stamp of pixel (i, j)
            out[:, i * sh : i * sh + kh, j * sw : j * sw + kw, :] += np.tensordot(x[:, i, j, :], filters, ([1], [3]))
    return out[:, top : top + oh, left : left + ow, :]
