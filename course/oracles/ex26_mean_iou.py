"""Exercise 26, per-class and mean IoU of label maps: Keras's answers, and the known mistakes.

The mean is ``keras.metrics.MeanIoU`` itself; one class's IoU is ``keras.metrics.IoU`` with
``target_class_ids=[c]``, which says 0 for a class in neither map where the exercise says NaN, so
the per-class answer is computed from ``tf.math.confusion_matrix`` (and checked against Keras's for the
classes present). A mistake is the confusion matrix's ratios with another denominator, or absent
classes counted another way.
"""

import keras
import numpy as np
import tensorflow as tf

ABSENT_AS_ZERO = (
    "a class absent from both maps was counted as IoU 0: the mean was divided by num_classes. Such a "
    "class has no IoU (0 / 0); keras.metrics.MeanIoU leaves it out: average only the classes present in "
    "y_true or y_pred (np.nanmean, with NaN for the absent ones)."
)
ABSENT_NOT_NAN = (
    "a class absent from both maps got a number. Its union is empty, so its IoU is 0 / 0: return NaN for it "
    "(np.nan), which np.nanmean then leaves out."
)
PRECISION = (
    "the union was the predicted pixels of the class only, TP + FP: that is the precision. The union is "
    "the pixels true OR predicted: true + predicted - intersection, TP + FP + FN."
)
RECALL = (
    "the union was the true pixels of the class only, TP + FN: that is the recall. The union is the pixels "
    "true OR predicted: true + predicted - intersection, TP + FP + FN."
)
NOT_SUBTRACTED = (
    "the union was the true pixels plus the predicted ones, without subtracting the intersection, which "
    "that sum counts twice: union = true + predicted - intersection."
)
DICE = (
    "this is the Dice coefficient, 2 * intersection / (true + predicted), not IoU. IoU divides the "
    "intersection by the union, true + predicted - intersection."
)
PIXEL_ACCURACY = (
    "this is the pixel accuracy, the share of pixels labelled right. Mean IoU scores each class on its own, "
    "TP / (TP + FP + FN), then averages over the classes present."
)


def confusion(y_true, y_pred, num_classes):
    """counts[i, j]: the pixels of true class i predicted j, from ``tf.math.confusion_matrix``, as float64."""
    flat = (tf.reshape(tf.constant(labels, tf.int64), [-1]) for labels in (y_true, y_pred))
    return tf.math.confusion_matrix(*flat, num_classes, dtype=tf.float64)


def class_ratios(y_true, y_pred, num_classes, over="union", times=1.0):
    """Each class's ``times`` * TP over its ``over``: "union" (its IoU), "predicted", "true" or "both areas"
    (true + predicted); NaN where that is 0."""
    counts = confusion(y_true, y_pred, num_classes)
    shared, true, predicted = tf.linalg.diag_part(counts), tf.reduce_sum(counts, 1), tf.reduce_sum(counts, 0)
    denominator = {"union": true + predicted - shared, "predicted": predicted, "true": true,
                   "both areas": true + predicted}[over]  # fmt: skip
    return tf.where(denominator > 0, tf.math.divide_no_nan(times * shared, denominator), np.nan).numpy()


def per_class_iou(y_true, y_pred, num_classes):
    return class_ratios(y_true, y_pred, num_classes)


def keras_class_iou(y_true, y_pred, num_classes, class_id):
    """``keras.metrics.IoU(num_classes, target_class_ids=[class_id])`` on the maps: one class's IoU (0 if absent)."""
    metric = keras.metrics.IoU(num_classes, target_class_ids=[class_id])
    metric.update_state(y_true, y_pred)
    return float(metric.result())


def mean_iou(y_true, y_pred, num_classes):
    """``keras.metrics.MeanIoU(num_classes)`` updated with the maps (float32: compare to about 1e-6)."""
    metric = keras.metrics.MeanIoU(num_classes)
    metric.update_state(y_true, y_pred)
    return float(metric.result())


def _present(y_true, y_pred, num_classes):
    """Which classes appear in either map."""
    return ~np.isnan(per_class_iou(y_true, y_pred, num_classes))


def _wrong_denominators(y_true, y_pred, num_classes):
    """(explanation, ratios per class) of the mistaken denominators, each as a student may finish it where its
    denominator is 0: NaN (left out), or 0 for the classes present in either map."""
    present = _present(y_true, y_pred, num_classes)
    found = []
    for explanation, over, times in ((PRECISION, "predicted", 1.0), (RECALL, "true", 1.0),
                                     (NOT_SUBTRACTED, "both areas", 1.0), (DICE, "both areas", 2.0)):  # fmt: skip
        ratios = class_ratios(y_true, y_pred, num_classes, over, times)
        found += [(explanation, ratios), (explanation, np.where(present, np.nan_to_num(ratios), np.nan))]
    return found


def per_class_mistakes(y_true, y_pred, num_classes):
    return [
        (ABSENT_NOT_NAN, lambda: np.nan_to_num(per_class_iou(y_true, y_pred, num_classes))),
        (ABSENT_NOT_NAN, lambda: np.nan_to_num(per_class_iou(y_true, y_pred, num_classes), nan=1.0)),
        *((explanation, lambda ratios=ratios: ratios)
          for explanation, ratios in _wrong_denominators(y_true, y_pred, num_classes)),
    ]  # fmt: skip


def _mean(values):
    return float(np.nanmean(values)) if not np.all(np.isnan(values)) else None


def mean_mistakes(y_true, y_pred, num_classes):
    return [
        (ABSENT_AS_ZERO, lambda: float(np.nansum(per_class_iou(y_true, y_pred, num_classes)) / num_classes)),
        *((explanation, lambda ratios=ratios: _mean(ratios))
          for explanation, ratios in _wrong_denominators(y_true, y_pred, num_classes)),
        (PIXEL_ACCURACY, lambda: float(np.mean(np.asarray(y_true) == np.asarray(y_pred)))),
    ]  # fmt: skip
