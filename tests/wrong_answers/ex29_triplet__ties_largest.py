"""Likely cause: of the thresholds that get the most pairs right, the largest was returned"""

import numpy as np

from solutions.ex29_triplet import pair_distances, triplet_loss, verification_accuracy  # noqa: F401  (checked too)


def best_threshold(distances, same):
    best, best_right = -np.inf, np.sum(~same)  # -inf: every pair "different"
    for threshold in np.sort(distances):
        right = np.sum((distances <= threshold) == same)
        if right >= best_right:  # >= keeps the last of equally good thresholds
            best, best_right = float(threshold), right
    return best
