"""Likely cause: the comparison is the wrong way round: a pair is "same" when its distance is at most"""

import numpy as np

from solutions.ex29_triplet import best_threshold, pair_distances, triplet_loss  # noqa: F401  (checked too)


def verification_accuracy(distances, same, threshold):
    called_same = distances > threshold  # far apart taken for "same"
    return float(np.mean(called_same == same))
