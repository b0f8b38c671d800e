"""One-stage detection the CenterNet way: boxes as peaks on a heatmap, and how to score them.

Zhou, Wang and Krähenbühl, "Objects as Points" (2019), find each object by
its centre. The network looks at the image at a quarter of its size (stride
4: a 64x64 scene becomes a 16x16 grid of cells) and gives each cell
``num_classes + 4`` numbers:

- a **heatmap** per class (``num_classes`` channels, sigmoid): how likely the
  cell holds the centre of an object of that class;
- the **size** of that object, width and height in cells (2 channels);
- the **offset** of the exact centre within the cell, from 0 to 1 (2
  channels): the grid is 4 pixels coarse, the offset puts the box back to
  the pixel.

Training needs the same tensor made from the true boxes (:func:`encode`): a
Gaussian bump around each centre on its class's heatmap (peak exactly 1 at the
centre's cell), and the size and offset at that cell. :class:`CenterNetLoss`
compares the two; :func:`decode` turns the network's tensor back into boxes
with the *peak rule* (a cell is a detection if no neighbour of the same class
scores higher: no non-maximum suppression needed), and :func:`map50` scores
them against the truth with ``pycocotools``, the COCO evaluation itself.
"""

import contextlib
import io

import keras
import numpy as np
from keras import ops

STRIDE = 4  # image pixels per heatmap cell
MAX_DETECTIONS = 20  # the most boxes decode returns per image
MIN_SCORE = 0.05  # decode's default lowest score: low, as average precision wants every candidate
EPSILON = 1e-4  # keeps the logarithms of the focal loss finite


def grid_shape(image_shape):
    """The (rows, columns) of the heatmap of an image of (height, width, ...); both must divide by STRIDE."""
    height, width = image_shape[:2]
    if height % STRIDE or width % STRIDE:
        raise ValueError(f"a detector's input height and width must be multiples of {STRIDE}, got {height}x{width}")
    return height // STRIDE, width // STRIDE


def gaussian_sigma(width, height):
    """The spread, in cells, of the bump around an object's centre: a sixth of its mean side, at least half a cell.

    A cell next to the true centre is nearly right too; the bump tells the
    focal loss to punish a high score there less than one far away.
    """
    return max(0.5, (width + height) / 2 / STRIDE / 6)


def encode(boxes, classes, grid, num_classes):
    """The target tensor of one image: heatmaps, sizes and offsets, as the network should output them.

    Args:
        boxes: (k, 4) array of ``(x1, y1, x2, y2)`` in pixels.
        classes: (k,) array of ints from 0 to ``num_classes - 1``.
        grid: the heatmap's (rows, columns), see :func:`grid_shape`.
        num_classes: the number of heatmaps.

    Returns:
        A float32 array (rows, columns, num_classes + 4): each object's
        class channel holds a Gaussian of peak 1 at its centre's cell (where
        objects' bumps meet, the larger value), and at that cell the last four
        channels hold its width and height in cells, then its centre's offset
        within the cell (x, then y).
    """
    rows, columns = grid
    target = np.zeros((rows, columns, num_classes + 4), "float32")
    ys, xs = np.mgrid[0:rows, 0:columns]
    for (x1, y1, x2, y2), label in zip(np.asarray(boxes, "float32"), np.asarray(classes), strict=True):
        centre_x, centre_y = (x1 + x2) / 2 / STRIDE, (y1 + y2) / 2 / STRIDE
        column, row = min(int(centre_x), columns - 1), min(int(centre_y), rows - 1)
        sigma = gaussian_sigma(x2 - x1, y2 - y1)
        bump = np.exp(-((xs - column) ** 2 + (ys - row) ** 2) / (2 * sigma**2))
        target[..., label] = np.maximum(target[..., label], bump)
        target[row, column, num_classes:] = [(x2 - x1) / STRIDE, (y2 - y1) / STRIDE,
                                             centre_x - column, centre_y - row]  # fmt: skip
    return target


