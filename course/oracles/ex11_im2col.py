"""Exercise 11, fast convolution with im2col: tf.image.extract_patches's answer, and the known mistakes.

Its conv2d_im2col is checked by exercise 5's tests, with exercise 5's mistakes.
"""

import numpy as np
import tensorflow as tf

from course.oracles.common import STRIDE_IGNORED, pair, same_as_explicit


def extract_patches(x, kernel_size, strides, padding):
    """im2col's answer: tf.image.extract_patches, one row per output pixel, (KH, KW, C) order."""
    (kh, kw), (sh, sw) = pair(kernel_size), pair(strides)
    patches = tf.image.extract_patches(x, [1, kh, kw, 1], [1, sh, sw, 1], [1, 1, 1, 1], padding).numpy()
    return patches.reshape(-1, patches.shape[-1])


def im2col_mistakes(x, kernel_size, strides, padding):
    (kh, kw), channels = pair(kernel_size), x.shape[3]
    padded = np.pad(x, same_as_explicit(x.shape, (kh, kw), strides)) if padding == "SAME" else x
    return [
        (STRIDE_IGNORED, lambda: extract_patches(x, kernel_size, 1, padding)),
        (STRIDE_IGNORED, lambda: extract_patches(padded, kernel_size, 1, "VALID")),  # padded for the real stride
        ("each row holds its window in (C, KH, KW) order; the row-major order of a (KH, KW, C) window "
         "is (KH, KW, C): window.reshape(-1), without a transpose.",
         lambda: extract_patches(x, kernel_size, strides, padding)
         .reshape(-1, kh, kw, channels).transpose(0, 3, 1, 2).reshape(-1, kh * kw * channels)),
    ]  # fmt: skip
