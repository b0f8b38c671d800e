"""Exercise 29, embeddings: the triplet loss and verification by a threshold, in TensorFlow, and the known mistakes.

The triplet loss and the distances are TF ops in float64; the best threshold is found by brute force,
every candidate tried at once in TF; the digits pairs are embedded by a fixed embedding learned from
their labels (scikit-learn's linear discriminant analysis, see :func:`verification_pairs`).
"""

import functools

import numpy as np
import tensorflow as tf

from models.training import data

# --- The triplet loss: sum over the batch of max(||a - p||^2 - ||a - n||^2 + alpha, 0) ------------------


def _squared_distances(a, b):
    return tf.reduce_sum(tf.square(tf.constant(a, tf.float64) - tf.constant(b, tf.float64)), axis=1)


def _distances(a, b):
    return tf.norm(tf.constant(a, tf.float64) - tf.constant(b, tf.float64), axis=1)


def triplet_loss(anchor, positive, negative, alpha, squared=True, sign=1.0, hinge="each", mean=False):
    """The triplet loss, or the mistake that ``squared``, ``sign`` (of alpha), ``hinge`` ("each", "sum" or
    None) and ``mean`` describe."""
    distance = _squared_distances if squared else _distances
    margins = distance(anchor, positive) - distance(anchor, negative) + sign * alpha
    if hinge == "each":
        margins = tf.maximum(margins, 0.0)
    loss = (tf.reduce_mean if mean else tf.reduce_sum)(margins)
    return float(tf.maximum(loss, 0.0) if hinge == "sum" else loss)


NO_HINGE = (
    "the triplets' margins were summed without the hinge: a triplet whose negative is already farther than "
    "the positive by alpha adds a negative number. Take max(margin, 0) of each triplet, then the sum."
)
HINGE_AFTER_SUM = (
    "the hinge max(..., 0) was taken of the sum, not of each triplet: an easy triplet's negative margin "
    "then cancels a hard triplet's loss. Take max(margin, 0) of each triplet first, then sum."
)
MEAN = "the mean over the batch was taken; this loss is the sum over the batch (FaceNet's): np.sum, not np.mean."
NOT_SQUARED = (
    "the distances were not squared: ||a - p|| (np.linalg.norm) where the loss uses ||a - p||^2, "
    "the sum of the squared differences."
)
ALPHA_SUBTRACTED = (
    "alpha was subtracted: the margin is ||a - p||^2 - ||a - n||^2 + alpha, so that a triplet costs "
    "nothing only when the negative is farther than the positive by at least alpha."
)


def triplet_loss_mistakes(anchor, positive, negative, alpha):
    loss = functools.partial(triplet_loss, anchor, positive, negative, alpha)
    n = len(anchor)
    return [
        (NO_HINGE, lambda: loss(hinge=None)),
        (HINGE_AFTER_SUM, lambda: loss(hinge="sum")),
        # the sum of all the squared differences at once: alpha added once, not once per triplet
        (HINGE_AFTER_SUM, lambda: max(loss(hinge=None) - (n - 1) * alpha, 0.0)),
        (MEAN, lambda: loss(mean=True)),
        (NOT_SQUARED, lambda: loss(squared=False)),
        (ALPHA_SUBTRACTED, lambda: loss(sign=-1.0)),
    ]


# --- Verification: distances of pairs, a threshold, the accuracy ----------------------------------------


def pair_distances(embeddings_a, embeddings_b):
    return _squared_distances(embeddings_a, embeddings_b).numpy()


def pair_distances_mistakes(embeddings_a, embeddings_b):
    a, b = (tf.constant(x, tf.float64) for x in (embeddings_a, embeddings_b))
    return [
        ("the distances were not squared: np.linalg.norm gives ||a - b||; the distance here is its square, "
         "the sum of the squared differences.", lambda: _distances(embeddings_a, embeddings_b).numpy()),
        ("every row of embeddings_a was measured against every row of embeddings_b, an (N, N) matrix. Pair "
         "row i with row i only: N distances.",
         lambda: tf.reduce_sum(tf.square(a[:, None, :] - b[None, :, :]), axis=2).numpy()),
    ]  # fmt: skip


def _called_same(distances, threshold, flipped=False, strict=False):
    distances = tf.constant(distances, tf.float64)
    if flipped:
        return distances > threshold
    return distances < threshold if strict else distances <= threshold


def verification_accuracy(distances, same, threshold, flipped=False, strict=False):
    right = tf.equal(_called_same(distances, threshold, flipped, strict), tf.constant(same))
    return float(tf.reduce_mean(tf.cast(right, tf.float64)))


WRONG_WAY = (
    'the comparison is the wrong way round: a pair is "same" when its distance is at most the threshold '
    "(close embeddings), distance <= threshold, not above it."
)
STRICT = 'a pair exactly at the threshold was called "different": "same" means distance <= threshold, not <.'


