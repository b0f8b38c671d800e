"""Likely cause: the mean over the batch was taken; this loss is the sum over the batch"""

import numpy as np

from solutions.ex29_triplet import best_threshold, pair_distances, verification_accuracy  # noqa: F401  (checked too)


def triplet_loss(anchor, positive, negative, alpha):
    positive_distances = np.sum((anchor - positive) ** 2, axis=1)
    negative_distances = np.sum((anchor - negative) ** 2, axis=1)
    return float(np.mean(np.maximum(positive_distances - negative_distances + alpha, 0)))
