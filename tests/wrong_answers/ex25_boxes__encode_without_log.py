"""Likely cause: the size offsets have no log"""

import numpy as np

from solutions.ex25_boxes import decode_boxes, iou, non_max_suppression  # noqa: F401  (checked too)


def encode_boxes(boxes, anchors):
    boxes, anchors = np.asarray(boxes, float), np.asarray(anchors, float)
    size, anchor_size = boxes[:, 2:] - boxes[:, :2], anchors[:, 2:] - anchors[:, :2]
    shift = ((boxes[:, :2] + boxes[:, 2:]) - (anchors[:, :2] + anchors[:, 2:])) / 2 / anchor_size
    return np.concatenate([shift, size / anchor_size], axis=1)
