"""Likely cause: iou_threshold was compared with the scores, not with the IoUs"""

import numpy as np

from solutions.ex25_boxes import decode_boxes, encode_boxes, iou  # noqa: F401  (checked too)


def non_max_suppression(boxes, scores, max_output_size, iou_threshold):
    order = np.argsort(-np.asarray(scores), kind="stable")
    return np.array([i for i in order if scores[i] > iou_threshold][:max_output_size], dtype=np.int64)
