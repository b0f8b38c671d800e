"""Solution to exercise 25: IoU, non-max suppression, and SSD anchor offsets."""

import numpy as np

from solutions.common import as_array


def _box(box, name):
    box = as_array(box, name, 1)
    if box.shape != (4,):
        raise ValueError(f"{name} must be 4 numbers (x1, y1, x2, y2), got shape {box.shape}")
    if box[2] < box[0] or box[3] < box[1]:
        raise ValueError(f"{name} {box.tolist()} has x2 < x1 or y2 < y1: its corners are (x1, y1, x2, y2)")
    return box


def _boxes(boxes, name, positive=False):
    """(N, 4) corner boxes, the second corner never before the first (with ``positive``: strictly after)."""
    boxes = as_array(boxes, name, 2)
    if boxes.shape[1] != 4:
        raise ValueError(f"{name} must be (N, 4), got shape {boxes.shape}")
    sizes = boxes[:, 2:] - boxes[:, :2]
    if np.any(sizes <= 0 if positive else sizes < 0):
        row = int(np.argmax(np.any(sizes <= 0 if positive else sizes < 0, axis=1)))
        need = "a width and a height above 0" if positive else "its second corner after its first"
        raise ValueError(f"{name}[{row}] = {boxes[row].tolist()} must have {need}")
    return boxes


def _area(box):
    return (box[2] - box[0]) * (box[3] - box[1])


def iou(box1, box2):
    a, b = _box(box1, "box1"), _box(box2, "box2")
    width = max(min(a[2], b[2]) - max(a[0], b[0]), 0.0)
    height = max(min(a[3], b[3]) - max(a[1], b[1]), 0.0)
    intersection = width * height
    union = _area(a) + _area(b) - intersection
    return float(intersection / union) if union > 0 else 0.0


def non_max_suppression(boxes, scores, max_output_size, iou_threshold):
    boxes = _boxes(boxes, "boxes")
    scores = as_array(scores, "scores", 1)
    if scores.shape != (len(boxes),):
        raise ValueError(f"scores must hold one score per box, ({len(boxes)},), got shape {scores.shape}")
    if isinstance(max_output_size, bool) or not isinstance(max_output_size, (int, np.integer)) or max_output_size < 0:
        raise ValueError(f"max_output_size must be an int of at least 0, got {max_output_size!r}")
    if (
        isinstance(iou_threshold, bool)
        or not isinstance(iou_threshold, (int, float, np.number))
        or not 0 <= iou_threshold <= 1
    ):
        raise ValueError(f"iou_threshold must be between 0 and 1, got {iou_threshold!r}")
    kept = []
    for index in np.argsort(-scores, kind="stable"):  # highest score first; ties: the lower index first
        if len(kept) == max_output_size:
            break
        # IoU is the same with (y1, x1, y2, x2) boxes as with (x1, y1, x2, y2): both axes play the same part.
        if all(iou(boxes[index], boxes[other]) <= iou_threshold for other in kept):
            kept.append(int(index))
    return np.array(kept, dtype=np.int64)


def _centres(boxes):
    """Corner boxes -> their centres (N, 2) and sizes (N, 2)."""
    return (boxes[:, :2] + boxes[:, 2:]) / 2, boxes[:, 2:] - boxes[:, :2]


def _same_rows(a, b, names):
    if a.shape != b.shape:
        raise ValueError(f"{names[0]} {a.shape} and {names[1]} {b.shape} must both be (N, 4), one row each")


def encode_boxes(boxes, anchors):
    boxes, anchors = _boxes(boxes, "boxes", positive=True), _boxes(anchors, "anchors", positive=True)
    _same_rows(boxes, anchors, ("boxes", "anchors"))
    (centre, size), (anchor_centre, anchor_size) = _centres(boxes), _centres(anchors)
    return np.concatenate([(centre - anchor_centre) / anchor_size, np.log(size / anchor_size)], axis=1)


def decode_boxes(offsets, anchors):
    offsets, anchors = as_array(offsets, "offsets", 2), _boxes(anchors, "anchors", positive=True)
    _same_rows(offsets, anchors, ("offsets", "anchors"))
    anchor_centre, anchor_size = _centres(anchors)
    centre, size = anchor_centre + offsets[:, :2] * anchor_size, anchor_size * np.exp(offsets[:, 2:])
    return np.concatenate([centre - size / 2, centre + size / 2], axis=1)
