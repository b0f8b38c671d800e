"""Exercise 7, max and average pooling: the known mistakes, with SAME, VALID and explicit padding.

The answers are :func:`course.oracles.common.max_pool2d` and ``avg_pool2d``.
"""

import numpy as np

from course.oracles.common import STRIDE_IGNORED, avg_pool2d, max_pool2d, pair, same_as_explicit, same_rule_mistakes


def pool_mistakes(op, x, ksize, strides, padding):
    """Known pooling mistakes; ``op`` is :func:`max_pool2d` or :func:`avg_pool2d`."""
    (kh, kw), (sh, sw) = pair(ksize), pair(strides)
    mistakes = [
        (STRIDE_IGNORED, lambda: op(x, ksize, 1, padding)),
        ("the stride defaulted to the window size. Use the strides argument: windows may overlap "
         "or leave gaps.", lambda: op(x, ksize, ksize, padding)),
    ]  # fmt: skip
    fill = -np.inf if op is max_pool2d else np.nan
    if padding == "VALID":
        extra = [(-(size - k) % s) for size, k, s in zip(x.shape[1:3], (kh, kw), (sh, sw), strict=True)]
        mistakes.append((
            "the output size was rounded up, so a last window hangs over the edge. VALID keeps only "
            "windows that fit: floor((N - K) / S) + 1.",
            lambda: _padded_pool(op, x, [[0, 0], [0, extra[0]], [0, extra[1]], [0, 0]], ksize, strides, fill),
        ))  # fmt: skip
        return mistakes
    tf_pads = same_as_explicit(x.shape, (kh, kw), strides)
    if op is avg_pool2d:
        mistakes.append((
            "the padding zeros were counted. TF's SAME average pooling divides by the number of "
            "real pixels in each window, not by the window's full size.",
            lambda: avg_pool2d(np.pad(x, tf_pads), ksize, strides, "VALID"),
        ))  # fmt: skip
    else:
        mistakes.append((
            "the padding was 0 instead of -inf, so a zero from the padding beat negative pixels. "
            "Pad max pooling with -np.inf.",
            lambda: max_pool2d(np.pad(x, tf_pads), ksize, strides, "VALID"),
        ))  # fmt: skip
    mistakes += same_rule_mistakes(
        lambda pads: _padded_pool(op, x, pads, ksize, strides, fill), x.shape, (kh, kw), strides
    )
    return mistakes


def _padded_pool(op, x, pads, ksize, strides, fill):
    """Pooling of ``x`` padded with ``fill`` (NaN for average pooling: left out of the mean)."""
    padded = np.pad(x, pads, constant_values=fill)
    if op is max_pool2d:
        return max_pool2d(padded, ksize, strides, "VALID")
    real = np.isfinite(padded)
    sums = avg_pool2d(np.where(real, padded, 0.0), ksize, strides, "VALID")
    return sums / avg_pool2d(real.astype(float), ksize, strides, "VALID")


# --- Max pooling with explicit padding ------------------------------------------------------------

EXPLICIT_ZEROS = (
    "the explicit padding was filled with 0 instead of -inf, so a padded 0 beat the negative pixels of "
    "its window. tf.nn.max_pool2d pads with -inf: a padded position never wins."
)


def max_pool_explicit_mistakes(x, ksize, strides, pads):
    rows = [list(row) for row in pads]
    return [
        (EXPLICIT_ZEROS, lambda: max_pool2d(np.pad(x, pads), ksize, strides, "VALID")),
        *(("the explicit padding was read from the wrong rows: it is [[0, 0], [top, bottom], [left, right], "
           "[0, 0]], so height's pads are row 1 and width's row 2.",
           lambda wrong=wrong: max_pool2d(np.pad(x, wrong, constant_values=-np.inf), ksize, strides, "VALID"))
          for wrong in ([[0, 0], rows[0], rows[1], [0, 0]], [[0, 0], rows[2], rows[1], [0, 0]])),
    ]  # fmt: skip
