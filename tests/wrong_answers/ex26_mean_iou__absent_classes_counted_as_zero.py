"""Likely cause: a class absent from both maps was counted as IoU 0"""

import numpy as np

from solutions.ex26_mean_iou import per_class_iou


def mean_iou(y_true, y_pred, num_classes):
    ious = np.nan_to_num(per_class_iou(y_true, y_pred, num_classes))  # NaN, a class in neither map, becomes 0
    return float(np.sum(ious) / num_classes)
