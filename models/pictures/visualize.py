"""Pictures of what a network sees: filters, feature maps, curves, confusions; masks and boxes.

Every function writes one PNG with matplotlib's Agg backend (no screen
needed) and returns its path. Files are written to a temporary name first and
then renamed, so a picture is either whole or absent.
"""

import csv
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import keras  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from models.files import write_atomically  # noqa: E402
from models.pictures import NO_TICKS, gradcam, scenes  # noqa: E402
from models.training import data, detection, predict, runs  # noqa: E402
from models.training.scenes import CLASS_NAMES, digit_scenes  # noqa: E402

CONV_AND_POOL = ("Conv2D", "MaxPooling2D", "AveragePooling2D", "FixedFilter")


def save(figure, path):
    """Writes ``figure`` to the PNG ``path`` atomically, and closes it."""
    try:
        return write_atomically(path, lambda temporary: figure.savefig(temporary, dpi=100, bbox_inches="tight"))
    finally:
        plt.close(figure)


def grid(count):
    columns = min(count, 8)
    return -(-count // columns), columns


def panels(images, titles, suptitle, cmap="gray", limits=(None, None)):
    """A figure with one small panel per 2-D image; ``limits`` fixes the colour scale."""
    rows, columns = grid(len(images))
    figure, axes = plt.subplots(
        rows, columns, figsize=(1.6 * columns, 1.7 * rows + 0.4), squeeze=False, subplot_kw=NO_TICKS
    )
    for axis in axes.flat:
        axis.axis("off")
    for axis, image, title in zip(axes.flat, images, titles, strict=False):
        axis.imshow(image, cmap=cmap, vmin=limits[0], vmax=limits[1])
        axis.set_title(title, fontsize=8)
    figure.suptitle(suptitle)
    return figure


def first_conv_layer(model):
    for layer in model.layers:
        if type(layer).__name__ == "Conv2D":
            return layer
    raise ValueError(f"model {model.name!r} has no Conv2D layer to draw filters of")


def plot_filters(model, path, limit=32):
    """The first conv layer's filters (up to ``limit``), one panel each, averaged over
    input channels, on one colour scale centred on 0: red weights add, blue subtract."""
    layer = first_conv_layer(model)
    kernel = np.asarray(layer.kernel).mean(axis=2)  # (KH, KW, filters)
    images = [kernel[:, :, i] for i in range(min(kernel.shape[-1], limit))]
    titles = [f"filter {i}" for i in range(len(images))]
    largest = np.abs(kernel).max()
    figure = panels(
        images, titles, f"{layer.name}: {len(images)} learned filters", cmap="bwr", limits=(-largest, largest)
    )
    figure.colorbar(figure.axes[0].images[0], ax=figure.axes, shrink=0.8, label="weight")
    return save(figure, path)


def feature_map_layers(model):
    return [layer.name for layer in model.layers if type(layer).__name__ in CONV_AND_POOL]


def feature_maps(model, image, layer_names):
    """``{name: its output for image}`` (height x width x channels) for each of ``layer_names``,
    all from one pass through ``model``."""
    outputs = keras.Model(model.inputs, {name: model.get_layer(name).output for name in layer_names})
    maps = outputs(image[None], training=False)
    return {name: np.asarray(maps[name])[0] for name in layer_names}


def plot_feature_maps(image, label, layer_name, maps, path, limit=32):
    """The input image (titled ``label``), then the first ``limit`` channels of
    ``maps``, ``layer_name``'s output for it (see :func:`feature_maps`), one panel per channel."""
    images = [image.squeeze() if image.shape[-1] == 1 else image]
    images += [maps[:, :, c] for c in range(min(maps.shape[-1], limit))]
    titles = [f"input: {label}"] + [f"channel {c}" for c in range(len(images) - 1)]
    suptitle = f"{layer_name}: where each pattern is found ({maps.shape[0]}x{maps.shape[1]})"
    figure = panels(images, titles, suptitle, cmap="viridis")
    figure.axes[0].images[0].set_cmap("gray")
    return save(figure, path)


def plot_curves(log_csv, path):
    """Loss and every other metric logged (such as accuracy) per epoch, training and validation,
    from a CSVLogger log: one panel each."""
    with open(log_csv) as log:
        rows = list(csv.DictReader(log))
    if not rows:
        raise ValueError(f"{log_csv} has no epochs yet")
    epochs = [int(row["epoch"]) + 1 for row in rows]
    metrics = ["loss"] + [name for name in rows[0] if name != "loss" and f"val_{name}" in rows[0]]
    figure, axes = plt.subplots(1, len(metrics), figsize=(4.5 * len(metrics), 3.5), squeeze=False)
    for axis, metric in zip(axes[0], metrics, strict=True):
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


def plot_run_results(run, data_dir=None):
    """The pictures of a finished run, into its folder: curves.png, and
    confusion_matrix.png and misclassified.png (a classifier) or
    predictions.png (a segmenter or a detector); returns their paths."""
    model = runs.load_model(run)
    curves = plot_curves(Path(run) / "log.csv", Path(run) / "curves.png")
    if runs.model_kind(model) != "classifier":
        return [curves, plot_scene_predictions(model, Path(run) / "predictions.png")]
    splits = data.load(runs.run_metrics(run)["dataset"], model.input_shape[1:], data_dir=data_dir)
    return [curves, *plot_test_results(model, splits, run)]


def test_scenes(model, count):
    """The first ``count`` test scenes of ``digit_scenes`` at the model's size, fitted to its channels."""
    test = digit_scenes("test", size=tuple(model.input_shape[1:3]))
    images = np.asarray(data.fit_images(test.images[:count], model.input_shape[1:]))
    return images, test


def plot_scene_predictions(model, path, count=8):
    """A segmenter's masks or a detector's boxes on the first ``count`` test scenes, beside the truth."""
    images, test = test_scenes(model, count)
    outputs = model.predict(images, verbose=0)
    if runs.model_kind(model) == "segmenter":
        return save(scenes.segmentation_figure(images[:4], test.masks[:4], outputs[:4].argmax(axis=-1)), path)
    found = detection.decode(outputs, runs.model_classes(model), min_score=predict.MIN_SCORE)
    truths = list(zip(test.boxes[:count], test.classes[:count], strict=True))
    return save(scenes.detection_figure(images, truths, found, CLASS_NAMES), path)


def visualize(source, out=None, image_path=None, dataset=None, data_dir=None, invert=True):
    """Draws every figure for a run folder or a ``.keras`` model; returns the paths written.

    Without ``image_path``: the first layer's filters, the feature maps and the
    Grad-CAM (``gradcam.png``) of test images, the confusion matrix and the
    misclassified test images, and the training curves of a run folder. With
    it: the filters, and the feature maps and Grad-CAM of that one picture.

    Args:
        source: a run folder of ``python -m models train`` or a ``.keras`` file.
        out: the folder for the PNGs; default ``<run>/figures`` or ``<model>-figures``.
        image_path: a picture of your own, prepared as by ``python -m models predict``.
        dataset: the dataset whose test split to use; default the run's, or digits.
        invert: whether a dark-on-light picture may be inverted (see :mod:`models.training.predict`).

    Raises:
        ValueError: no model there, an unreadable image, a bad dataset, an ``out`` that cannot be a folder.
    """
    model_path = runs.model_file(source)
    run = runs.run_metrics(source)
    if out is None:
        out = Path(source) / "figures" if Path(source).is_dir() else model_path.with_name(f"{model_path.stem}-figures")
    out = runs.check_output_folder(out)
    model = runs.load_model(source)
    if runs.model_kind(model) != "classifier":
        return visualize_scenes(model, source, out, image_path, invert)
    names = predict.class_names(source, model.output.shape[-1])
    if image_path:
        invert = invert and predict.trained_on_light_strokes(source)
        image, _ = predict.prepare(image_path, model.input_shape[1:], invert)
        images, said = image[None], model.predict(image[None], verbose=0).argmax(axis=1)
        titles = [f"said {names[said[0]]}"]
    else:
        splits = data.load(dataset or run.get("dataset", "digits"), model.input_shape[1:], data_dir=data_dir)
        results = test_predictions(model, splits.test)
        images, labels, said = (part[:8] for part in results)
        titles = [f"true {names[true]}, said {names[guess]}" for true, guess in zip(labels, said, strict=True)]

    out.mkdir(parents=True, exist_ok=True)
    written = [plot_filters(model, out / "filters.png")]
    for layer, maps in feature_maps(model, images[0], feature_map_layers(model)).items():
        path = out / f"feature_maps_{layer}.png"
        written.append(plot_feature_maps(images[0], titles[0], layer, maps, path))
    written.append(save(gradcam.gradcam_figure(model, images, titles), out / "gradcam.png"))
    if not image_path:
        written += plot_test_results(model, splits, out, results)
        if (model_path.parent / "log.csv").is_file() and run:
            written.append(plot_curves(model_path.parent / "log.csv", out / "curves.png"))
    return written


def visualize_scenes(model, source, out, image_path=None, invert=True):
    """:func:`visualize` for a segmenter or a detector: the filters, the feature maps of a test scene
    (or of ``image_path``) and, without ``image_path``, the predictions on test scenes and the curves."""
    if image_path:
        invert = invert and predict.trained_on_light_strokes(source)
        image, _ = predict.prepare(image_path, model.input_shape[1:], invert)
        title = Path(image_path).name
    else:
        image, title = test_scenes(model, 1)[0][0], "test scene 1"
    out.mkdir(parents=True, exist_ok=True)
    written = [plot_filters(model, out / "filters.png")]
    for layer, maps in feature_maps(model, image, feature_map_layers(model)).items():
        written.append(plot_feature_maps(image, title, layer, maps, out / f"feature_maps_{layer}.png"))
    if not image_path:
        written.append(plot_scene_predictions(model, out / "predictions.png"))
        log = runs.model_file(source).parent / "log.csv"
        if log.is_file() and runs.run_metrics(source):
            written.append(plot_curves(log, out / "curves.png"))
    return written


def scene_pictures_folder(source):
    """Where :func:`draw_readings` writes by default: ``RUN/predictions``, or ``MODEL-predictions`` beside a file."""
    source = Path(source)
    return source / "predictions" if source.is_dir() else source.with_name(f"{source.stem}-predictions")


def draw_readings(readings, out):
    """Writes each reading's picture to ``out/NAME.png`` (for a picture ``NAME.*``); returns the paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    return [save(scenes.picture_figure(reading), out / f"{Path(reading.path).stem}.png") for reading in readings]
