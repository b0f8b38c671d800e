import numpy as np
import pytest

from course.failures import Mismatch
from course.harness import compare, describe, load, rejects
from course.oracles import ex29_triplet as oracle

exercise = load("ex29_triplet")


def check_float(actual, expected, name, case, mistakes=()):
    """``actual`` must be a Python float (np.float64 is one) equal to ``expected``."""
    if isinstance(actual, bool) or not isinstance(actual, float):
        raise Mismatch(f"For {case}:\n  {name} returned {actual!r:.60}, a {type(actual).__name__}; return a Python "
                       "float (float(...) converts a NumPy number or a 0-d array).")  # fmt: skip
    compare(np.float64(actual), expected, case, mistakes=mistakes)


def check_triplet_loss(anchor, positive, negative, alpha, expected=None):
    case = describe(anchor=anchor.shape, alpha=alpha)
    expected = oracle.triplet_loss(anchor, positive, negative, alpha) if expected is None else expected
    actual = exercise.triplet_loss(anchor, positive, negative, alpha)
    mistakes = oracle.triplet_loss_mistakes(anchor, positive, negative, alpha)
    check_float(actual, expected, "triplet_loss", case, mistakes)


# The docstring's three triplets in 3-D, by hand: ||a - p||^2, ||a - n||^2, margin + alpha 0.5, loss.
ANCHOR = np.array([[0.0, 0, 0], [1, 1, 1], [0, 1, 2]])
POSITIVE = ANCHOR + [[1.0, 0, 0], [1, 1, 0], [0, 1, 0]]  # 1, 2, 1
NEGATIVE = ANCHOR + [[0.0, 2, 0], [0, 0, 1], [0.5, 0, 1]]  # 4, 1, 1.25
# easy: 1 - 4 + 0.5 = -2.5 -> 0; hard: 2 - 1 + 0.5 = 1.5; semi-hard: 1 - 1.25 + 0.5 = 0.25. Sum 1.75.


def test_triplet_loss_worked_example():
    assert oracle.triplet_loss(ANCHOR, POSITIVE, NEGATIVE, 0.5) == pytest.approx(1.75, rel=1e-12)
    check_triplet_loss(ANCHOR, POSITIVE, NEGATIVE, 0.5, expected=1.75)


def triplets(rng, n, d):
    """``n`` triplets of ``d`` numbers: negatives at random distances, some inside the margin, some beyond it."""
    anchor = rng.normal(size=(n, d))
    positive = anchor + rng.normal(scale=0.5, size=(n, d))
    negative = anchor + rng.normal(size=(n, d)) * rng.uniform(0.2, 1.2, size=(n, 1))
    return anchor, positive, negative


@pytest.mark.parametrize("n, d, alpha", [(5, 3, 0.5), (16, 7, 0.2), (6, 9, 0.0), (1, 5, 1.0), (12, 4, 2.0)])
def test_triplet_loss_matches_tensorflow(n, d, alpha):
    anchor, positive, negative = triplets(np.random.default_rng(n * d), n, d)
    margins = np.sum((anchor - positive) ** 2, 1) - np.sum((anchor - negative) ** 2, 1) + alpha
    assert n == 1 or (margins > 0).any() and (margins < 0).any(), "a case with triplets on both sides of the margin"
    check_triplet_loss(anchor, positive, negative, alpha)


def test_triplet_loss_of_identical_points_is_alpha_per_triplet():
    points = np.arange(12.0).reshape(4, 3)  # anchor, positive and negative all the same: 0 - 0 + alpha each
    check_triplet_loss(points, points.copy(), points.copy(), 0.3, expected=4 * 0.3)
    check_triplet_loss(points, points.copy(), points.copy(), 0.0, expected=0.0)


def check_pair_distances(a, b, expected=None):
    expected = oracle.pair_distances(a, b) if expected is None else expected
    compare(exercise.pair_distances(a, b), expected, describe(embeddings_a=a.shape),
            mistakes=oracle.pair_distances_mistakes(a, b))  # fmt: skip


def test_pair_distances_worked_example():
    a, b = np.array([[0.0, 0, 0], [1, 2, 3]]), np.array([[1.0, 2, 2], [1, 2, 3]])
    check_pair_distances(a, b, expected=[1 + 4 + 4, 0])


@pytest.mark.parametrize("n, d", [(6, 5), (1, 9), (10, 2)])
def test_pair_distances_match_tensorflow(n, d):
    rng = np.random.default_rng(n + d)
    check_pair_distances(rng.normal(size=(n, d)), rng.normal(size=(n, d)))


def check_accuracy(distances, same, threshold, expected=None):
    case = describe(distances=distances.tolist() if len(distances) <= 8 else distances.shape,
                    same=same.tolist() if len(same) <= 8 else same.shape, threshold=threshold)  # fmt: skip
    expected = oracle.verification_accuracy(distances, same, threshold) if expected is None else expected
    actual = exercise.verification_accuracy(distances, same, threshold)
    mistakes = oracle.verification_accuracy_mistakes(distances, same, threshold)
    check_float(actual, expected, "verification_accuracy", case, mistakes)


# The docstring's six pairs: their distances, and which are of the same digit.
DISTANCES = np.array([0.5, 1.2, 0.3, 2.0, 0.9, 1.5])
SAME = np.array([True, False, True, False, False, True])


