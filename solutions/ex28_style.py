"""Solution to exercise 28: Gram matrices, the content and style costs, and a texture from random filters."""

import keras
import numpy as np
import tensorflow as tf

from solutions.common import positive_ints


def gram_matrix(features):
    features = tf.convert_to_tensor(features)
    if features.shape.rank != 4:
        raise ValueError(f"features must be (N, H, W, C), got shape {tuple(features.shape)}")
    _, height, width, _ = features.shape
    # G[n, c, d] = sum over the positions of channel c times channel d: the channels stay the channels.
    return tf.einsum("nhwc,nhwd->ncd", features, features) / (height * width)


def content_cost(a_C, a_G):
    a_C, a_G = tf.convert_to_tensor(a_C), tf.convert_to_tensor(a_G)
    if a_C.shape.rank != 4 or a_C.shape != a_G.shape:
        raise ValueError(f"a_C and a_G must be (N, H, W, C) of one shape, got {tuple(a_C.shape)} and "
                         f"{tuple(a_G.shape)}")  # fmt: skip
    _, height, width, channels = a_C.shape
    return tf.reduce_sum(tf.square(a_C - a_G)) / (4 * height * width * channels)


def style_cost(style_features, generated_features, weights):
    if not len(style_features) == len(generated_features) == len(weights):
        raise ValueError(f"give one weight and one generated feature map per style layer, got "
                         f"{len(style_features)} style, {len(generated_features)} generated and "
                         f"{len(weights)} weights")  # fmt: skip
    total = 0.0
    for a_S, a_G, weight in zip(style_features, generated_features, weights, strict=True):
        gram_S, gram_G = gram_matrix(a_S), gram_matrix(a_G)
        channels = gram_S.shape[-1]
        total += weight * tf.reduce_sum(tf.square(gram_S - gram_G)) / (4 * channels**2)
    return total


def total_cost(J_content, J_style, alpha=10, beta=40):
    return alpha * J_content + beta * J_style


def texture_features(images, filters):
    x = tf.cast(images, tf.float32)
    if x.shape.rank != 4:
        raise ValueError(f"images must be (N, H, W, C), got shape {tuple(x.shape)}")
    features = []
    for i, kernel in enumerate(filters):
        if i:  # each layer after the first sees a coarser grid: larger patterns
            x = tf.nn.avg_pool2d(x, 2, 2, "VALID")
        x = tf.nn.relu(tf.nn.conv2d(x, tf.cast(kernel, tf.float32), 1, "SAME"))
        features.append(x)
    return features


def synthesize_texture(style_image, filters, steps=200, learning_rate=0.05, seed=0):
    positive_ints(steps=steps)
    style_image = tf.cast(style_image, tf.float32)
    if style_image.shape.rank != 3:
        raise ValueError(f"style_image must be (H, W, C), got shape {tuple(style_image.shape)}")
    targets = texture_features(style_image[None], filters)
    weights = [1 / len(filters)] * len(filters)
    noise = np.random.default_rng(seed).uniform(0, 1, (1, *style_image.shape))
    image = tf.Variable(noise.astype(np.float32))
    optimizer = keras.optimizers.Adam(learning_rate)

    @tf.function  # one graph for the step: the same result as eager, several times faster
    def step():
        with tf.GradientTape() as tape:
            cost = style_cost(targets, texture_features(image, filters), weights)
        optimizer.apply_gradients([(tape.gradient(cost, image), image)])
        image.assign(tf.clip_by_value(image, 0, 1))  # pixels stay pixels

    for _ in range(steps):
        step()
    return image[0]
