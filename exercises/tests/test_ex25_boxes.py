import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.failures import Mismatch
from course.harness import compare, describe, load, rejects
from course.oracles import ex25_boxes as oracle

exercise = load("ex25_boxes")


def check_iou(box1, box2, expected):
    case = describe(box1=box1, box2=box2)
    actual = exercise.iou(box1, box2)
    if isinstance(actual, bool) or not isinstance(actual, float):
        raise Mismatch(f"For {case}:\n  iou returned {actual!r:.60}, a {type(actual).__name__}; return a Python "
                       "float (float(...) converts a NumPy number or a 0-d array).")  # fmt: skip
    compare(np.float64(actual), expected, case, mistakes=oracle.iou_mistakes(box1, box2))


# (box1, box2, IoU by hand): intersection / (area1 + area2 - intersection)
WORKED_IOUS = [
    ((0, 0, 2, 2), (1, 1, 3, 3), 1 / 7),  # the docstring's: a 1x1 square shared, 4 + 4 - 1 covered
    ((0, 0, 4, 1), (2, 0, 6, 2), 2 / 10),  # not square: 2x1 shared, 4 + 8 - 2 covered
    ((0, 0, 4, 4), (1, 1, 2, 3), 2 / 16),  # one inside the other
    ((1, 2, 4, 3), (1, 2, 4, 3), 1.0),  # the same box
    ((0, 0, 1, 1), (2, 2, 3, 3), 0.0),  # apart on both axes: width and height both negative before clamping
    ((0, 0, 2, 1), (1, 2, 3, 3), 0.0),  # overlapping across, apart down
    ((0, 0, 1, 1), (1, 0, 2, 1), 0.0),  # touching along an edge: no area shared
    ((1, 1, 1, 1), (0, 0, 2, 2), 0.0),  # a box without area
    ((1, 1, 1, 3), (1, 1, 1, 3), 0.0),  # two the same, without area: the union is 0 too
]


@pytest.mark.parametrize("box1, box2, expected", WORKED_IOUS)
def test_iou_worked_examples(box1, box2, expected):
    assert oracle.iou(box1, box2) == pytest.approx(expected, rel=1e-12, abs=1e-15)
    check_iou(list(box1), list(box2), expected)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_iou_random_boxes(seed):
    rng = np.random.default_rng(seed)
    corners = rng.uniform(0, 4, size=(2, 2, 2))
    box1, box2 = (np.concatenate([c.min(axis=0), c.max(axis=0)]) for c in corners)  # (x1, y1), then (x2, y2)
    check_iou(box1, box2, oracle.iou(box1, box2))


def check_nms(boxes, scores, max_output_size, iou_threshold):
    case = describe(boxes=np.shape(boxes), scores=np.round(scores, 3).tolist(), max_output_size=max_output_size,
                    iou_threshold=iou_threshold)  # fmt: skip
    expected = oracle.non_max_suppression(boxes, scores, max_output_size, iou_threshold)
    actual = exercise.non_max_suppression(boxes, scores, max_output_size, iou_threshold)
    if isinstance(actual, np.ndarray) and actual.dtype.kind in "iu":
        actual = actual.astype(np.int64)  # any int array: TF's is int32
    elif not isinstance(actual, np.ndarray) or actual.size:
        compare(actual, expected, case, dtype=np.int64)  # says what it is and what to return
    if actual.shape == expected.shape and np.array_equal(actual, expected):
        return
    lines = [f"expected the indices {expected.tolist()}, got {actual.tolist()}"]
    for explanation, compute in oracle.nms_mistakes(boxes, scores, max_output_size, iou_threshold):
        variant = compute()
        if variant is None or f"Likely cause: {explanation}" in lines:
            continue
        if not np.array_equal(variant, expected) and np.array_equal(variant, actual):
            lines.append(f"Likely cause: {explanation}")
    raise Mismatch(f"For {case}:\n  " + "\n  ".join(lines))


