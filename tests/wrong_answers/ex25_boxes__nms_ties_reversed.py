"""Likely cause: equal scores were not taken the lower index first"""

import numpy as np

from solutions.ex25_boxes import decode_boxes, encode_boxes, iou  # noqa: F401  (checked too)


def non_max_suppression(boxes, scores, max_output_size, iou_threshold):
    kept = []
    for index in np.argsort(scores)[::-1]:  # highest first, but equal scores come out last index first
        if len(kept) < max_output_size and all(iou(boxes[index], boxes[k]) <= iou_threshold for k in kept):
            kept.append(int(index))
    return np.array(kept, dtype=np.int64)
