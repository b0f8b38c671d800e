"""Exercise 25, boxes for object detection: the answers and the known mistakes of IoU, NMS and anchor offsets.

NMS's answer is ``tf.image.non_max_suppression`` itself; its mistakes are TF's NMS given other scores or
another threshold, as the mistake behaves. IoU and the offsets have no TF function: their answers are
computed here with TensorFlow's ops, from the boxes' edges (IoU) and their centres and sizes (the
offsets), besides the worked examples done by hand in the checks.
"""

import numpy as np
import tensorflow as tf

# --- IoU of two (x1, y1, x2, y2) boxes ----------------------------------------------------------------

NOT_CLAMPED = (
    "the intersection's width or height was not clamped to 0. Boxes that do not meet have "
    "min(x2) - max(x1) < 0: the intersection is then 0, max(..., 0), not a negative area "
    "(or a positive one, when width and height are both negative)."
)
ENCLOSING_BOX = (
    "the intersection used min of the first corners and max of the second ones: that is the box that "
    "encloses both. The shared part starts at the larger x1 and y1 and ends at the smaller x2 and y2."
)
CORNER_ORDER = (
    "the box was read in the wrong order, as (x1, x2, y1, y2). Here a box is (x1, y1, x2, y2): "
    "its top-left corner, then its bottom-right one."
)
WIDTH_HEIGHT = (
    "the box was read as (x, y, width, height). Here a box is two corners, (x1, y1, x2, y2): its width is x2 - x1."
)


def iou(box1, box2, order=(0, 1, 2, 3), clamp=True, enclosing=False):
    """IoU from the edges of the two boxes, with TF's ops: ``order`` says where (x1, y1, x2, y2) are in a box."""
    a, b = (tf.gather(tf.constant(box, tf.float64), list(order)) for box in (box1, box2))
    low, high = (tf.minimum, tf.maximum) if enclosing else (tf.maximum, tf.minimum)
    sides = high(a[2:], b[2:]) - low(a[:2], b[:2])
    if clamp:
        sides = tf.maximum(sides, 0.0)
    shared = tf.reduce_prod(sides)
    union = tf.reduce_prod(a[2:] - a[:2]) + tf.reduce_prod(b[2:] - b[:2]) - shared
    return float(tf.math.divide_no_nan(shared, union))


def _corners_from_sizes(box):
    x, y, w, h = np.asarray(box, float)
    return [x, y, x + w, y + h]


def iou_mistakes(box1, box2):
    return [
        (NOT_CLAMPED, lambda: iou(box1, box2, clamp=False)),
        (ENCLOSING_BOX, lambda: iou(box1, box2, enclosing=True)),
        (CORNER_ORDER, lambda: iou(box1, box2, order=(0, 2, 1, 3))),
        (WIDTH_HEIGHT, lambda: iou(_corners_from_sizes(box1), _corners_from_sizes(box2))),
    ]


# --- Non-max suppression ----------------------------------------------------------------------------------


def non_max_suppression(boxes, scores, max_output_size, iou_threshold, score_threshold=-np.inf):
    return tf.image.non_max_suppression(
        tf.constant(boxes, tf.float32), tf.constant(scores, tf.float32), max_output_size, iou_threshold,
        score_threshold,
    ).numpy().astype(np.int64)  # fmt: skip


TIES_REVERSED = (
    "equal scores were not taken the lower index first (np.argsort(scores)[::-1] reverses the ties, or "
    'mixes them up). TF takes the lower index first: np.argsort(-scores, kind="stable").'
)


def _in_order(order):
    """Scores that make TF's NMS visit the boxes in ``order``, without ties."""
    ranks = np.empty(len(order))
    ranks[np.asarray(order, dtype=int)] = -np.arange(len(order), dtype=float)
    return ranks


