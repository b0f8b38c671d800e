"""The datasets a model can learn from, and their checks, without TensorFlow.

A classifier learns from ``digits`` (offline, the default), three TFDS
datasets, or a folder of your own pictures with one subfolder per class; a
segmenter or a detector from ``digit_scenes`` (offline, generated: see
:mod:`models.training.scenes`). A folder of class folders looks like:

    flowers/
        daisy/    001.jpg  002.jpg ...
        tulip/    a.png ...

The class names are the subfolder names, sorted. :func:`scan` checks such a
folder before any training starts, so that a mistake costs one clear line,
not a crash in the middle of the first epoch. The pipelines themselves are in
:mod:`models.training.data`.
"""

from pathlib import Path

import numpy as np

from models.training.images import open_image

TFDS_DATASETS = ("cifar10", "fashion_mnist", "mnist")
# Scenes of several objects, with their masks and boxes: for the models that say where.
SCENE_DATASETS = ("digit_scenes",)
DATASETS = ("digits",) + TFDS_DATASETS + SCENE_DATASETS
# The datasets whose pictures are light strokes on a dark background.
LIGHT_ON_DARK = ("digits", "fashion_mnist", "mnist", "digit_scenes")
# The kinds of model that learn from scenes, and the default dataset of each kind.
SCENE_KINDS = ("segmenter", "detector")
DEFAULT_DATASETS = {"classifier": "digits", "segmenter": "digit_scenes", "detector": "digit_scenes"}

# The suffixes keras.utils.image_dataset_from_directory reads; it skips other files.
IMAGE_SUFFIXES = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
# Every class is split 60/20/20 into train, validation and test, so it needs at least 5 images.
MIN_IMAGES_PER_CLASS = 5


class DatasetUnavailable(Exception):
    """The dataset is not prepared on this machine and cannot be downloaded now."""


def check_dataset(name):
    """Returns ``name`` if it is a known dataset or a usable folder of class folders.

    Raises:
        ValueError: neither; for a folder, what is wrong with it (see :func:`scan`).
    """
    if name in DATASETS:
        return name
    if not Path(name).is_dir():
        raise ValueError(f"unknown dataset {name!r}; available: {', '.join(DATASETS)}, or a folder of class folders")
    scan(name)
    return name


def check_dataset_for(kind, name):
    """Returns ``name`` if a model of ``kind`` can learn from it, else raises ValueError saying which it can.

    A classifier needs a class per image; a segmenter or a detector needs masks
    or boxes, which only the scene datasets have.
    """
    check_dataset(name)
    if (kind in SCENE_KINDS) != (name in SCENE_DATASETS):
        if kind in SCENE_KINDS:
            raise ValueError(f"a {kind} learns from {', '.join(SCENE_DATASETS)}, which have masks and boxes; "
                             f"got {name!r}")  # fmt: skip
        raise ValueError(f"{name} has no single class per image for a {kind}: it is for segmenters and detectors")
    return name


def image_files(folder):
    """The image files under ``folder`` (any depth), sorted."""
    return sorted(p for p in Path(folder).rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)


def scan(folder):
    """Checks a folder of class subfolders and returns its class names.

    Returns:
        The names of the subfolders that hold images, sorted.

    Raises:
        ValueError: not a folder, no class subfolders with images, a single
            class, a class with fewer than 5 images, or a file that is not a
            readable image. The message names the folder or the file.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"{folder} is not a folder of class subfolders")
    per_class = {sub.name: image_files(sub) for sub in sorted(folder.iterdir()) if sub.is_dir()}
    per_class = {name: files for name, files in per_class.items() if files}
    if not per_class:
        raise ValueError(
            f"{folder} holds no images in class subfolders: put each class's "
            f"{', '.join(IMAGE_SUFFIXES)} files in a subfolder named after the class"
        )
    if len(per_class) == 1:
        raise ValueError(f"{folder} has a single class ({next(iter(per_class))}): a classifier needs at least 2")
    for name, files in per_class.items():
        if len(files) < MIN_IMAGES_PER_CLASS:
            raise ValueError(
                f"class {name!r} in {folder} has {len(files)} images: every class needs at least "
                f"{MIN_IMAGES_PER_CLASS} to be split into train, validation and test"
            )
        for path in files:
            check_readable(path)
    return list(per_class)


def check_readable(path):
    """Raises ValueError unless Pillow can decode the whole image at ``path``, and it is not too large."""
    with open_image(path):
        pass


def stratified_split(labels, seed=0):
    """Indices of a fixed 60/20/20 train/validation/test split of ``labels``.

    Stratified: every class is in the same proportion in each part. The same
    labels and ``seed`` always give the same split.

    Returns:
        A dict from split name to an int array of indices into ``labels``.
    """
    from sklearn.model_selection import train_test_split

    labels = np.asarray(labels)
    everything = np.arange(len(labels))
    rest, test = train_test_split(everything, test_size=0.2, stratify=labels, random_state=seed)
    train, validation = train_test_split(rest, test_size=0.25, stratify=labels[rest], random_state=seed)
    return {"train": train, "validation": validation, "test": test}