@keras.saving.register_keras_serializable(package="models")
class CenterNetLoss(keras.losses.Loss):
    """CenterNet's loss: a focal loss on the heatmaps, plus L1 losses on size and offset at the centres.

    The heatmap loss is the *penalty-reduced focal loss* of CornerNet (Law and
    Deng, 2018), summed over every cell and class:

    - at a centre (target 1): ``-(1 - p)**alpha * log(p)``: a centre already
      found (p near 1) adds almost nothing, so the few centres are not drowned
      by the ~250 empty cells of each class;
    - elsewhere: ``-(1 - y)**beta * p**alpha * log(1 - p)``: a high score is
      punished, less near a centre, where the target's bump ``y`` is high.

    The size and offset are learned only at the true centres, the one place
    :func:`decode` reads them. Each image's sum is divided by its number of
    objects.

    Args:
        num_classes: the number of heatmap channels.
        size_weight: the weight of the size loss (CenterNet's 0.1).
        offset_weight: the weight of the offset loss.
        alpha: the focusing exponent on the score.
        beta: the exponent that softens the penalty near a centre.
    """

    def __init__(self, num_classes=10, size_weight=0.1, offset_weight=1.0, alpha=2.0, beta=4.0, **kwargs):
        kwargs.setdefault("name", "centernet_loss")
        super().__init__(**kwargs)
        self.num_classes = num_classes
        self.size_weight = size_weight
        self.offset_weight = offset_weight
        self.alpha = alpha
        self.beta = beta

    def call(self, y_true, y_pred):
        heat_true, boxes_true = y_true[..., : self.num_classes], y_true[..., self.num_classes :]
        heat, boxes = y_pred[..., : self.num_classes], y_pred[..., self.num_classes :]
        p = ops.clip(heat, EPSILON, 1 - EPSILON)
        centre = ops.cast(ops.equal(heat_true, 1.0), p.dtype)
        at_centre = -centre * (1 - p) ** self.alpha * ops.log(p)
        elsewhere = -(1 - centre) * (1 - heat_true) ** self.beta * p**self.alpha * ops.log(1 - p)
        focal = ops.sum(at_centre + elsewhere, axis=(1, 2, 3))
        cells = ops.max(centre, axis=-1, keepdims=True)  # a centre of any class
        errors = ops.abs(boxes - boxes_true) * cells
        size = ops.sum(errors[..., :2], axis=(1, 2, 3))
        offset = ops.sum(errors[..., 2:], axis=(1, 2, 3))
        objects = ops.maximum(ops.sum(cells, axis=(1, 2, 3)), 1.0)
        return (focal + self.size_weight * size + self.offset_weight * offset) / objects

    def get_config(self):
        config = super().get_config()
        config.update({"num_classes": self.num_classes, "size_weight": self.size_weight,
                       "offset_weight": self.offset_weight, "alpha": self.alpha, "beta": self.beta})  # fmt: skip
        return config


def decode(outputs, num_classes, max_detections=MAX_DETECTIONS, min_score=MIN_SCORE):
    """The boxes in a batch of detector outputs, by the peak rule.

    A cell is a detection of class c if its class-c score is at least
    ``min_score`` and no cell of its 3x3 neighbourhood scores higher on class
    c (a 3x3 max pooling leaves it unchanged). The ``max_detections`` best of
    an image are kept. Its box is centred at ``(column + offset_x, row +
    offset_y) * STRIDE`` with the predicted width and height (in cells, times
    STRIDE), cut to the image.

    Args:
        outputs: (n, rows, columns, num_classes + 4), what the detector returns.
        num_classes: the number of heatmap channels.
        max_detections: the most boxes per image.
        min_score: the lowest score kept.

    Returns:
        A list of n ``(boxes, scores, classes)``: float32 (k, 4) ``(x1, y1, x2,
        y2)`` in pixels, float32 (k,), int64 (k,); best score first.
    """
    outputs = ops.convert_to_tensor(outputs, "float32")
    _, rows, columns, _ = outputs.shape
    heat = outputs[..., :num_classes]
    peaks = heat * ops.cast(ops.equal(heat, ops.max_pool(heat, 3, strides=1, padding="same")), heat.dtype)
    scores, where = ops.top_k(ops.reshape(peaks, (-1, rows * columns * num_classes)), max_detections)
    scores, where = np.asarray(scores), np.asarray(where)
    boxes = np.asarray(outputs[..., num_classes:]).reshape(len(scores), rows * columns, 4)
    results = []
    for image_scores, image_where, image_boxes in zip(scores, where, boxes, strict=True):
        keep = image_scores >= min_score
        cell, label = np.divmod(image_where[keep], num_classes)
        width, height, offset_x, offset_y = image_boxes[cell].T
        centre_x, centre_y = cell % columns + offset_x, cell // columns + offset_y
        corners = np.stack([centre_x - width / 2, centre_y - height / 2, centre_x + width / 2,
                            centre_y + height / 2], axis=-1) * STRIDE  # fmt: skip
        corners = np.clip(corners, 0, [columns * STRIDE, rows * STRIDE] * 2).astype("float32")
        results.append((corners, image_scores[keep].astype("float32"), label.astype("int64")))
    return results


