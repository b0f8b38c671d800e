"""Exercise 18, softmax cross-entropy: Keras's loss and its gradient, and the known mistakes.

The answers come from ``keras.losses.SparseCategoricalCrossentropy`` in float64 and a
``tf.GradientTape``; the mistakes are computed in NumPy from the wrong formula.
"""

import keras
import numpy as np
import tensorflow as tf


def softmax_cross_entropy(logits, labels):
    """keras.losses.SparseCategoricalCrossentropy(from_logits=True) in float64, and its tape gradient."""
    loss_function = keras.losses.SparseCategoricalCrossentropy(from_logits=True, dtype="float64")
    logits = tf.Variable(logits, dtype=tf.float64)
    with tf.GradientTape() as tape:
        loss = loss_function(labels, logits)
    return loss.numpy(), tape.gradient(loss, logits).numpy()


NO_MAX_SHIFT = (
    "the maximum logit was not subtracted first, so exp() overflowed to inf (inf / inf is NaN). "
    "log(sum(exp(z))) = max(z) + log(sum(exp(z - max(z)))): shift each row by its maximum."
)


ONE_HOT = (
    "the labels were used as one-hot rows. Here they are class indices, shape (N,): the loss of "
    "example n is -log_softmax(logits)[n, labels[n]]."
)
ONE_HOT_CRASH = (ONE_HOT, r"could not be broadcast together|out of bounds for array of dimension 1")


def _naive_softmax(logits):
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)


def loss_mistakes(logits, labels):
    batch = np.arange(len(labels))
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        naive_log_sum = np.log(np.exp(logits).sum(axis=1))
        naive_loss = -np.log(_naive_softmax(logits)[batch, labels]).mean()

    def one_hot_read():  # labels (N,) broadcast against (N, K) only when N == K; else that mistake crashes
        return -(labels * _log_softmax(logits)).sum(axis=1).mean() if logits.shape[0] == logits.shape[1] else None

    return [
        (NO_MAX_SHIFT, lambda: naive_loss),
        (NO_MAX_SHIFT, lambda: (naive_log_sum - logits[batch, labels]).mean()),
        (ONE_HOT, one_hot_read),
    ]


def _log_softmax(logits):
    shifted = logits - logits.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def loss_gradient_mistakes(logits, labels):
    probabilities = np.exp(_log_softmax(logits))
    one_hot = np.eye(logits.shape[1])[labels]
    return [
        ("the gradient was not divided by the batch size. The loss is the mean over the batch, so each "
         "row's gradient softmax - one_hot is divided by N.", lambda: probabilities - one_hot),
        (NO_MAX_SHIFT, lambda: (_naive_softmax(logits) - one_hot) / len(labels)),
    ]  # fmt: skip
