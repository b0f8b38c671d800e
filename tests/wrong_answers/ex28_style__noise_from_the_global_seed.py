"""the same seed (1) gave two different answers"""

import keras
import tensorflow as tf

from solutions.common import positive_ints
from solutions.ex28_style import content_cost, gram_matrix, style_cost, texture_features, total_cost  # noqa: F401


def synthesize_texture(style_image, filters, steps=200, learning_rate=0.05, seed=0):
    positive_ints(steps=steps)
    targets = texture_features(tf.cast(style_image, tf.float32)[None], filters)
    weights = [1 / len(filters)] * len(filters)
    image = tf.Variable(tf.random.uniform((1, *style_image.shape)))  # not from the seed
    optimizer = keras.optimizers.Adam(learning_rate)
    for _ in range(steps):
        with tf.GradientTape() as tape:
            cost = style_cost(targets, texture_features(image, filters), weights)
        optimizer.apply_gradients([(tape.gradient(cost, image), image)])
        image.assign(tf.clip_by_value(image, 0, 1))
    return image[0]
