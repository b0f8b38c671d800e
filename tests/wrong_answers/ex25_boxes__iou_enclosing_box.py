"""Likely cause: the intersection used min of the first corners and max of the second ones"""

from solutions.ex25_boxes import _box, decode_boxes, encode_boxes, non_max_suppression  # noqa: F401  (checked too)


def iou(box1, box2):
    a, b = _box(box1, "box1"), _box(box2, "box2")
    width = max(max(a[2], b[2]) - min(a[0], b[0]), 0.0)  # from the leftmost corner to the rightmost one
    height = max(max(a[3], b[3]) - min(a[1], b[1]), 0.0)
    intersection = width * height
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - intersection
    return float(intersection / union) if union else 0.0
