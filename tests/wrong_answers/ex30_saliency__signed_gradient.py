"""Likely cause: the gradient's sign was kept."""

import tensorflow as tf

from solutions.ex30_saliency import fgsm  # noqa: F401  (checked too)


def saliency(model, x, class_index):
    x = tf.convert_to_tensor(x, tf.float32)
    classes = tf.broadcast_to(tf.constant(class_index, tf.int64), [x.shape[0]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        score = tf.reduce_sum(tf.gather(model(x), classes, axis=1, batch_dims=1))
    return tf.reduce_max(tape.gradient(score, x), axis=-1).numpy()
