"""Solution to exercise 29: the triplet loss, and verification by a distance threshold."""

import numpy as np

from solutions.common import as_array


def _same_shape(**arrays):
    """The (N, D) arrays, as floats, all of one shape."""
    arrays = {name: as_array(value, name, 2) for name, value in arrays.items()}
    shapes = {name: value.shape for name, value in arrays.items()}
    if len(set(shapes.values())) > 1:
        raise ValueError(f"the arrays must have the same shape (N, D), got {shapes}")
    return arrays.values()


def _squared_distances(a, b):
    return np.sum((a - b) ** 2, axis=1)


def triplet_loss(anchor, positive, negative, alpha):
    anchor, positive, negative = _same_shape(anchor=anchor, positive=positive, negative=negative)
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.number)) or not 0 <= alpha < np.inf:
        raise ValueError(f"alpha must be a number of at least 0, got {alpha!r}")
    margins = _squared_distances(anchor, positive) - _squared_distances(anchor, negative) + alpha
    return float(np.sum(np.maximum(margins, 0.0)))  # the hinge on each triplet, then the sum


def pair_distances(embeddings_a, embeddings_b):
    return _squared_distances(*_same_shape(embeddings_a=embeddings_a, embeddings_b=embeddings_b))


def _pairs(distances, same):
    distances = as_array(distances, "distances", 1)
    same = np.asarray(same)
    if same.dtype != bool or same.shape != distances.shape:
        raise ValueError(
            f"same must hold one bool per distance, shape {distances.shape}, got {same.dtype} of shape {same.shape}"
        )
    if len(distances) == 0 or not np.all(np.isfinite(distances)):
        raise ValueError(f"distances must be at least one finite number, got {distances.tolist()!r:.80}")
    return distances, same


def best_threshold(distances, same):
    distances, same = _pairs(distances, same)
    order = np.argsort(distances, kind="stable")
    sorted_distances, sorted_same = distances[order], same[order]
    # right[k]: the pairs right when the k smallest distances are called "same": the same pairs among them,
    # plus the different pairs among the rest. k = 0 is the threshold -inf: no pair is the same.
    same_below = np.concatenate([[0], np.cumsum(sorted_same)])
    different_above = np.sum(~same) - np.concatenate([[0], np.cumsum(~sorted_same)])
    right = same_below + different_above
    # A threshold keeps equal distances together: k may end only where the next distance is larger.
    possible = np.concatenate([[True], sorted_distances[:-1] < sorted_distances[1:], [True]])
    k = int(np.argmax(np.where(possible, right, -1)))  # the first best: the smallest threshold
    return float(sorted_distances[k - 1]) if k else -np.inf


def verification_accuracy(distances, same, threshold):
    distances, same = _pairs(distances, same)
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float, np.number)) or np.isnan(threshold):
        raise ValueError(f"threshold must be a number (or -inf), got {threshold!r}")
    return float(np.mean((distances <= threshold) == same))
