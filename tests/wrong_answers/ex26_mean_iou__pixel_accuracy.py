"""Likely cause: this is the pixel accuracy, the share of pixels labelled right."""

import numpy as np

from solutions.ex26_mean_iou import _label_maps, per_class_iou  # noqa: F401  (checked too)


def mean_iou(y_true, y_pred, num_classes):
    y_true, y_pred = _label_maps(y_true, y_pred, num_classes)
    return float(np.mean(y_true == y_pred))