def verification_accuracy_mistakes(distances, same, threshold):
    return [
        (WRONG_WAY, lambda: verification_accuracy(distances, same, threshold, flipped=True)),
        (STRICT, lambda: verification_accuracy(distances, same, threshold, strict=True)),
        ("the number of pairs right was returned; return the fraction: divide by the number of pairs.",
         lambda: len(same) * verification_accuracy(distances, same, threshold)),
    ]  # fmt: skip


def best_threshold(distances, same, flipped=False, strict=False, ties="smallest", candidates_inf=True):
    """By brute force: every candidate (-inf and each distance) tried at once; of those that get the most
    pairs right, the smallest. The other arguments make the known mistakes."""
    distances = tf.constant(distances, tf.float64)
    candidates = tf.concat([[-np.inf], distances] if candidates_inf else [distances], axis=0)
    called = _called_same(distances[None, :], candidates[:, None], flipped, strict)
    right = tf.reduce_sum(tf.cast(tf.equal(called, tf.constant(same)[None, :]), tf.int64), axis=1)
    best = tf.boolean_mask(candidates, tf.equal(right, tf.reduce_max(right)))
    return float(tf.reduce_min(best) if ties == "smallest" else tf.reduce_max(best))


def best_threshold_mistakes(distances, same):
    threshold = functools.partial(best_threshold, distances, same)
    return [
        (WRONG_WAY, lambda: threshold(flipped=True)),
        ("of the thresholds that get the most pairs right, the largest was returned; the rule is the smallest "
         "(the strictest, which lets the fewest different pairs through).", lambda: threshold(ties="largest")),
        ('calling every pair "different" was not tried: when no threshold among the distances does better, '
         "the answer is -inf (np.inf's negative), below every distance.", lambda: threshold(candidates_inf=False)),
        (STRICT, lambda: threshold(strict=True)),
    ]  # fmt: skip


# --- The digits pairs: the check's own embedding, and raw pixels to compare with ------------------------

SEED = 0
TRAIN_PAIRS, HELD_OUT_PAIRS = 300, 150  # of each kind (same digit, different digits)
ACCURACY_FLOOR = 0.88  # the held-out accuracy of the embedding (0.907); raw pixels get 0.75


def _pairs(labels, count, rng):
    """``count`` same-digit pairs and ``count`` different-digit pairs of distinct images, in the order drawn."""
    first, second = rng.integers(0, len(labels), size=(2, 40 * count))  # 1 draw in 10 is of the same digit
    first, second = first[first != second], second[first != second]
    same = labels[first] == labels[second]
    kept = np.sort(np.concatenate([np.flatnonzero(same)[:count], np.flatnonzero(~same)[:count]]))
    assert len(kept) == 2 * count, "too few pairs drawn"
    return first[kept], second[kept], same[kept]


@functools.lru_cache(maxsize=1)
def verification_pairs(seed=SEED):
    """{"train": ..., "held-out": ...}, each {"embedded": (a, b), "pixels": (a, b), "same": bools}.

    The train pairs are drawn from the digits' train split, the held-out pairs from its test split: no
    image is in both. The embedding is linear discriminant analysis (scikit-learn), fitted to the train
    images and their labels, then scaled to length 1 (as FaceNet's embeddings are): a linear map chosen,
    like the triplet loss's, to bring images of one digit together and push different digits apart,
    but found in closed form in a few milliseconds, the same on every machine, where a network trained
    with a triplet loss would take seconds and vary with the platform's arithmetic.
    """
    from sklearn.discriminant_analysis import LinearDiscriminantAnalysis

    splits = data.digits_arrays(seed)
    (train, train_labels), (held_out, held_out_labels) = splits["train"], splits["test"]
    pixels = {name: images.reshape(len(images), -1).astype(np.float64)
              for name, images in (("train", train), ("held-out", held_out))}  # fmt: skip
    embedding = LinearDiscriminantAnalysis().fit(pixels["train"], train_labels)
    rng = np.random.default_rng(seed)
    found = {}
    for name, labels, count in (("train", train_labels, TRAIN_PAIRS), ("held-out", held_out_labels, HELD_OUT_PAIRS)):
        first, second, same = _pairs(labels, count, rng)
        embedded = tf.math.l2_normalize(embedding.transform(pixels[name]), axis=1).numpy()
        found[name] = {"embedded": (embedded[first], embedded[second]),
                       "pixels": (pixels[name][first], pixels[name][second]), "same": same}  # fmt: skip
    return found


def held_out_accuracy(features="embedded", seed=SEED):
    """The held-out accuracy at the best threshold of the train pairs, with ``features`` (or raw "pixels")."""
    pairs = verification_pairs(seed)
    threshold = best_threshold(pair_distances(*pairs["train"][features]), pairs["train"]["same"])
    return verification_accuracy(pair_distances(*pairs["held-out"][features]), pairs["held-out"]["same"], threshold)
