"""Exercise 26: per-class and mean IoU, the score of a segmentation.

A segmentation network labels every pixel: a *label map* holds one class
number per pixel (0 for background, 1 for a road, 2 for a car ...). To score
it, compare the predicted map ``y_pred`` with the true one ``y_true``, one
class at a time, as exercise 25 compares two boxes: for class c, the pixels
labelled c are a region in each map, and

    IoU_c = |true c AND predicted c| / |true c OR predicted c|
          = TP / (TP + FP + FN)

where TP counts the pixels of class c predicted c, FP the pixels predicted c
that are something else, and FN the pixels of class c predicted something
else. Pixel accuracy (the share of pixels right) is a poor score: with 95%
background, predicting background everywhere is 95% right. IoU scores each
class on its own.

The **mean IoU** averages IoU_c over the classes. One question remains: a
class that appears in **neither** map has an empty union, so 0 / 0. As
``keras.metrics.MeanIoU`` does, that class is **left out of the mean**: it
had nothing to get right or wrong. A class in only one of the maps has a
union but no intersection: its IoU is 0 and it counts.

The counts all come from the *confusion matrix*: ``counts[i, j]`` is the
number of pixels of true class i predicted j (``np.bincount`` of
``y_true * num_classes + y_pred``, reshaped to (num_classes, num_classes),
or ``np.add.at``). Then TP is its diagonal, TP + FN its row sums (the true
pixels of each class) and TP + FP its column sums (the predicted ones):
union = rows + columns - diagonal. Compute with int64: class numbers are often
stored as uint8, where ``y_true * num_classes`` overflows past 255.

Worked example, 4 classes, label maps 2 x 4:

    y_true = [[0, 0, 0, 1],      y_pred = [[0, 0, 1, 1],
              [0, 0, 2, 2]]                [0, 2, 2, 2]]

- class 0: 5 true pixels, 3 predicted, all 3 right: IoU 3 / (5 + 3 - 3) = 3/5
- class 1: 1 true, 2 predicted, 1 right: IoU 1 / (1 + 2 - 1) = 1/2
- class 2: 2 true, 3 predicted, 2 right: IoU 2 / (2 + 3 - 2) = 2/3
- class 3: in neither map: no IoU (NaN), left out of the mean

per-class IoU = [0.6, 0.5, 0.667, NaN], mean IoU = (3/5 + 1/2 + 2/3) / 3 = 0.5889.
Dividing by 4 instead (class 3 counted as 0) gives 0.4417; pixel accuracy, 6
of 8 right, gives 0.75.

Write ``per_class_iou(y_true, y_pred, num_classes)``: the IoU of every class,
a float array of shape (num_classes,), NaN for a class absent from both maps;
and ``mean_iou(y_true, y_pred, num_classes)``: their mean over the classes
present in either map, a Python float (``np.nanmean`` leaves NaN out).

Checked against: ``keras.metrics.MeanIoU(num_classes)`` updated with the same
maps, ``keras.metrics.IoU(num_classes, target_class_ids=[c])`` and the
confusion matrix of ``tf.math.confusion_matrix``, and the worked example done
by hand; on non-square maps, batches of maps, classes absent from both maps or
present in only one, an all-background image, and uint8 labels.
Bad input: ValueError for maps of different shapes, maps without pixels,
labels that are not integers (probabilities: take ``argmax`` first), labels
below 0 or not below ``num_classes``, and ``num_classes`` below 1.
"""


def per_class_iou(y_true, y_pred, num_classes):
    """Returns the IoU of each class, a float array of shape (num_classes,): NaN for a class in neither map.

    Args:
        y_true (array): the true label map(s), integers from 0 to num_classes - 1, of any shape, e.g. (N, H, W).
        y_pred (array): the predicted label map(s), integers, of the same shape as y_true.
        num_classes (int): the number of classes.
    """
    raise NotImplementedError


def mean_iou(y_true, y_pred, num_classes):
    """Returns the mean IoU over the classes present in y_true or y_pred, as a Python float, like
    keras.metrics.MeanIoU: a class absent from both maps is left out of the mean.

    Args:
        y_true (array): the true label map(s), integers from 0 to num_classes - 1, of any shape, e.g. (N, H, W).
        y_pred (array): the predicted label map(s), integers, of the same shape as y_true.
        num_classes (int): the number of classes.
    """
    raise NotImplementedError
