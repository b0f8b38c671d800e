import numpy as np
import pytest

from course.failures import Mismatch
from course.harness import compare, describe, load, rejects
from course.oracles import ex26_mean_iou as oracle

exercise = load("ex26_mean_iou")

# The docstring's worked example: 4 classes on 2 x 4 maps; class 3 is in neither.
Y_TRUE = np.array([[0, 0, 0, 1], [0, 0, 2, 2]])
Y_PRED = np.array([[0, 0, 1, 1], [0, 2, 2, 2]])
BY_HAND = [3 / 5, 1 / 2, 2 / 3, np.nan]  # intersection / (true + predicted - intersection), class by class


def case_of(y_true, num_classes):
    return describe(maps=y_true.shape, labels=y_true.dtype.name, num_classes=num_classes)


def check_per_class(y_true, y_pred, num_classes, expected):
    compare(exercise.per_class_iou(y_true, y_pred, num_classes), expected, case_of(y_true, num_classes),
            mistakes=oracle.per_class_mistakes(y_true, y_pred, num_classes))  # fmt: skip


def check_mean(y_true, y_pred, num_classes, expected):
    case = case_of(y_true, num_classes)
    actual = exercise.mean_iou(y_true, y_pred, num_classes)
    if isinstance(actual, bool) or not isinstance(actual, float):
        raise Mismatch(f"For {case}:\n  mean_iou returned {actual!r:.60}, a {type(actual).__name__}; return a "
                       "Python float (float(...) converts a NumPy number or a 0-d array).")  # fmt: skip
    # Keras computes in float32, and adds 1e-7 to each denominator.
    compare(np.float64(actual), expected, case, rtol=1e-5, atol=1e-7,
            mistakes=oracle.mean_mistakes(y_true, y_pred, num_classes))  # fmt: skip


def test_per_class_iou_worked_example():
    np.testing.assert_allclose(oracle.per_class_iou(Y_TRUE, Y_PRED, 4), BY_HAND, rtol=1e-12)
    keras_ious = [oracle.keras_class_iou(Y_TRUE, Y_PRED, 4, c) for c in range(3)]  # Keras's, for the classes present
    np.testing.assert_allclose(keras_ious, BY_HAND[:3], rtol=1e-5)
    check_per_class(Y_TRUE, Y_PRED, 4, BY_HAND)


def test_mean_iou_worked_example():
    by_hand = (3 / 5 + 1 / 2 + 2 / 3) / 3  # class 3, in neither map, left out
    assert oracle.mean_iou(Y_TRUE, Y_PRED, 4) == pytest.approx(by_hand, rel=1e-6)
    check_mean(Y_TRUE, Y_PRED, 4, by_hand)


def maps(shape, true_classes, predicted_classes, seed, dtype=np.int64):
    """Random label maps: y_true drawn from ``true_classes``, y_pred a copy with about a third of its pixels
    redrawn from ``predicted_classes`` (so each class is partly right)."""
    rng = np.random.default_rng(seed)
    y_true = rng.choice(true_classes, size=shape).astype(dtype)
    y_pred = np.where(rng.uniform(size=shape) < 0.35, rng.choice(predicted_classes, size=shape), y_true)
    y_pred = np.where(np.isin(y_pred, predicted_classes), y_pred, predicted_classes[0]).astype(dtype)
    return y_true, y_pred


CASES = [  # (shape, classes drawn in y_true, in y_pred, num_classes, dtype)
    ((6, 9), [0, 1, 2], [0, 1, 2], 3, np.int64),  # one non-square map, every class present
    ((3, 5, 7), [0, 1, 2, 3], [0, 1, 2, 3], 6, np.int64),  # a batch; classes 4 and 5 in neither map
    ((2, 8, 6), [0, 1, 2, 3], [0, 1, 2], 4, np.int32),  # class 3 in y_true only: IoU 0, counted
    ((2, 4, 5, 1), [0, 2], [0, 2, 4], 5, np.int64),  # class 4 predicted only; 1 and 3 in neither
    ((2, 12, 10), list(range(21)), list(range(21)), 21, np.uint8),  # uint8, 21 classes: 20 * 21 > 255
]


def cases():
    for shape, true_classes, predicted_classes, num_classes, dtype in CASES:
        y_true, y_pred = maps(shape, true_classes, predicted_classes, len(shape) + num_classes, dtype)
        yield pytest.param(y_true, y_pred, num_classes, id=str(case_of(y_true, num_classes)))
    background = np.zeros((2, 3, 5), dtype=np.int64)  # all background in both: class 0's IoU is 1, the rest absent
    yield pytest.param(background, background.copy(), 3, id="all background")


@pytest.mark.parametrize("y_true, y_pred, num_classes", cases())
def test_per_class_iou_matches_the_confusion_matrix(y_true, y_pred, num_classes):
    check_per_class(y_true, y_pred, num_classes, oracle.per_class_iou(y_true, y_pred, num_classes))


@pytest.mark.parametrize("y_true, y_pred, num_classes", cases())
def test_mean_iou_matches_keras(y_true, y_pred, num_classes):
    check_mean(y_true, y_pred, num_classes, oracle.mean_iou(y_true, y_pred, num_classes))


LABELS = np.array([[0, 1], [2, 1]])


@pytest.mark.parametrize("function", ["per_class_iou", "mean_iou"])
@pytest.mark.parametrize(
    "y_true, y_pred, num_classes, why",
    [
        (LABELS, np.array([[0, 1], [3, 1]]), 3, "y_pred holds 3 with num_classes 3"),
        (np.array([[0, 1], [3, 1]]), LABELS, 3, "y_true holds 3 with num_classes 3"),
        (np.array([[0, -1], [2, 1]]), LABELS, 3, "y_true holds -1"),
        (LABELS, np.array([[0, 1], [-1, 1]]), 3, "y_pred holds -1"),
        (LABELS, LABELS.astype(float) / 2, 3, "y_pred of floats"),
        (LABELS.astype(float) / 2, LABELS, 3, "y_true of floats"),
        (LABELS, LABELS[:, :1], 3, "y_true (2, 2) and y_pred (2, 1)"),
        (LABELS, LABELS.T.reshape(1, 2, 2), 3, "y_true (2, 2) and y_pred (1, 2, 2)"),
        (LABELS[:0], LABELS[:0], 3, "maps without pixels, (0, 2)"),
        (LABELS, LABELS, 0, "num_classes 0"),
    ],
)
def test_bad_input_raises_value_error(function, y_true, y_pred, num_classes, why):
    rejects(lambda: getattr(exercise, function)(y_true, y_pred, num_classes), why)
