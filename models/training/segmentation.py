"""The loss and the score of a segmenter: cross-entropy plus Dice, and the IoU of each class.

A scene of ``digit_scenes`` is 94% background. Plain per-pixel cross-entropy
averages over pixels, so the background decides most of it, and a network
learns first to say "background" everywhere, then slowly which digit a
stroke belongs to. The Dice loss (Milletari, Navab and Ahmadi, "V-Net",
2016) counts each class on its own terms instead: for class c,

    dice_c = 2 * sum(p_c * y_c) / (sum(p_c) + sum(y_c))

is 1 when the predicted probabilities ``p_c`` cover exactly the pixels of the
class (``y_c``), whatever their number: a digit of 40 pixels weighs as much as
the background of 3,800. It is a smooth stand-in for the IoU the test
measures. Cross-entropy keeps each pixel's gradient well-behaved; the two are
added.
"""

import keras
import numpy as np
from keras import ops


@keras.saving.register_keras_serializable(package="models")
class DiceCrossEntropy(keras.losses.Loss):
    """Per-pixel cross-entropy plus ``dice_weight`` times (1 - the mean Dice score of the image's classes).

    The Dice score is averaged over the classes present in each image's true
    mask (the background and its 1-4 digits): a class absent from the image
    has no pixels to cover, and its false alarms are left to the cross-entropy.

    Args:
        num_classes: the classes of a pixel, the background included.
        dice_weight: the weight of the Dice term.
        smooth: added to the numerator and the denominator, so that a class
            covered by a handful of pixels gives a finite, gentle gradient.
    """

    def __init__(self, num_classes=11, dice_weight=1.0, smooth=1.0, **kwargs):
        kwargs.setdefault("name", "dice_cross_entropy")
        super().__init__(**kwargs)
        self.num_classes = num_classes
        self.dice_weight = dice_weight
        self.smooth = smooth

    def call(self, y_true, y_pred):
        truth = ops.one_hot(ops.cast(y_true, "int32"), self.num_classes, dtype=y_pred.dtype)
        cross_entropy = ops.mean(keras.losses.categorical_crossentropy(truth, y_pred), axis=(1, 2))
        overlap = ops.sum(truth * y_pred, axis=(1, 2))
        both = ops.sum(truth + y_pred, axis=(1, 2))
        dice = (2 * overlap + self.smooth) / (both + self.smooth)
        present = ops.cast(ops.sum(truth, axis=(1, 2)) > 0, y_pred.dtype)
        mean_dice = ops.sum(dice * present, axis=-1) / ops.maximum(ops.sum(present, axis=-1), 1.0)
        return cross_entropy + self.dice_weight * (1 - mean_dice)

    def get_config(self):
        config = super().get_config()
        config.update({"num_classes": self.num_classes, "dice_weight": self.dice_weight, "smooth": self.smooth})
        return config


def mean_iou(num_classes):
    """Keras's mean IoU over all ``num_classes``, the background too, each pixel's class being its most
    likely one (``sparse_y_pred=False``: the model gives probabilities). A class in neither the truth nor
    the prediction is left out of the mean."""
    return keras.metrics.MeanIoU(num_classes, sparse_y_pred=False, name="mean_iou")


def iou_per_class(confusion):
    """Each class's IoU from a confusion matrix (rows: true class, columns: predicted class).

    A class's IoU is the pixels both the truth and the prediction give it,
    over the pixels either gives it: its diagonal entry over its row plus its
    column minus that entry. None for a class that neither gives any pixel.
    """
    confusion = np.asarray(confusion, dtype="float64")
    both = np.diag(confusion)
    either = confusion.sum(axis=0) + confusion.sum(axis=1) - both
    return [float(b / e) if e else None for b, e in zip(both, either, strict=True)]
