"""Exercise 3, output sizes and SAME padding: tf.nn.conv2d's output size, and the known mistakes of the formulas."""

import math

import numpy as np

from course.oracles.common import MIRRORED, STRIDE_IGNORED, conv2d, same_pads

FLOOR_CEIL = "floor and ceil were swapped: VALID uses floor((N - K) / S) + 1, SAME uses ceil(N / S)."
MISSING_PLUS_ONE = "the + 1 is missing: floor((N - K + 2P) / S) counts the steps; the first window adds one."
DILATION_IGNORED = "the dilation was ignored: a dilated kernel covers D * (K - 1) + 1 pixels."
SAME_KEEPS_SIZE = (
    "SAME was taken to keep the size N. A common formula, P = (S(N - 1) - N + K) / 2, does keep it "
    "for any stride; TF's SAME instead gives ceil(N / S) outputs, so striding still shrinks."
)


def output_size(size, kernel_size, stride, padding, dilation):
    """The height of tf.nn.conv2d's output on a (1, size, 1, 1) input."""
    x, kernel = np.zeros((1, size, 1, 1)), np.zeros((kernel_size, 1, 1, 1))
    if isinstance(padding, int):
        padding = [[0, 0], [padding, padding], [0, 0], [0, 0]]
    return conv2d(x, kernel, (stride, 1), padding, (dilation, 1)).shape[1]


def output_size_mistakes(size, kernel_size, stride, padding, dilation):
    effective = dilation * (kernel_size - 1) + 1
    pad = 0 if padding in ("SAME", "VALID") else padding

    def valid_only(function):
        return lambda: None if padding == "SAME" else function()

    return [
        (STRIDE_IGNORED, lambda: output_size(size, kernel_size, 1, padding, dilation)),
        (FLOOR_CEIL, lambda: size // stride if padding == "SAME"
         else math.ceil((size - effective + 2 * pad) / stride) + 1),
        (MISSING_PLUS_ONE, valid_only(lambda: (size - effective + 2 * pad) // stride)),
        (SAME_KEEPS_SIZE, lambda: size if padding == "SAME" else None),
        (DILATION_IGNORED, lambda: output_size(size, kernel_size, stride, padding, 1)),
    ]  # fmt: skip


def same_padding_mistakes(size, kernel_size, stride, dilation):
    before, after = same_pads(size, kernel_size, stride, dilation)
    keeps_size = (stride * (size - 1) - size + dilation * (kernel_size - 1) + 1) / 2
    return [
        (MIRRORED, lambda: (after, before)),
        (SAME_KEEPS_SIZE, lambda: (math.floor(keeps_size), math.ceil(keeps_size))),
        (STRIDE_IGNORED, lambda: same_pads(size, kernel_size, 1, dilation)),
        (DILATION_IGNORED, lambda: same_pads(size, kernel_size, stride, 1)),
    ]
