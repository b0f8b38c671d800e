"""Solution to exercise 30: saliency maps and the fast gradient sign method, by tf.GradientTape."""

import numpy as np
import tensorflow as tf


def saliency(model, x, class_index):
    x = images(x)
    with tf.GradientTape() as tape:
        tape.watch(x)  # x is a tensor, not a variable: the tape follows it only when told to
        logits = model(x, training=False)
        classes = class_indices(class_index, logits, "class_index", one_for_all=True)
        # Image i's score depends on image i alone, so the gradient of the sum is each image's own gradient.
        score = tf.reduce_sum(tf.gather(logits, classes, axis=1, batch_dims=1))
    return tf.reduce_max(tf.abs(tape.gradient(score, x)), axis=-1).numpy()


def fgsm(model, x, y, epsilon):
    if isinstance(epsilon, bool) or not isinstance(epsilon, (int, float, np.integer, np.floating)) or not epsilon >= 0:
        raise ValueError(f"epsilon must be a number of at least 0, got {epsilon!r}")
    x = images(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        logits = model(x, training=False)
        labels = class_indices(y, logits, "y", one_for_all=False)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits))
    return (x + epsilon * tf.sign(tape.gradient(loss, x))).numpy()


def images(x):
    """``x`` (an array or a tensor) as a float32 tensor of rank 4, the dtype the model computes in."""
    x = tf.convert_to_tensor(x)
    if x.shape.rank != 4:
        raise ValueError(f"x must be a batch of images (N, H, W, C), got shape {tuple(x.shape)}")
    return tf.cast(x, tf.float32)


def class_indices(value, logits, name, one_for_all):
    """One class index per image (an int64 tensor), checked against the logits' batch and classes."""
    n, classes = logits.shape
    indices = np.asarray(value)
    if one_for_all and indices.ndim == 0:
        indices = np.full(n, indices)
    if indices.shape != (n,) or indices.dtype.kind not in "iu":
        allowed = "one int, or one int per image" if one_for_all else "one int per image"
        raise ValueError(f"{name} must be {allowed} ({n} images), got {value!r}")
    if np.any(indices < 0) or np.any(indices >= classes):
        raise ValueError(f"{name} must be classes from 0 to {classes - 1}, got {indices.tolist()}")
    return tf.constant(indices, tf.int64)
