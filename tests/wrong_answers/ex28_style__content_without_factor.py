"""Likely cause: the content cost was not divided by 4*H*W*C."""

import tensorflow as tf

from solutions.ex28_style import gram_matrix, style_cost, synthesize_texture, texture_features, total_cost  # noqa: F401


def content_cost(a_C, a_G):
    return tf.reduce_sum(tf.square(tf.convert_to_tensor(a_C) - a_G))