def test_nms_worked_example():
    # (y1, x1, y2, x2). Box 1 is box 0 moved 0.2 across: they share 2 x 1.8 = 3.6 of 4 + 4 - 3.6 = 4.4,
    # IoU 0.82 > 0.5. Box 1 scores higher, so it is kept and box 0 dropped; box 2 overlaps neither.
    boxes = np.array([[0, 0, 2, 2], [0, 0.2, 2, 2.2], [3, 3, 4, 4]])
    assert oracle.non_max_suppression(boxes, [0.8, 0.9, 0.7], 3, 0.5).tolist() == [1, 2]
    check_nms(boxes, np.array([0.8, 0.9, 0.7]), 3, 0.5)


def grid_boxes(rng, n):
    """(y1, x1, y2, x2) boxes on a grid of half units: their IoUs are exact, in float32 (TF's) as in float64."""
    corners = rng.integers(0, 13, size=(n, 2, 2)) / 2
    return np.concatenate([corners.min(axis=1), corners.max(axis=1)], axis=1)


@pytest.mark.parametrize(
    "n, max_output_size, iou_threshold, ties",
    [(12, 12, 0.5, False), (15, 6, 0.3, False), (20, 20, 0.5, True), (16, 8, 0.0, True), (10, 10, 1.0, True),
     (9, 0, 0.5, False)],
)  # fmt: skip
def test_nms_matches_tensorflow(n, max_output_size, iou_threshold, ties):
    rng = np.random.default_rng(n + max_output_size)
    boxes = grid_boxes(rng, n)
    scores = rng.integers(0, 3, size=n) / 2 if ties else rng.uniform(size=n).astype(np.float32).astype(float)
    check_nms(boxes, scores, max_output_size, iou_threshold)


def test_nms_degenerate_boxes():
    # Identical boxes (IoU 1), boxes without area (IoU 0 with every box, so never dropped), equal scores.
    boxes = np.array([[1, 1, 3, 4], [1, 1, 3, 4], [2, 2, 2, 2], [2, 2, 2, 2], [0, 0, 5, 5], [1, 1, 3, 4]], float)
    for threshold in (0.5, 1.0, 0.0):
        check_nms(boxes, np.array([0.5, 0.5, 0.9, 0.9, 0.5, 0.7]), 6, threshold)


@settings(max_examples=4, derandomize=True, deadline=None)
@given(st.integers(1, 25), st.integers(0, 25), st.sampled_from([0.0, 0.25, 0.5, 0.7, 1.0]), st.booleans())
def test_nms_random_sets(n, max_output_size, iou_threshold, ties):
    rng = np.random.default_rng(100 * n + max_output_size)
    scores = rng.integers(0, 4, size=n) / 4 if ties else rng.uniform(size=n).astype(np.float32).astype(float)
    check_nms(grid_boxes(rng, n), scores, max_output_size, iou_threshold)


def test_encode_worked_example():
    # The box (1, 0, 5, 4): centre (3, 2), 4 x 4. The anchor (0, 0, 4, 2): centre (2, 1), 4 x 2.
    boxes, anchors = np.array([[1.0, 0, 5, 4], [0, 0, 4, 2]]), np.array([[0.0, 0, 4, 2], [0, 0, 4, 2]])
    by_hand = [[(3 - 2) / 4, (2 - 1) / 2, math.log(4 / 4), math.log(4 / 2)], [0, 0, 0, 0]]  # the anchor itself: 0
    np.testing.assert_allclose(oracle.encode_boxes(boxes, anchors), by_hand, rtol=1e-12)
    compare(exercise.encode_boxes(boxes, anchors), by_hand, describe(boxes=boxes.tolist(), anchors=anchors.tolist()),
            mistakes=oracle.encode_mistakes(boxes, anchors))  # fmt: skip


def random_boxes(rng, n):
    """(x1, y1, x2, y2) boxes of random sizes, none square, none without area."""
    corner = rng.uniform(-5, 5, size=(n, 2))
    return np.concatenate([corner, corner + rng.uniform(0.2, 6, size=(n, 2))], axis=1)


