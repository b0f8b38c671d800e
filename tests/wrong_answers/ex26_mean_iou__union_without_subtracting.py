"""Likely cause: the union was the true pixels plus the predicted ones, without subtracting the intersection"""

import numpy as np

from solutions.ex26_mean_iou import _label_maps


def per_class_iou(y_true, y_pred, num_classes):
    y_true, y_pred = _label_maps(y_true, y_pred, num_classes)
    ious = np.full(num_classes, np.nan)
    for c in range(num_classes):
        intersection = np.sum((y_true == c) & (y_pred == c))
        union = np.sum(y_true == c) + np.sum(y_pred == c)  # counts the intersection twice
        if union > 0:
            ious[c] = intersection / union
    return ious


def mean_iou(y_true, y_pred, num_classes):
    return float(np.nanmean(per_class_iou(y_true, y_pred, num_classes)))
