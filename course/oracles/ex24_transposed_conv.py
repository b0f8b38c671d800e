"""Exercise 24, transposed convolution like tf.nn.conv2d_transpose: the answer and its known mistakes.

The answer is ``tf.nn.conv2d_transpose`` itself, in float64. A mistake is computed as TF's stamps of
every input pixel, uncropped (a VALID transpose onto the smallest output that holds them all), then
placed and cropped the way the mistake does it.
"""

import math

import numpy as np
import tensorflow as tf

from course.oracles.common import pair, same_pads

FLIPPED_STAMP = (
    "the kernel was flipped (or not flipped where your method needs it). Stamping each input pixel's "
    "kernel onto the output uses the kernel as it is; sliding a kernel over the zero-stuffed, padded "
    "input (a full convolution) needs it turned around, filters[::-1, ::-1]."
)
CHANNELS_SWAPPED = (
    "the filters were read as (KH, KW, C_in, C_out). tf.nn.conv2d_transpose's filters are "
    "(KH, KW, C_out, C_in): out channels before in channels, the same array as the conv2d it undoes."
)
STRIDE_IGNORED = (
    "the stride was ignored: the stamps of neighbouring input pixels must land `stride` pixels "
    "apart on the output, not 1."
)
STRIDE_ONE_AXIS = "the stride was applied on one axis only: the stamps move `stride` pixels down and across."
WRONG_CROP = (
    "SAME's padding was cropped from the wrong side: the conv2d this undoes padded `top` = total // 2 "
    "rows before and the odd extra one after (bottom/right), so crop `top` rows off the top and keep OH."
)


def conv2d_transpose(x, filters, output_shape, strides, padding):
    return tf.nn.conv2d_transpose(
        tf.constant(x, tf.float64), tf.constant(filters, tf.float64), list(output_shape), pair(strides), padding
    ).numpy()


def fits(x_shape, kernel_shape, output_shape, strides, padding):
    """Whether a conv2d of ``output_shape`` with these settings gives x's height and width (so that TF, asked
    for this transpose, answers rather than logs an error)."""
    sizes = zip(output_shape[1:3], kernel_shape, pair(strides), x_shape[1:3], strict=True)
    if padding == "SAME":
        return all(math.ceil(size / s) == got for size, _, s, got in sizes)
    return all(size >= k and (size - k) // s + 1 == got for size, k, s, got in sizes)


def stamps(x, filters, strides):
    """Every input pixel's stamp, summed, uncropped: (N, (H - 1) * SH + KH, (W - 1) * SW + KW, C_out)."""
    (sh, sw), (kh, kw) = pair(strides), filters.shape[:2]
    shape = (x.shape[0], (x.shape[1] - 1) * sh + kh, (x.shape[2] - 1) * sw + kw, filters.shape[2])
    return conv2d_transpose(x, filters, shape, (sh, sw), "VALID")


def pads(output_shape, kernel_shape, strides, padding):
    """The (before, after) pads of the conv2d that the transpose undoes, per axis."""
    if padding != "SAME":
        return (0, 0), (0, 0)
    sizes = zip(output_shape[1:3], kernel_shape, pair(strides), strict=True)
    return tuple(same_pads(size, k, s) for size, k, s in sizes)


def placed(full, output_shape, before):
    """``full``'s rows and columns from ``before`` = (top, left) on, OH x OW of them, zeros past its end."""
    (top, left), (_, oh, ow, _) = before, output_shape
    grown = np.pad(full, [(0, 0), (0, max(top + oh - full.shape[1], 0)), (0, max(left + ow - full.shape[2], 0)),
                          (0, 0)])  # fmt: skip
    return grown[:, top : top + oh, left : left + ow, :]


def conv2d_transpose_mistakes(x, filters, output_shape, strides, padding):
    (top, bottom), (left, right) = pads(output_shape, filters.shape[:2], strides, padding)
    right_place = lambda full: placed(full, output_shape, (top, left))  # noqa: E731
    h, w = pair(strides)
    return [
        (FLIPPED_STAMP, lambda: right_place(stamps(x, filters[::-1, ::-1], strides))),
        (CHANNELS_SWAPPED,
         lambda: right_place(stamps(x, filters.transpose(0, 1, 3, 2), strides)) if x.shape[3] == filters.shape[2]
         else None),
        (STRIDE_IGNORED, lambda: right_place(stamps(x, filters, 1))),
        (STRIDE_ONE_AXIS, lambda: right_place(stamps(x, filters, (h, 1))) if w > 1 else None),
        (STRIDE_ONE_AXIS, lambda: right_place(stamps(x, filters, (1, w))) if h > 1 else None),
        (WRONG_CROP, lambda: placed(stamps(x, filters, strides), output_shape, (bottom, right))),
    ]  # fmt: skip