@pytest.mark.parametrize(
    "threshold, right",
    [(0.9, 4),  # 0.5, 0.3 and 0.9 called "same": 0.9 wrongly; 1.5 wrongly "different"
     (0.5, 5),  # only 1.5 wrong
     (-np.inf, 3)],  # every pair called "different": the three different pairs are right
)  # fmt: skip
def test_verification_accuracy_worked_examples(threshold, right):
    assert oracle.verification_accuracy(DISTANCES, SAME, threshold) == right / 6
    check_accuracy(DISTANCES, SAME, threshold, expected=right / 6)


def check_threshold(distances, same, expected=None):
    case = describe(distances=distances.tolist() if len(distances) <= 8 else distances.shape,
                    same=same.tolist() if len(same) <= 8 else same.shape)  # fmt: skip
    expected = oracle.best_threshold(distances, same) if expected is None else expected
    actual = exercise.best_threshold(distances, same)
    check_float(actual, expected, "best_threshold", case, oracle.best_threshold_mistakes(distances, same))


@pytest.mark.parametrize(
    "distances, same, expected",
    [
        (DISTANCES, SAME, 0.5),  # 5 of 6 right; no other threshold does as well
        (np.array([1.0, 2, 3, 4]), np.array([True, False, True, False]), 1.0),  # 1 and 3 both get 3 right
        # 1, 3 and 5 all get 4 right, and 3 comes first: the smallest, not the first found, is the answer
        (np.array([3.0, 6, 5, 2, 1, 4]), np.array([True, False, True, False, True, False]), 1.0),
        (np.array([1.0, 2, 3]), np.array([False, False, True]), -np.inf),  # all "different" gets 2 right
        (np.array([2.0, 1, 1]), np.array([True, True, False]), 2.0),  # the two 1s go together: 1 gets 1 right
        (np.array([0.7, 0.2]), np.array([True, True]), 0.7),  # all the same: the largest distance
    ],
)
def test_best_threshold_worked_examples(distances, same, expected):
    assert oracle.best_threshold(distances, same) == expected
    check_threshold(distances, same, expected)


@pytest.mark.parametrize("n, ties", [(7, True), (25, True), (40, False), (1, False)])
def test_best_threshold_matches_brute_force(n, ties):
    rng = np.random.default_rng(n)
    distances = rng.integers(0, 6, size=n) / 4 if ties else rng.uniform(0, 3, size=n)
    same = rng.uniform(0, 3, size=n) > distances  # nearer pairs are more often the same, as with a good embedding
    check_threshold(distances, same)


@pytest.mark.parametrize("features", ["embedded", "pixels"])
def test_digit_pairs_verified(features):
    """Same digit or not, for pairs of scikit-learn's digits: the threshold from 600 train pairs, the accuracy
    on 300 held-out pairs of other images. "embedded": the check's fixed embedding; "pixels": the raw images."""
    pairs = oracle.verification_pairs()
    train, held_out = pairs["train"], pairs["held-out"]
    (a, b), same = train[features], train["same"]
    distances = oracle.pair_distances(a, b)
    compare(exercise.pair_distances(a, b), distances, f"the train pairs, {describe(features=features, a=a.shape)}",
            mistakes=oracle.pair_distances_mistakes(a, b))  # fmt: skip
    case = describe(features=features, train_pairs=len(same), same_pairs=int(same.sum()))
    threshold = oracle.best_threshold(distances, same)
    check_float(exercise.best_threshold(distances, same), threshold, "best_threshold", f"the train pairs, {case}",
                oracle.best_threshold_mistakes(distances, same))  # fmt: skip
    held_out_distances = oracle.pair_distances(*held_out[features])
    accuracy = oracle.verification_accuracy(held_out_distances, held_out["same"], threshold)
    check_float(
        exercise.verification_accuracy(held_out_distances, held_out["same"], threshold), accuracy,
        "verification_accuracy", f"the held-out pairs, {describe(features=features, threshold=round(threshold, 4))}",
        oracle.verification_accuracy_mistakes(held_out_distances, held_out["same"], threshold),
    )  # fmt: skip
    if features == "embedded":  # the docstring's figures: the embedding verifies, and beats raw pixels
        assert accuracy >= oracle.ACCURACY_FLOOR > oracle.held_out_accuracy("pixels"), accuracy


TRIPLET = np.zeros((3, 4))


@pytest.mark.parametrize(
    "call, why",
    [
        (lambda: exercise.triplet_loss(TRIPLET, np.zeros((3, 5)), TRIPLET, 0.2), "positive (3, 5), anchor (3, 4)"),
        (lambda: exercise.triplet_loss(TRIPLET, TRIPLET, TRIPLET[:2], 0.2), "negative (2, 4), anchor (3, 4)"),
        (lambda: exercise.triplet_loss(TRIPLET, TRIPLET, TRIPLET, -0.2), "alpha -0.2"),
        (lambda: exercise.triplet_loss(np.zeros(4), np.zeros(4), np.zeros(4), 0.2), "one triplet of 1-D vectors"),
        (lambda: exercise.pair_distances(np.zeros((3, 4)), np.zeros((2, 4))), "embeddings (3, 4) and (2, 4)"),
        (lambda: exercise.pair_distances(np.zeros((2, 3, 4)), np.zeros((2, 3, 4))), "3-D embeddings"),
        (lambda: exercise.best_threshold(DISTANCES, SAME[:5]), "6 distances, 5 bools"),
        (lambda: exercise.best_threshold(DISTANCES, SAME * 0.5), "same of floats"),
        (lambda: exercise.best_threshold(np.zeros(0), np.zeros(0, bool)), "no pairs"),
        (lambda: exercise.verification_accuracy(DISTANCES, SAME, np.nan), "threshold NaN"),
    ],
)
def test_bad_input_raises_value_error(call, why):
    rejects(call, why)
