"""Likely cause: the features were flattened channels first by a plain reshape to (N, C, H*W)."""

import tensorflow as tf

from solutions.ex28_style import content_cost, style_cost, synthesize_texture, texture_features, total_cost  # noqa: F401


def gram_matrix(features):
    n, h, w, c = features.shape
    f = tf.reshape(features, (n, c, h * w))  # channels first, as the lectures draw it
    return tf.matmul(f, f, transpose_b=True) / (h * w)
