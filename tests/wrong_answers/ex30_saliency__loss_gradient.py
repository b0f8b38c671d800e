"""Likely cause: the gradient is of the cross-entropy loss, not of the class score."""

import keras
import tensorflow as tf

from solutions.ex30_saliency import fgsm  # noqa: F401  (checked too)


def saliency(model, x, class_index):
    x = tf.convert_to_tensor(x, tf.float32)
    classes = tf.broadcast_to(tf.constant(class_index, tf.int64), [x.shape[0]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(classes, model(x))
    return tf.reduce_max(tf.abs(tape.gradient(loss, x)), axis=-1).numpy()
