"""Pictures of where: masks laid over scenes, boxes drawn on them.

A segmenter's mask is drawn in colour over the grey picture, one colour per
class, the background left clear; a detector's boxes are drawn as outlines
labelled with their class and score. Every function writes one PNG (see
:func:`models.pictures.visualize.save`) and returns its path.
"""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import ListedColormap  # noqa: E402
from matplotlib.patches import Patch, Rectangle  # noqa: E402

from models.pictures import NO_TICKS  # noqa: E402

# One colour per digit: matplotlib's "tab10", but spring green for its grey (7), which a grey
# picture would hide. Mask value v > 0 is digit v - 1.
DIGIT_COLOURS = tuple((0.0, 1.0, 0.5) if digit == 7 else colour for digit, colour in
                      enumerate(plt.get_cmap("tab10").colors))  # fmt: skip
MASK_COLOURS = ListedColormap([(0, 0, 0, 0), *DIGIT_COLOURS])  # the background (0) is see-through
TRUTH_COLOUR = "white"


def show_image(axis, image):
    """Draws a (height, width, 1 or 3) image in [0, 1] on ``axis``, grey as grey."""
    axis.imshow(image[..., 0] if image.shape[-1] == 1 else image, cmap="gray", vmin=0, vmax=1)


def show_mask(axis, image, mask, alpha=0.6):
    """Draws ``image`` with ``mask`` (0 background, d + 1 digit d) laid over it in the digits' colours."""
    show_image(axis, image)
    axis.imshow(mask, cmap=MASK_COLOURS, vmin=0, vmax=len(DIGIT_COLOURS), alpha=alpha, interpolation="nearest")


def show_boxes(axis, boxes, classes, scores=None, colour=None, class_names=None):
    """Draws each ``(x1, y1, x2, y2)`` box as an outline, labelled with its class (and score, if given).

    Pixel ``(x, y)`` is the square from ``x - 0.5`` to ``x + 0.5`` in matplotlib's
    image coordinates, so a box's corners are shifted by half a pixel.
    """
    for number, ((x1, y1, x2, y2), label) in enumerate(zip(boxes, classes, strict=True)):
        edge = colour or DIGIT_COLOURS[int(label) % len(DIGIT_COLOURS)]
        name = class_names[label] if class_names else str(label)
        axis.add_patch(Rectangle((x1 - 0.5, y1 - 0.5), x2 - x1, y2 - y1, fill=False, edgecolor=edge, linewidth=1.2,
                                 linestyle="--" if colour == TRUTH_COLOUR else "-"))  # fmt: skip
        if scores is not None:
            text = f"{name} {scores[number]:.2f}"
            axis.text(x1 - 0.5, y1 - 1, text, color=edge, fontsize=7, va="bottom",
                      bbox={"facecolor": "black", "alpha": 0.5, "pad": 0.5, "linewidth": 0})  # fmt: skip


def add_colour_key(figure, class_names=None):
    """A legend above the panels: which colour is which digit."""
    names = class_names or [str(digit) for digit in range(len(DIGIT_COLOURS))]
    handles = [Patch(color=colour, label=name) for colour, name in zip(DIGIT_COLOURS, names, strict=False)]
    figure.legend(handles=handles, loc="upper center", ncol=len(handles), fontsize=8, frameon=False,
                  handlelength=1, columnspacing=0.8)  # fmt: skip


def segmentation_figure(images, true_masks, predicted_masks):
    """Three columns per scene: the picture, the true mask over it, the predicted mask over it."""
    count = len(images)
    figure, axes = plt.subplots(count, 3, figsize=(6.3, 2.1 * count), squeeze=False, subplot_kw=NO_TICKS)
    for row, (image, truth, said) in enumerate(zip(images, true_masks, predicted_masks, strict=True)):
        show_image(axes[row, 0], image)
        show_mask(axes[row, 1], image, truth)
        show_mask(axes[row, 2], image, said)
    for axis, title in zip(axes[0], ("scene", "true mask", "predicted mask"), strict=True):
        axis.set_title(title, fontsize=9)
    add_colour_key(figure)
    return figure


def detection_figure(images, truths, detections, class_names, columns=4):
    """One panel per scene: the true boxes dashed white, the detected ones in their class's colour with scores."""
    rows = -(-len(images) // columns)
    figure, axes = plt.subplots(rows, columns, figsize=(2.4 * columns, 2.5 * rows), squeeze=False,
                                subplot_kw=NO_TICKS)  # fmt: skip
    for axis in axes.flat:
        axis.axis("off")
    for axis, image, (true_boxes, true_classes), (boxes, scores, classes) in zip(
        axes.flat, images, truths, detections, strict=False
    ):
        show_image(axis, image)
        show_boxes(axis, true_boxes, true_classes, colour=TRUTH_COLOUR)
        show_boxes(axis, boxes, classes, scores, class_names=class_names)
    figure.suptitle("detections (solid, with scores) and the truth (dashed white)", fontsize=9)
    return figure


def picture_figure(reading):
    """One picture of a :class:`~models.training.predict.SceneReading`: its mask over it, or its boxes on it."""
    image = reading.image
    figure, axis = plt.subplots(figsize=(6, 6 * image.shape[0] / image.shape[1]), subplot_kw=NO_TICKS)
    if reading.kind == "segmenter":
        show_mask(axis, image, reading.mask)
        add_colour_key(figure, reading.class_names[1:])
    else:
        boxes, scores, classes = reading.detections
        show_image(axis, image)
        show_boxes(axis, boxes, classes, scores, class_names=reading.class_names)
    return figure
