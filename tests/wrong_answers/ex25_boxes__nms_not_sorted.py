"""Likely cause: the boxes were not sorted by score first"""

import numpy as np

from solutions.ex25_boxes import decode_boxes, encode_boxes, iou  # noqa: F401  (checked too)


def non_max_suppression(boxes, scores, max_output_size, iou_threshold):
    kept = []
    for index in range(len(boxes)):  # in the order they come, whatever their scores
        if len(kept) < max_output_size and all(iou(boxes[index], boxes[k]) <= iou_threshold for k in kept):
            kept.append(index)
    return np.array(kept, dtype=np.int64)
