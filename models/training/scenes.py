"""``digit_scenes``: pictures with several digits in them, for models that say *where* as well as *what*.

A scene is a dark canvas (64x64 by default, grey) with a little noise and a
few faint strokes of clutter, and 1 to 4 handwritten digits from
scikit-learn's digits data, each scaled to 12-24 pixels and placed whole
inside the canvas, no two of them touching. Each scene comes with its answers:

- ``boxes``: one ``(x1, y1, x2, y2)`` row per digit, in pixels, corner
  format: the digit covers columns ``x1 <= x < x2`` and rows ``y1 <= y < y2``
  (the box is the tightest one around the digit's mask pixels);
- ``classes``: the digit (0-9) in each box;
- ``mask``: one class per pixel, **0 for the background and d + 1 for digit d**,
  so that a segmenter tells 11 classes apart.

Nothing is downloaded: the digits ship inside scikit-learn, and the scenes
are drawn from them with NumPy, all three splits in a few seconds. The same
``seed`` and size give the same scenes. The 1,797 source digits are split
60/20/20 (stratified, by :func:`models.training.sources.stratified_split`, as
for ``digits``) *before* any scene is drawn, so no test scene holds a source
digit of a training scene: the test measures digits it never saw written.

This module imports NumPy, Pillow and scikit-learn only; the ``tf.data``
pipelines are in :mod:`models.training.tasks`.
"""

from dataclasses import dataclass
from functools import cache

import numpy as np
from PIL import Image

from models.arguments import check_positive_int, check_seed
from models.training.sources import stratified_split

SCENE_SIZE = (64, 64)
SCENE_COUNTS = {"train": 4000, "validation": 500, "test": 1000}
SPLITS = tuple(SCENE_COUNTS)
MAX_DIGITS = 4
DIGIT_SIDES = (12, 24)  # the side, in pixels, a source digit's 8x8 square is scaled to
# A pixel belongs to a digit where the scaled stroke is at least this bright (of the digit's own brightness).
MASK_THRESHOLD = 0.5
NOISE = 0.03  # the standard deviation of the Gaussian noise over the whole canvas
CLUTTER_STROKES = (0, 3)  # faint random line segments per scene, fewest and most
GAP = 2  # the fewest pixels between two digits' boxes
PLACEMENT_TRIES = 50
NUM_DIGIT_CLASSES = 10
CLASS_NAMES = [str(digit) for digit in range(NUM_DIGIT_CLASSES)]
MASK_CLASS_NAMES = ["background", *CLASS_NAMES]  # mask value v is MASK_CLASS_NAMES[v]
# Different splits draw from different random streams, so adding scenes to one changes no other.
SPLIT_STREAMS = {split: number for number, split in enumerate(SPLITS)}


@dataclass(frozen=True)
class Scenes:
    """A split of ``digit_scenes``.

    Attributes:
        images: float32 (n, height, width, 1) in [0, 1].
        masks: uint8 (n, height, width): 0 background, d + 1 digit d.
        boxes: n float32 arrays (k, 4) of ``(x1, y1, x2, y2)`` in pixels, k from 1 to 4.
        classes: n int64 arrays (k,) of digits, in the order of the boxes.
    """

    images: np.ndarray
    masks: np.ndarray
    boxes: list
    classes: list

    def __len__(self):
        return len(self.images)


def check_scene_size(size):
    """Returns ``size`` as ``(height, width)`` if both are ints from 32 to 1024, else raises ValueError."""
    if (
        not isinstance(size, (tuple, list))
        or len(size) != 2
        or not all(isinstance(side, int) and not isinstance(side, bool) and 32 <= side <= 1024 for side in size)
    ):
        raise ValueError(f"a scene size must be (height, width), each from 32 to 1024, got {size!r}")
    return tuple(size)


