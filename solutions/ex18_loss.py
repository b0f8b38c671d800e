"""Solution to exercise 18: softmax cross-entropy with integer labels, and its gradient."""

import numpy as np


def softmax_cross_entropy(logits, labels):
    logits = np.asarray(logits, dtype=np.float64)
    labels = np.asarray(labels)
    if logits.ndim != 2:
        raise ValueError(f"logits must be (batch, classes), got shape {logits.shape}")
    if labels.shape != logits.shape[:1] or labels.dtype.kind not in "iu":
        raise ValueError(
            f"labels must be {logits.shape[0]} integer class indices, shape ({logits.shape[0]},), "
            f"got {labels.dtype} of shape {labels.shape} (one-hot labels? take their argmax)"
        )
    if np.any((labels < 0) | (labels >= logits.shape[1])):
        raise ValueError(f"labels must be class indices from 0 to {logits.shape[1] - 1}, got {labels.tolist()}")
    batch = np.arange(len(labels))
    shifted = logits - logits.max(axis=1, keepdims=True)  # the largest is 0: exp() cannot overflow
    log_probabilities = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_probabilities[batch, labels].mean()
    grad = np.exp(log_probabilities)  # softmax(logits)
    grad[batch, labels] -= 1
    return loss, grad / len(labels)
