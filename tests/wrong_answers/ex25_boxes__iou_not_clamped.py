"""Likely cause: the intersection's width or height was not clamped to 0."""

from solutions.ex25_boxes import _box, decode_boxes, encode_boxes, non_max_suppression  # noqa: F401  (checked too)


def iou(box1, box2):
    a, b = _box(box1, "box1"), _box(box2, "box2")
    width = min(a[2], b[2]) - max(a[0], b[0])  # negative when the boxes do not meet across
    height = min(a[3], b[3]) - max(a[1], b[1])
    intersection = width * height
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - intersection
    return float(intersection / union) if union else 0.0