def xywh(box):
    x1, y1, x2, y2 = (float(value) for value in box)
    return [x1, y1, x2 - x1, y2 - y1]


def map50(truths, detections, num_classes):
    """COCO's average precision at IoU 0.5, per class and averaged over the classes, by ``pycocotools``.

    For each class, detections are taken best score first; one whose IoU with
    a not yet matched true box of its class (and image) is at least 0.5 is a
    true positive, any other a false positive. The precision at recall 0, 0.01,
    ..., 1 (each the best precision at that recall or beyond) is averaged: that
    is the class's AP. A class with no true box is left out of the average.

    Args:
        truths: per image, ``(boxes, classes)``: (k, 4) ``(x1, y1, x2, y2)`` in pixels and (k,) ints.
        detections: per image (the same images, in order), ``(boxes, scores, classes)``.
        num_classes: classes are 0 to ``num_classes - 1``.

    Returns:
        ``(mean, per_class)``: the mean AP, and a list of each class's AP (None for a class with no true box).
    """
    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval

    if len(truths) != len(detections):
        raise ValueError(f"need the detections of every image: {len(truths)} images, {len(detections)} detections")
    annotations = []
    for image, (boxes, classes) in enumerate(truths):
        for box, label in zip(boxes, classes, strict=True):
            x, y, width, height = xywh(box)
            annotations.append({"id": len(annotations) + 1, "image_id": image, "category_id": int(label) + 1,
                                "bbox": [x, y, width, height], "area": width * height, "iscrowd": 0})  # fmt: skip
    found = [
        {"image_id": image, "category_id": int(label) + 1, "bbox": xywh(box), "score": float(score)}
        for image, (boxes, scores, classes) in enumerate(detections)
        for box, score, label in zip(boxes, scores, classes, strict=True)
    ]
    true_classes = {int(label) for _, classes in truths for label in classes}
    has_truth = [label in true_classes for label in range(num_classes)]
    if not found:  # pycocotools cannot load an empty list of results
        per_class = [0.0 if has else None for has in has_truth]
        return 0.0, per_class
    with contextlib.redirect_stdout(io.StringIO()):  # pycocotools prints its progress
        truth = COCO()
        truth.dataset = {
            "images": [{"id": image} for image in range(len(truths))],
            "categories": [{"id": label + 1} for label in range(num_classes)],
            "annotations": annotations,
        }
        truth.createIndex()
        evaluation = COCOeval(truth, truth.loadRes(found), "bbox")
        evaluation.evaluate()
        evaluation.accumulate()
    # precision[iou threshold, recall, class, area range, max detections]; -1 where a class has no true box.
    at_half = evaluation.eval["precision"][list(evaluation.params.iouThrs).index(0.5), :, :, 0, -1]
    per_class = [float(np.mean(column)) if (column > -1).all() else None for column in at_half.T]
    known = [ap for ap in per_class if ap is not None]
    return (float(np.mean(known)) if known else 0.0), per_class