@cache
def source_digits(seed=0):
    """The 8x8 source digits in [0, 1] per split: ``{split: (images, labels)}``, split as ``digits`` is."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    images = (digits.images / 16.0).astype("float32")
    labels = digits.target.astype("int64")
    return {split: (images[index], labels[index]) for split, index in stratified_split(labels, seed).items()}


def scaled_digit(digit, side):
    """An 8x8 digit in [0, 1] scaled to ``side`` x ``side`` pixels (bilinear), and cropped to its mask.

    Returns:
        ``(strokes, mask)``: the brightness of the cropped digit and where it is
        at least ``MASK_THRESHOLD``; the mask touches all four edges of the crop.
    """
    strokes = np.asarray(Image.fromarray(digit, mode="F").resize((side, side), Image.BILINEAR))
    strokes = np.clip(strokes, 0.0, 1.0)
    mask = strokes >= MASK_THRESHOLD
    rows, columns = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    crop = np.s_[rows[0] : rows[-1] + 1, columns[0] : columns[-1] + 1]
    return strokes[crop], mask[crop]


def overlaps(box, boxes, gap):
    """Whether ``box`` comes within ``gap`` pixels of any of ``boxes`` (corner format)."""
    x1, y1, x2, y2 = box
    return any(x1 < bx2 + gap and bx1 < x2 + gap and y1 < by2 + gap and by1 < y2 + gap for bx1, by1, bx2, by2 in boxes)


def add_clutter(canvas, rng):
    """Draws a few faint straight strokes (1 pixel wide, brightness 0.15-0.4) anywhere on ``canvas``."""
    height, width = canvas.shape
    for _ in range(rng.integers(CLUTTER_STROKES[0], CLUTTER_STROKES[1] + 1)):
        (y0, y1), (x0, x1) = rng.uniform(0, height - 1, 2), rng.uniform(0, width - 1, 2)
        steps = int(max(abs(y1 - y0), abs(x1 - x0))) + 1
        rows = np.rint(np.linspace(y0, y1, steps)).astype(int)
        columns = np.rint(np.linspace(x0, x1, steps)).astype(int)
        canvas[rows, columns] = np.maximum(canvas[rows, columns], rng.uniform(0.15, 0.4))


def draw_scene(size, digits, labels, rng):
    """One scene of ``size`` (height, width) from the source ``digits`` and their ``labels``.

    Returns:
        ``(image, mask, boxes, classes)`` as described in :class:`Scenes`, for one scene.
    """
    height, width = size
    canvas = np.zeros(size, "float32")
    add_clutter(canvas, rng)
    mask = np.zeros(size, "uint8")
    boxes, classes = [], []
    for _ in range(rng.integers(1, MAX_DIGITS + 1)):
        which = rng.integers(len(digits))
        strokes, digit_mask = scaled_digit(digits[which], int(rng.integers(DIGIT_SIDES[0], DIGIT_SIDES[1] + 1)))
        h, w = strokes.shape
        for _ in range(PLACEMENT_TRIES):
            y, x = int(rng.integers(0, height - h + 1)), int(rng.integers(0, width - w + 1))
            if not overlaps((x, y, x + w, y + h), boxes, GAP):
                break
        else:
            continue  # no room left for this digit: the scene keeps fewer
        brightness = rng.uniform(0.7, 1.0)
        window = np.s_[y : y + h, x : x + w]
        canvas[window] = np.maximum(canvas[window], strokes * brightness)
        mask[window][digit_mask] = labels[which] + 1
        boxes.append((x, y, x + w, y + h))
        classes.append(labels[which])
    canvas += rng.normal(0.0, NOISE, size).astype("float32")
    image = np.clip(canvas, 0.0, 1.0)[..., None]
    return image, mask, np.array(boxes, "float32"), np.array(classes, "int64")


@cache
def digit_scenes(split, seed=0, size=SCENE_SIZE, count=None):
    """The scenes of one split of ``digit_scenes`` (cached: the same call returns the same object).

    Args:
        split: ``"train"``, ``"validation"`` or ``"test"``.
        seed: picks the split of the source digits and every random choice of the scenes.
        size: the canvas (height, width), each from 32 to 1024.
        count: how many scenes; None for the split's own number (``SCENE_COUNTS``).

    Returns:
        A :class:`Scenes`.
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, got {split!r}")
    check_seed(seed)
    size = check_scene_size(size)
    count = SCENE_COUNTS[split] if count is None else check_positive_int("count", count)
    digits, labels = source_digits(seed)[split]
    rng = np.random.default_rng([seed, SPLIT_STREAMS[split]])
    images, masks, boxes, classes = zip(*(draw_scene(size, digits, labels, rng) for _ in range(count)), strict=True)
    return Scenes(np.stack(images), np.stack(masks), list(boxes), list(classes))
