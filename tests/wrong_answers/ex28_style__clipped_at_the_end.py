"""Likely cause: the pixels were clipped to [0, 1] once, at the end, not after each step."""

import keras
import numpy as np
import tensorflow as tf

from solutions.common import positive_ints
from solutions.ex28_style import content_cost, gram_matrix, style_cost, texture_features, total_cost  # noqa: F401


def synthesize_texture(style_image, filters, steps=200, learning_rate=0.05, seed=0):
    positive_ints(steps=steps)
    targets = texture_features(tf.cast(style_image, tf.float32)[None], filters)
    weights = [1 / len(filters)] * len(filters)
    image = tf.Variable(np.random.default_rng(seed).uniform(0, 1, (1, *style_image.shape)).astype(np.float32))
    optimizer = keras.optimizers.Adam(learning_rate)
    for _ in range(steps):
        with tf.GradientTape() as tape:
            cost = style_cost(targets, texture_features(image, filters), weights)
        optimizer.apply_gradients([(tape.gradient(cost, image), image)])
    return tf.clip_by_value(image[0], 0, 1)  # only once, after the last step
