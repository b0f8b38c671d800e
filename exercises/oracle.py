"""TensorFlow's answers, and what known mistakes would give instead.

Every exercise is checked against the real framework: these wrappers call
``tf.nn`` in float64 and hand back NumPy arrays. The ``*_mistakes`` functions
return ``(explanation, compute)`` pairs for :func:`exercises.harness.check`:
``compute()`` is TensorFlow run the way a common mistake would run it.
"""

import math

import numpy as np

from models.quiet import import_tensorflow

tf = import_tensorflow()


def pair(value):
    """An int or a pair -> a pair."""
    return (value, value) if isinstance(value, int) else tuple(value)


def same_pads(size, kernel_size, stride=1, dilation=1):
    """TF's SAME padding of one axis: (before, after), the odd extra one after."""
    effective = dilation * (kernel_size - 1) + 1
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


def explicit(padding):
    """A padding argument as TF wants it: "SAME", "VALID" or [[0,0],[t,b],[l,r],[0,0]]."""
    return padding if isinstance(padding, str) else [list(p) for p in padding]


def conv2d(x, filters, strides=1, padding="VALID", dilations=1):
    return tf.nn.conv2d(
        tf.constant(x, tf.float64), tf.constant(filters, tf.float64),
        strides=pair(strides), padding=explicit(padding), dilations=pair(dilations),
    ).numpy()  # fmt: skip


def depthwise_conv2d(x, filters, strides=1, padding="VALID"):
    sh, sw = pair(strides)
    return tf.nn.depthwise_conv2d(
        tf.constant(x, tf.float64), tf.constant(filters, tf.float64), [1, sh, sw, 1], padding
    ).numpy()


def max_pool2d(x, ksize, strides, padding):
    return tf.nn.max_pool2d(tf.constant(x, tf.float64), pair(ksize), pair(strides), padding).numpy()


def avg_pool2d(x, ksize, strides, padding):
    return tf.nn.avg_pool2d(tf.constant(x, tf.float64), pair(ksize), pair(strides), padding).numpy()


def _same_as_explicit(x_shape, kernel_shape, strides, dilations, rule):
    """[[0,0],[top,bottom],[left,right],[0,0]] where ``rule(before, after)`` rearranges TF's pads."""
    pads = [
        rule(*same_pads(size, k, s, d))
        for size, k, s, d in zip(x_shape[1:3], kernel_shape, pair(strides), pair(dilations), strict=True)
    ]
    return [[0, 0], list(pads[0]), list(pads[1]), [0, 0]]


SYMMETRIC_RULES = (
    lambda before, after: (after, before),  # the extra row/column at the top/left
    lambda before, after: (before, before),  # the same, rounded down, on both sides
    lambda before, after: (after, after),  # the same, rounded up, on both sides
)
SYMMETRIC = (
    "symmetric padding. TF's SAME puts the odd extra row or column at the bottom or right: "
    "before = total // 2, after = total - before."
)
STRIDE_IGNORED = "the stride was ignored: the window moved 1 pixel at a time."


def _symmetric_same(op, x, kernel_shape, strides, dilations=1):
    return [
        (SYMMETRIC, lambda rule=rule: op(_same_as_explicit(x.shape, kernel_shape, strides, dilations, rule)))
        for rule in SYMMETRIC_RULES
    ]


def conv2d_mistakes(x, filters, strides=1, padding="VALID", dilations=1):
    mistakes = [
        (STRIDE_IGNORED, lambda: conv2d(x, filters, 1, padding, dilations)),
        (
            "the kernel was flipped. Flipping is true convolution (exercise 1); "
            "tf.nn.conv2d computes cross-correlation, without the flip.",
            lambda: conv2d(x, filters[::-1, ::-1], strides, padding, dilations),
        ),
        (
            "the kernel's dilation was ignored: its taps must be `dilation` pixels apart.",
            lambda: conv2d(x, filters, strides, padding, 1),
        ),
    ]
    if padding == "SAME":
        mistakes += _symmetric_same(
            lambda pads: conv2d(x, filters, strides, pads, dilations), x, filters.shape[:2], strides, dilations
        )
    return mistakes


def _pad(x, pads, value):
    return np.pad(x, pads, constant_values=value)


def pool_mistakes(op, x, ksize, strides, padding):
    """Known pooling mistakes; ``op`` is :func:`max_pool2d` or :func:`avg_pool2d`."""
    mistakes = [(STRIDE_IGNORED, lambda: op(x, ksize, 1, padding))]
    if padding != "SAME":
        return mistakes
    tf_pads = _same_as_explicit(x.shape, pair(ksize), strides, 1, lambda before, after: (before, after))
    if op is avg_pool2d:
        mistakes.append((
            "the padding zeros were counted. TF's SAME average pooling divides by the number of "
            "real pixels in each window, not by the window's full size.",
            lambda: avg_pool2d(_pad(x, tf_pads, 0.0), ksize, strides, "VALID"),
        ))  # fmt: skip
    else:
        mistakes.append((
            "the padding was 0 instead of -inf, so a zero from the padding beat negative pixels. "
            "Pad max pooling with -np.inf.",
            lambda: max_pool2d(_pad(x, tf_pads, 0.0), ksize, strides, "VALID"),
        ))  # fmt: skip
    fill = -np.inf if op is max_pool2d else np.nan
    for rule in SYMMETRIC_RULES:
        pads = _same_as_explicit(x.shape, pair(ksize), strides, 1, rule)
        if op is max_pool2d:
            mistakes.append((SYMMETRIC, lambda pads=pads: max_pool2d(_pad(x, pads, fill), ksize, strides, "VALID")))
        else:
            mistakes.append((SYMMETRIC, lambda pads=pads: _nan_mean_pool(_pad(x, pads, fill), ksize, strides)))
    return mistakes


def _nan_mean_pool(padded, ksize, strides):
    """Average pooling that skips NaN padding: real pixels only, with the given pads."""
    real = np.isfinite(padded)
    sums = avg_pool2d(np.where(real, padded, 0.0), ksize, strides, "VALID")
    counts = avg_pool2d(real.astype(float), ksize, strides, "VALID")
    return sums / counts
