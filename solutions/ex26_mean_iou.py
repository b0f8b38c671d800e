"""Solution to exercise 26: per-class and mean IoU of segmentation label maps."""

import numpy as np

from solutions.common import positive_ints


def _label_maps(y_true, y_pred, num_classes):
    """Both maps flattened to int64 labels, each checked to be 0 to num_classes - 1."""
    positive_ints(num_classes=num_classes)
    maps = {"y_true": np.asarray(y_true), "y_pred": np.asarray(y_pred)}
    if maps["y_true"].shape != maps["y_pred"].shape:
        raise ValueError(f"y_true {maps['y_true'].shape} and y_pred {maps['y_pred'].shape} must have the same shape")
    if maps["y_true"].size == 0:
        raise ValueError(f"the label maps have no pixels: shape {maps['y_true'].shape}")
    for name, labels in maps.items():
        if labels.dtype.kind not in "iu":
            raise ValueError(f"{name} must hold integer class labels, got an array of {labels.dtype} "
                             "(probabilities? take their argmax over the classes' axis)")  # fmt: skip
        bad = labels[(labels < 0) | (labels >= num_classes)]
        if bad.size:
            raise ValueError(f"{name} holds the label {bad[0]}; with num_classes={num_classes} a label is 0 to "
                             f"{num_classes - 1}")  # fmt: skip
    return (labels.ravel().astype(np.int64) for labels in maps.values())  # int64: uint8 * num_classes overflows


def per_class_iou(y_true, y_pred, num_classes):
    y_true, y_pred = _label_maps(y_true, y_pred, num_classes)
    # counts[i, j]: the pixels of true class i predicted j.
    counts = np.bincount(y_true * num_classes + y_pred, minlength=num_classes**2).reshape(num_classes, num_classes)
    intersection = np.diag(counts)
    union = counts.sum(axis=0) + counts.sum(axis=1) - intersection
    return np.divide(intersection, union, out=np.full(num_classes, np.nan), where=union > 0)


def mean_iou(y_true, y_pred, num_classes):
    # A map has at least one pixel, so at least one class is present and the mean has something to average.
    return float(np.nanmean(per_class_iou(y_true, y_pred, num_classes)))
