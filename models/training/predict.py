"""What a trained network says about your own pictures: a class, the class of each pixel, or boxes.

A picture goes through the same preprocessing as the training data
(:func:`models.training.data.fit_images`: scaled to [0, 1], resized to the
model's input, grey or colour to match it) and one more step: the digits data
is white strokes on black, but a digit photographed on paper is dark on
light. Such a picture (one whose border is light) is inverted for a model
trained on light-on-dark data, and the result says so.

A classifier's answer is its top classes (:func:`predict`); a segmenter's,
the share of the picture each class covers, and a detector's, its boxes
(:func:`read_scenes`), each with a PNG of the mask or the boxes over the picture.
"""

from dataclasses import dataclass

import numpy as np
from PIL import Image

from models.training import data, runs
from models.training.images import read_image
from models.training.sources import LIGHT_ON_DARK

TOP = 3
MIN_SCORE = 0.3  # the lowest score of a box shown to a user (the test mAP takes every box down to 0.05)


@dataclass
class Prediction:
    """A model's answer for one picture.

    Attributes:
        path: the picture's file.
        top: ``(class name, probability)`` of the ``TOP`` likeliest classes, likeliest first.
        inverted: whether the picture was inverted to light on dark first.
    """

    path: str
    top: list
    inverted: bool


def border_is_light(image):
    """Whether the outermost rows and columns of a [0, 1] image are light on average."""
    border = np.concatenate([image[0].ravel(), image[-1].ravel(), image[:, 0].ravel(), image[:, -1].ravel()])
    return border.mean() > 0.5


def prepare(path, input_shape, invert=True):
    """Reads the image at ``path`` as the model's input.

    Args:
        path: an image file.
        input_shape: the model's (height, width, channels).
        invert: whether to invert a picture whose border is light.

    Returns:
        ``(image, inverted)``: a float32 array of ``input_shape`` in [0, 1],
        and whether it was inverted.
    """
    picture, inverted = read_picture(path, invert)
    return np.asarray(data.fit_images(picture[None], tuple(input_shape)))[0], inverted


def read_picture(path, invert=True):
    """The image at ``path`` at its own size, float32 in [0, 1], inverted if ``invert`` and its border is
    light; and whether it was inverted."""
    picture = read_image(path).astype("float32") / 255.0
    inverted = bool(invert and border_is_light(picture))
    return (1.0 - picture if inverted else picture), inverted


def trained_on_light_strokes(source):
    """Whether the model of ``source`` learned light-on-dark pictures; a ``.keras``
    file without its run folder is taken to be trained on ``digits``, the default."""
    return runs.run_metrics(source).get("dataset", "digits") in LIGHT_ON_DARK


def class_names(source, num_classes):
    """The class names of the run ``source`` belongs to, or "0", "1", ... without one."""
    return runs.run_metrics(source).get("class_names") or [str(i) for i in range(num_classes)]


def predict(source, paths, invert=True):
    """The top classes of a trained classifier for each image file.

    Args:
        source: a run folder or a ``.keras`` file.
        paths: image files, any size, grey or colour, PNG, JPEG...
        invert: whether a dark-on-light picture may be inverted (only ever
            done for a model trained on light-on-dark data).

    Returns:
        A :class:`Prediction` per path.

    Raises:
        ValueError: no model at ``source``, or a file that is not an image.
    """
    model = runs.load_model(source)
    invert = invert and trained_on_light_strokes(source)
    prepared = [prepare(path, model.input_shape[1:], invert) for path in paths]
    probabilities = model.predict(np.stack([image for image, _ in prepared]), verbose=0)
    names = class_names(source, probabilities.shape[-1])
    results = []
    for path, (_, inverted), row in zip(paths, prepared, probabilities, strict=True):
        best = np.argsort(row)[::-1][:TOP]
        results.append(Prediction(str(path), [(names[i], float(row[i])) for i in best], inverted))
    return results


@dataclass
class SceneReading:
    """A segmenter's or a detector's answer for one picture, in the picture's own pixels.

    Attributes:
        path: the picture's file.
        kind: ``"segmenter"`` or ``"detector"``.
        image: the picture, float (height, width, 1 or 3) in [0, 1], inverted if ``inverted``.
        class_names: the model's class names.
        mask: a segmenter's class of each pixel of the picture (0 the background), or None.
        detections: a detector's ``(boxes, scores, classes)``, arrays as
            :func:`models.training.detection.decode` gives them, best score first; or None.
        inverted: whether the picture was inverted to light on dark first.
    """

    path: str
    kind: str
    image: np.ndarray
    class_names: list
    mask: np.ndarray | None
    detections: tuple | None
    inverted: bool

    @property
    def areas(self):
        """A segmenter's ``(class name, pixels, share of the picture)`` of each class but the
        background that has any pixel, largest first."""
        counts = np.bincount(self.mask.ravel(), minlength=len(self.class_names))
        return [(self.class_names[c], int(counts[c]), counts[c] / self.mask.size)
                for c in np.argsort(-counts, kind="stable") if c and counts[c]]  # fmt: skip

    @property
    def boxes(self):
        """A detector's ``(class name, score, (x1, y1, x2, y2))``, best score first."""
        boxes, scores, classes = self.detections
        return [(self.class_names[c], float(score), tuple(round(float(v), 1) for v in box))
                for box, score, c in zip(boxes, scores, classes, strict=True)]  # fmt: skip


def read_scenes(source, paths, invert=True, min_score=MIN_SCORE):
    """A trained segmenter's or detector's answer for each image file.

    The picture is fitted to the model's input as for :func:`predict`; the
    mask or the boxes are then scaled back to the picture's own size.
    :func:`models.pictures.scenes.draw_readings` draws them.

    Args:
        source: a run folder or a ``.keras`` file of a segmenter or a detector.
        paths: image files.
        invert: whether a dark-on-light picture may be inverted.
        min_score: a detector's lowest score kept.

    Returns:
        A :class:`SceneReading` per path.

    Raises:
        ValueError: no segmenter or detector at ``source``, or a file that is not an image.
    """
    from models.training import detection

    model = runs.load_model(source)
    kind = runs.model_kind(model)
    if kind == "classifier":
        raise ValueError(f"{source} is a classifier: it answers with classes, not a mask or boxes to draw")
    invert = invert and trained_on_light_strokes(source)
    height, width = model.input_shape[1:3]
    names = class_names(source, runs.model_classes(model))
    readings = []
    for path in paths:
        picture, inverted = read_picture(path, invert)
        output = model.predict(data.fit_images(picture[None], tuple(model.input_shape[1:])), verbose=0)
        mask = detections = None
        if kind == "segmenter":
            small = output[0].argmax(axis=-1).astype("uint8")
            mask = np.asarray(Image.fromarray(small).resize(picture.shape[1::-1], Image.NEAREST))
        else:
            boxes, scores, classes = detection.decode(output, len(names), min_score=min_score)[0]
            boxes = boxes * np.array([picture.shape[1] / width, picture.shape[0] / height] * 2, "float32")
            detections = (boxes, scores, classes)
        readings.append(SceneReading(str(path), kind, picture, names, mask, detections, inverted))
    return readings