@pytest.mark.parametrize("n", [1, 5, 12])
def test_encode_matches_the_offsets(n):
    rng = np.random.default_rng(n)
    boxes, anchors = random_boxes(rng, n), random_boxes(rng, n)
    compare(
        exercise.encode_boxes(boxes, anchors),
        oracle.encode_boxes(boxes, anchors),
        describe(boxes=boxes.shape, anchors=anchors.shape),
        mistakes=oracle.encode_mistakes(boxes, anchors),
    )


def test_decode_worked_example():
    offsets, anchors = np.array([[0.25, 0.5, 0.0, math.log(2)]]), np.array([[0.0, 0, 4, 2]])
    compare(exercise.decode_boxes(offsets, anchors), [[1, 0, 5, 4]],
            describe(offsets=offsets.round(4).tolist(), anchors=anchors.tolist()),
            mistakes=oracle.decode_mistakes(offsets, anchors))  # fmt: skip


@pytest.mark.parametrize("n", [1, 5, 12])
def test_decode_matches_the_boxes_and_undoes_encode(n):
    rng = np.random.default_rng(10 + n)
    offsets, anchors = rng.normal(scale=0.5, size=(n, 4)), random_boxes(rng, n)
    compare(
        exercise.decode_boxes(offsets, anchors),
        oracle.decode_boxes(offsets, anchors),
        describe(offsets=offsets.shape, anchors=anchors.shape),
        mistakes=oracle.decode_mistakes(offsets, anchors),
    )
    boxes = random_boxes(rng, n)
    round_trip = exercise.decode_boxes(exercise.encode_boxes(boxes, anchors), anchors)
    compare(round_trip, boxes, f"decode_boxes(encode_boxes(boxes, anchors), anchors), {describe(boxes=boxes.shape)}")


BOXES = np.array([[0.0, 0, 2, 2], [1, 1, 3, 3]])


@pytest.mark.parametrize(
    "call, why",
    [
        (lambda: exercise.iou([2, 0, 1, 1], [0, 0, 1, 1]), "box1 (2, 0, 1, 1): x2 < x1"),
        (lambda: exercise.iou([0, 0, 1, 1], [0, 3, 1, 1]), "box2 (0, 3, 1, 1): y2 < y1"),
        (lambda: exercise.iou([0, 0, 1], [0, 0, 1, 1]), "a box of 3 numbers"),
        (lambda: exercise.non_max_suppression(BOXES[:, :3], np.ones(2), 2, 0.5), "boxes (2, 3)"),
        (lambda: exercise.non_max_suppression(BOXES, np.ones(3), 2, 0.5), "3 scores for 2 boxes"),
        (lambda: exercise.non_max_suppression(np.array([[0.0, 2, 1, 1]]), np.ones(1), 1, 0.5),
         "a box (y1, x1, y2, x2) = (0, 2, 1, 1): x2 < x1"),
        (lambda: exercise.non_max_suppression(BOXES, np.ones(2), -1, 0.5), "max_output_size -1"),
        (lambda: exercise.non_max_suppression(BOXES, np.ones(2), 2, 1.5), "iou_threshold 1.5"),
        (lambda: exercise.encode_boxes(BOXES, BOXES[:1]), "2 boxes for 1 anchor"),
        (lambda: exercise.encode_boxes(np.array([[0.0, 0, 2, 2], [3, 1, 1, 3]]), BOXES), "a box with x2 < x1"),
        (lambda: exercise.encode_boxes(BOXES, np.array([[0.0, 0, 0, 2], [1, 1, 3, 3]])), "an anchor without width"),
        (lambda: exercise.decode_boxes(np.zeros((2, 3)), BOXES), "offsets (2, 3)"),
    ],
)  # fmt: skip
def test_bad_input_raises_value_error(call, why):
    rejects(call, why)
