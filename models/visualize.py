"""Pictures of what a network sees: filters, feature maps, curves, confusions.

Every function writes one PNG with matplotlib's Agg backend (no screen
needed) and returns its path. Files are written to a temporary name first and
then renamed, so a picture is either whole or absent.
"""

import csv
import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import keras  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from models import data  # noqa: E402
from models.images import read_image  # noqa: E402
from models.registry import load_saved_model  # noqa: E402

CONV_AND_POOL = ("Conv2D", "MaxPooling2D", "AveragePooling2D", "FixedFilter")


def save(figure, path):
    path = Path(path)
    temporary = path.with_name(f".{path.stem}.tmp.png")
    figure.savefig(temporary, dpi=100, bbox_inches="tight")
    plt.close(figure)
    os.replace(temporary, path)
    return path


def grid(count):
    columns = min(count, 8)
    return -(-count // columns), columns


def panels(images, titles, suptitle, cmap="gray"):
    """A figure with one small panel per 2-D image."""
    rows, columns = grid(len(images))
    figure, axes = plt.subplots(rows, columns, figsize=(1.6 * columns, 1.7 * rows + 0.4), squeeze=False)
    for axis in axes.flat:
        axis.axis("off")
    for axis, image, title in zip(axes.flat, images, titles, strict=False):
        axis.imshow(image, cmap=cmap)
        axis.set_title(title, fontsize=8)
    figure.suptitle(suptitle)
    return figure


def first_conv_layer(model):
    for layer in model.layers:
        if type(layer).__name__ == "Conv2D":
            return layer
    raise ValueError(f"model {model.name!r} has no Conv2D layer to draw filters of")


def plot_filters(model, path):
    """The first conv layer's filters, one panel each (averaged over input channels)."""
    layer = first_conv_layer(model)
    kernel = np.asarray(layer.kernel).mean(axis=2)  # (KH, KW, filters)
    images = [kernel[:, :, i] for i in range(kernel.shape[-1])]
    titles = [f"filter {i}" for i in range(len(images))]
    return save(panels(images, titles, f"{layer.name}: {len(images)} learned filters", cmap="bwr"), path)


def feature_map_layers(model):
    return [layer.name for layer in model.layers if type(layer).__name__ in CONV_AND_POOL]


def plot_feature_maps(model, image, layer_name, path):
    """Every channel of ``layer_name``'s output for one image, one panel per channel."""
    layer = model.get_layer(layer_name)
    maps = np.asarray(keras.Model(model.inputs, layer.output)([image[None]], training=False))[0]
    images = [maps[:, :, c] for c in range(maps.shape[-1])]
    titles = [f"channel {c}" for c in range(len(images))]
    suptitle = f"{layer_name}: where each pattern is found ({maps.shape[0]}x{maps.shape[1]})"
    return save(panels(images, titles, suptitle, cmap="viridis"), path)


def plot_curves(log_csv, path):
    """Loss and accuracy per epoch, training and validation, from a CSVLogger log."""
    with open(log_csv) as log:
        rows = list(csv.DictReader(log))
    if not rows:
        raise ValueError(f"{log_csv} has no epochs yet")
    epochs = [int(row["epoch"]) + 1 for row in rows]
    figure, axes = plt.subplots(1, 2, figsize=(9, 3.5))
    for axis, metric in zip(axes, ("loss", "accuracy"), strict=True):
        axis.plot(epochs, [float(row[metric]) for row in rows], label="training")
        axis.plot(epochs, [float(row[f"val_{metric}"]) for row in rows], label="validation")
        axis.set_xlabel("epoch")
        axis.set_title(metric)
        axis.legend()
    return save(figure, path)


def confusion_matrix(labels, predictions, num_classes):
    """matrix[true, predicted] = how many test images of class true were predicted as predicted."""
    matrix = np.zeros((num_classes, num_classes), dtype=int)
    np.add.at(matrix, (labels, predictions), 1)
    return matrix


def plot_confusion(matrix, class_names, path):
    figure, axis = plt.subplots(figsize=(5.5, 5))
    axis.imshow(matrix, cmap="Blues")
    for (row, column), count in np.ndenumerate(matrix):
        if count:
            color = "white" if count > matrix.max() / 2 else "black"
            axis.text(column, row, count, ha="center", va="center", fontsize=8, color=color)
    ticks = range(len(class_names))
    axis.set_xticks(ticks, class_names)
    axis.set_yticks(ticks, class_names)
    axis.set_xlabel("predicted")
    axis.set_ylabel("true")
    correct = np.trace(matrix)
    axis.set_title(f"confusion matrix: {correct}/{matrix.sum()} right")
    return save(figure, path)


def plot_misclassified(images, labels, predictions, class_names, path, limit=24):
    wrong = np.flatnonzero(labels != predictions)[:limit]
    if len(wrong) == 0:
        figure, axis = plt.subplots(figsize=(4, 1.5))
        axis.axis("off")
        axis.text(0.5, 0.5, "no test image was misclassified", ha="center", va="center")
        return save(figure, path)
    pictures = [images[i].squeeze() for i in wrong]
    titles = [f"true {class_names[labels[i]]}, said {class_names[predictions[i]]}" for i in wrong]
    return save(panels(pictures, titles, f"{len(np.flatnonzero(labels != predictions))} misclassified"), path)


def plot_before_after(before, after, path):
    figure, axes = plt.subplots(1, 2, figsize=(10, 4.2))
    for axis, image, title in zip(axes, (before, after), ("before", "after"), strict=True):
        axis.imshow(image.squeeze(), cmap="gray" if image.shape[-1] == 1 else None, vmin=0, vmax=255)
        axis.set_title(title)
        axis.axis("off")
    return save(figure, path)


def test_predictions(model, test_dataset):
    """(images, labels, predicted labels) over a whole batched test split."""
    images, labels = zip(*((x.numpy(), y.numpy()) for x, y in test_dataset), strict=True)
    images, labels = np.concatenate(images), np.concatenate(labels)
    predictions = model.predict(images, verbose=0).argmax(axis=1)
    return images, labels, predictions


def plot_test_results(model, splits, out, results=None):
    """Writes confusion_matrix.png and misclassified.png for the test split into ``out``.

    ``results`` is what :func:`test_predictions` returned, if already at hand.
    """
    images, labels, predictions = results or test_predictions(model, splits.test)
    matrix = confusion_matrix(labels, predictions, splits.num_classes)
    return [
        plot_confusion(matrix, splits.class_names, Path(out) / "confusion_matrix.png"),
        plot_misclassified(images, labels, predictions, splits.class_names, Path(out) / "misclassified.png"),
    ]


def visualize(source, out=None, image_path=None, dataset="digits", data_dir=None):
    """Draws every figure for a run folder or a ``.keras`` model; returns the paths written.

    Args:
        source: a run folder of ``python -m models train`` or a ``.keras`` file.
        out: the folder for the PNGs; default ``<run>/figures`` or ``<model>-figures``.
        image_path: the image whose feature maps to draw; default the first test image.
        dataset: the dataset whose test split gives the confusion matrix.

    Raises:
        ValueError: no model there, an unreadable image, a bad dataset.
    """
    source = Path(source)
    if source.is_dir():
        model_path, log = source / "best.keras", source / "log.csv"
        if not model_path.is_file():
            raise ValueError(f"{source} holds no best.keras: is it a run folder of `python -m models train`?")
        out = Path(out) if out else source / "figures"
    else:
        model_path, log = source, None
        out = Path(out) if out else source.with_name(f"{source.stem}-figures")
    model = load_saved_model(model_path)
    input_shape = tuple(model.input_shape[1:])
    splits = data.load(dataset, input_shape, batch_size=64, data_dir=data_dir)
    results = test_predictions(model, splits.test)
    if image_path:
        image = read_image(image_path)[None].astype("float32") / 255.0
        image = np.asarray(data.fit_images(image, input_shape))[0]
    else:
        image = results[0][0]

    out.mkdir(parents=True, exist_ok=True)
    written = [plot_filters(model, out / "filters.png")]
    for layer in feature_map_layers(model):
        written.append(plot_feature_maps(model, image, layer, out / f"feature_maps_{layer}.png"))
    if log and log.is_file():
        written.append(plot_curves(log, out / "curves.png"))
    written += plot_test_results(model, splits, out, results)
    return written
