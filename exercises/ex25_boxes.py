"""Exercise 25: boxes for object detection: IoU, non-max suppression, and anchor offsets.

A classifier says *what* is in an image; a detector also says *where*, with a
box around each object. A box here is its two corners, (x1, y1) top-left and
(x2, y2) bottom-right, with x1 <= x2 and y1 <= y2 (x across, y down, as in an
image). A box with x1 == x2 or y1 == y2 has no area but is still a box.

**IoU** (intersection over union) says how much two boxes overlap, from 0
(apart) to 1 (the same box): the area they share divided by the area they
cover together. The shared part is itself a box:

    left  = max(x1 of both), top    = max(y1 of both)
    right = min(x2 of both), bottom = min(y2 of both)

and its width is right - left, **or 0 when that is negative** (the boxes do not
meet; the same for the height). Then

    union = area1 + area2 - intersection,   IoU = intersection / union

(0 when the union is 0: two boxes without area). Worked example: (0, 0, 2, 2)
and (1, 1, 3, 3) share the 1x1 square (1, 1, 2, 2): IoU = 1 / (4 + 4 - 1) = 1/7.

**Non-max suppression** (NMS): a detector proposes many boxes for one object,
each with a score (how sure it is). NMS keeps the best and drops the others
that overlap it too much:

1. take the boxes in order of score, highest first (equal scores: the lower
   index first, as ``tf.image.non_max_suppression`` does: a stable sort of
   -scores, ``np.argsort(-scores, kind="stable")``);
2. keep a box unless its IoU with a box already kept is **greater than**
   ``iou_threshold`` (equal is kept);
3. stop after ``max_output_size`` boxes.

It returns the indices of the kept boxes, in the order they were kept, as an
array of ints. Here the boxes are TensorFlow's: (y1, x1, y2, x2), y first.
IoU does not care which axis comes first, as long as both boxes agree.

**Anchor offsets**: a detector does not predict a box's corners directly. It
starts from fixed *anchor* boxes and predicts how to move and stretch each
one (SSD, Faster R-CNN). With a box's centre (cx, cy), width w and height h,
and an anchor's (acx, acy, aw, ah), the offsets are

    ((cx - acx) / aw, (cy - acy) / ah, log(w / aw), log(h / ah))

Dividing by the anchor's size makes the shifts the same for big and small
anchors; the log makes "twice as wide" and "half as wide" equal and opposite.
``decode_boxes`` undoes it: cx = acx + tx * aw, w = aw * exp(tw) ..., then
back to corners: x1 = cx - w / 2, x2 = cx + w / 2. ``decode_boxes(
encode_boxes(b, a), a)`` gives b back. Worked example: the box (1, 0, 5, 4)
(centre (3, 2), 4 x 4) against the anchor (0, 0, 4, 2) (centre (2, 1), 4 x 2)
is ((3 - 2)/4, (2 - 1)/2, log(4/4), log(4/2)) = (0.25, 0.5, 0, 0.693...).

Checked against: worked examples done by hand; ``tf.image.non_max_suppression``
on random boxes, scores with ties, boxes without area and identical boxes;
an independent computation of IoU and of the offsets in the checks.
Bad input: ValueError for a box that is not 4 numbers or has x2 < x1 or
y2 < y1; for NMS, boxes that are not (N, 4), scores that are not (N,), a
negative max_output_size or an iou_threshold outside [0, 1]; for the offsets,
boxes, anchors or offsets that are not (N, 4) of the same N, and boxes or
anchors without width or height, whose log or division has no value.
"""


def iou(box1, box2):
    """Returns the intersection over union of two boxes, as a Python float.

    Args:
        box1 (array or list of numbers): (x1, y1, x2, y2).
        box2 (array or list of numbers): (x1, y1, x2, y2).
    """
    raise NotImplementedError


def non_max_suppression(boxes, scores, max_output_size, iou_threshold):
    """Returns the indices of the boxes NMS keeps, in the order it keeps them, as an int array.

    Args:
        boxes (array): (N, 4), each (y1, x1, y2, x2), as TensorFlow's.
        scores (array): (N,), one score per box.
        max_output_size (int): keep at most this many boxes.
        iou_threshold (float): drop a box whose IoU with a kept box is greater than this.
    """
    raise NotImplementedError


def encode_boxes(boxes, anchors):
    """Returns the offsets (N, 4) of each box from its anchor: ((cx - acx) / aw, (cy - acy) / ah, log(w / aw),
    log(h / ah)).

    Args:
        boxes (array): (N, 4), each (x1, y1, x2, y2).
        anchors (array): (N, 4), each (x1, y1, x2, y2): the anchor of the box in the same row.
    """
    raise NotImplementedError


def decode_boxes(offsets, anchors):
    """Returns the boxes (N, 4), each (x1, y1, x2, y2), that these offsets from the anchors describe.

    Args:
        offsets (array): (N, 4), each (tx, ty, tw, th), as encode_boxes returns them.
        anchors (array): (N, 4), each (x1, y1, x2, y2).
    """
    raise NotImplementedError