def nms_mistakes(boxes, scores, max_output_size, iou_threshold):
    run = lambda s=scores, t=iou_threshold: non_max_suppression(boxes, s, max_output_size, t)  # noqa: E731
    scores = np.asarray(scores)
    return [
        ("iou_threshold was compared with the scores, not with the IoUs: the boxes scoring above it were kept. "
         "Drop a box when its IoU (its overlap) with a box already kept is greater than iou_threshold.",
         lambda: non_max_suppression(boxes, scores, max_output_size, 1.0, iou_threshold)),
        ("no box was suppressed: these are the top max_output_size scores. Drop a box whose IoU with a "
         "box already kept is greater than iou_threshold.", lambda: run(t=1.0)),
        ("the boxes were not sorted by score first: NMS visits them from the highest score down, so that "
         "of two overlapping boxes the better one is kept.", lambda: run(s=_in_order(np.arange(len(scores))))),
        *((TIES_REVERSED, lambda order=order: run(s=_in_order(order)))
          for order in (np.argsort(scores, kind="stable")[::-1], np.argsort(scores)[::-1])),
        ("a box whose IoU equals iou_threshold was dropped. NMS drops a box only when its IoU with a kept "
         "box is greater than the threshold: use >, not >=.",
         lambda: run(t=float(np.nextafter(np.float32(iou_threshold), np.float32(-1)))) if iou_threshold > 0
         else None),
    ]  # fmt: skip


# --- Anchor offsets, SSD's ((cx - acx) / aw, (cy - acy) / ah, log(w / aw), log(h / ah)) ---------------------

LOG_MISSING = (
    "the size offsets have no log: tw = log(w / aw), so that twice and half the anchor's width are "
    "equal and opposite (log 2 and -log 2), and decoding takes exp."
)
SIZES_SWAPPED = (
    "width and height were swapped: the third offset is log(w / aw), with the width w = x2 - x1, "
    "the fourth log(h / ah), with the height h = y2 - y1."
)
NOT_DIVIDED = "the centre's shift was not divided by the anchor's size: tx = (cx - acx) / aw, ty = (cy - acy) / ah."
EXP_MISSING = "the size offsets were not exponentiated: w = aw * exp(tw), since encoding took the log."
CENTRE_FORMAT = "the boxes were returned as (cx, cy, w, h); return their corners, (x1, y1, x2, y2)."


def _centre_size(boxes):
    boxes = tf.constant(boxes, tf.float64)
    return (boxes[:, 0:2] + boxes[:, 2:4]) / 2, boxes[:, 2:4] - boxes[:, 0:2]


def encode_boxes(boxes, anchors, log=True, swapped=False, divided=True):
    (centre, size), (anchor_centre, anchor_size) = _centre_size(boxes), _centre_size(anchors)
    shift = (centre - anchor_centre) / (anchor_size if divided else 1.0)
    scale = size[:, ::-1] / anchor_size[:, ::-1] if swapped else size / anchor_size
    return tf.concat([shift, tf.math.log(scale) if log else scale], axis=1).numpy()


def decode_boxes(offsets, anchors, exp=True, corners=True):
    anchor_centre, anchor_size = _centre_size(anchors)
    offsets = tf.constant(offsets, tf.float64)
    centre = anchor_centre + offsets[:, :2] * anchor_size
    size = anchor_size * (tf.exp(offsets[:, 2:]) if exp else offsets[:, 2:])
    parts = [centre - size / 2, centre + size / 2] if corners else [centre, size]
    return tf.concat(parts, axis=1).numpy()


def encode_mistakes(boxes, anchors):
    return [
        (LOG_MISSING, lambda: encode_boxes(boxes, anchors, log=False)),
        (SIZES_SWAPPED, lambda: encode_boxes(boxes, anchors, swapped=True)),
        (NOT_DIVIDED, lambda: encode_boxes(boxes, anchors, divided=False)),
    ]


def decode_mistakes(offsets, anchors):
    return [
        (EXP_MISSING, lambda: decode_boxes(offsets, anchors, exp=False)),
        (CENTRE_FORMAT, lambda: decode_boxes(offsets, anchors, corners=False)),
    ]
