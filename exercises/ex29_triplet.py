"""Exercise 29: embeddings, the triplet loss, and verification by a distance threshold.

A classifier knows a fixed list of classes. A face-unlock phone cannot: it
must say whether two photos show the *same person*, for people it never saw
in training. FaceNet's answer is an **embedding**: a network maps each image
to a vector, trained so that images of one person land close together and
images of different people far apart. Then "same or not?" is a question
about distance: the same if the two vectors are closer than a threshold.

**The triplet loss** trains such an embedding. Take three images: an
*anchor* a, a *positive* p (the same person) and a *negative* n (someone
else). We want the positive nearer than the negative, by a margin alpha:

    ||a - p||^2 + alpha <= ||a - n||^2

with ||v||^2 the squared length of v, the sum of its squared elements. A
triplet that keeps this promise costs nothing; one that breaks it costs by
how much:

    loss = sum over the batch of max(||a - p||^2 - ||a - n||^2 + alpha, 0)

The hinge max(..., 0) is taken for each triplet, before the sum: without
it, an easy triplet (its negative already far away) would add a negative
number, hiding the hard ones, and training would push easy negatives ever
farther instead of fixing the mistakes.

Worked example, 3 triplets in 3-D, alpha = 0.5 (the checks use it):

    anchor      positive    negative      ||a-p||^2  ||a-n||^2  margin        max(., 0)
    (0, 0, 0)   (1, 0, 0)   (0, 2, 0)     1          4          1-4+0.5=-2.5  0     easy
    (1, 1, 1)   (2, 2, 1)   (1, 1, 2)     2          1          2-1+0.5=1.5   1.5   hard
    (0, 1, 2)   (0, 2, 2)   (0.5, 1, 3)   1          1.25       1-1.25+.5=.25 0.25  semi-hard

    loss = 0 + 1.5 + 0.25 = 1.75

(The semi-hard one: its negative is farther than its positive, but not by
alpha.)

**Verification.** With an embedding, checking a pair is three steps:

1. ``pair_distances(embeddings_a, embeddings_b)``: the squared distance
   ||a_i - b_i||^2 of each row pair i: N numbers, not an N x N table.
2. ``best_threshold(distances, same)``: on training pairs whose answers are
   known (``same[i]`` True when pair i shows the same digit), the threshold
   that gets the most pairs right. The rule: a pair is called "same" when
   **distance <= threshold**. The candidates are -inf (no pair is "same")
   and each training distance; of those that get the most pairs right,
   return the **smallest**: the strictest, letting the fewest different
   pairs through (a phone that refuses you now and then is better than one
   that opens for a stranger). Pairs at equal distances are always called
   alike, since one threshold cannot split them.
3. ``verification_accuracy(distances, same, threshold)``: the fraction of
   pairs called right with that threshold (distance <= threshold means
   "same"), measured on *held-out* pairs, of images the threshold never saw.

Worked example, six pairs:

    distances  0.5   1.2   0.3   2.0   0.9   1.5
    same       True  False True  False False True

Sorted, the distances are 0.3 (same), 0.5 (same), 0.9, 1.2, 1.5 (same) and
2.0. Threshold 0.5 calls the first two "same" and the rest "different":
only the pair at 1.5 is wrong, 5 of 6 right, and no threshold does better,
so ``best_threshold`` returns 0.5. With threshold 0.9, the pair at 0.9 is
wrong too: ``verification_accuracy(distances, same, 0.9)`` is 4/6. With
-inf every pair is "different": 3/6.

How the checks use it: they draw pairs from scikit-learn's digits, 600
train pairs (half of them of the same digit) and 300 held-out pairs from
other images, and embed them with a fixed embedding learned from the train
images' labels (linear discriminant analysis, scaled to length 1). Your
functions find the threshold on the train pairs and the held-out accuracy:
about 0.91, where the same steps on the raw pixels get 0.75. You write
NumPy only; the checks load the digits and hand you arrays.

Checked against: the loss and the distances in TensorFlow ops
(``tf.reduce_sum``, ``tf.square``, ``tf.maximum``) in float64, on batches of
odd sizes with triplets on both sides of the margin, and alpha 0; the
threshold by brute force, every candidate tried, in TensorFlow.
Bad input: ValueError for arrays that are not 2-D or not all of one shape,
a negative alpha, ``same`` that is not one bool per distance, no pairs at
all, or a threshold that is NaN.
"""


def triplet_loss(anchor, positive, negative, alpha):
    """Returns the triplet loss of a batch: the sum of max(||a - p||^2 - ||a - n||^2 + alpha, 0).

    Args:
        anchor (array): (N, D), one embedding per row.
        positive (array): (N, D), row i of the same identity as anchor row i.
        negative (array): (N, D), row i of another identity.
        alpha (float): the margin, at least 0.

    Returns:
        A float: the sum over the N triplets.
    """
    raise NotImplementedError


def pair_distances(embeddings_a, embeddings_b):
    """Returns the squared distance ||a_i - b_i||^2 of each row pair.

    Args:
        embeddings_a (array): (N, D).
        embeddings_b (array): (N, D).

    Returns:
        An array of N floats.

    Example: rows (0, 0, 0) and (1, 2, 2) are 1 + 4 + 4 = 9 apart.
    """
    raise NotImplementedError


def best_threshold(distances, same):
    """Returns the threshold that calls the most training pairs right ("same" means distance <= threshold).

    Args:
        distances (array): N floats, one per pair.
        same (array): N bools, True where the pair is of one identity.

    Returns:
        A float: -inf or one of the distances; of the equally good, the smallest.
    """
    raise NotImplementedError


def verification_accuracy(distances, same, threshold):
    """Returns the fraction of pairs called right when "same" means distance <= threshold.

    Args:
        distances (array): N floats, one per pair.
        same (array): N bools, True where the pair is of one identity.
        threshold (float): the largest distance still called "same" (may be -inf).

    Returns:
        A float from 0 to 1.
    """
    raise NotImplementedError
