"""What a trained network says about your own pictures.

A picture goes through the same preprocessing as the training data
(:func:`models.training.data.fit_images`: scaled to [0, 1], resized to the
model's input, grey or colour to match it) and one more step: the digits data
is white strokes on black, but a digit photographed on paper is dark on
light. Such a picture (one whose border is light) is inverted for a model
trained on light-on-dark data, and the result says so.
"""

from dataclasses import dataclass

import numpy as np

from models.training import data, runs
from models.training.images import read_image
from models.training.sources import LIGHT_ON_DARK

TOP = 3


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
    image = read_image(path).astype("float32") / 255.0
    inverted = bool(invert and border_is_light(image))
    if inverted:
        image = 1.0 - image
    return np.asarray(data.fit_images(image[None], tuple(input_shape)))[0], inverted


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
