"""Likely cause: the gradient is of the softmax probability, not of the class score."""

import tensorflow as tf

from solutions.ex30_saliency import fgsm  # noqa: F401  (checked too)


def saliency(model, x, class_index):
    x = tf.convert_to_tensor(x, tf.float32)
    classes = tf.broadcast_to(tf.constant(class_index, tf.int64), [x.shape[0]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        probabilities = tf.nn.softmax(model(x))
        score = tf.reduce_sum(tf.gather(probabilities, classes, axis=1, batch_dims=1))
    return tf.reduce_max(tf.abs(tape.gradient(score, x)), axis=-1).numpy()
