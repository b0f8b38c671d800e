"""tf.data pipelines that yield (image, label) batches fitted to a model's input.

``digits`` is the offline default: scikit-learn's 1,797 real handwritten digits
(8x8, grey), shipped inside the scikit-learn package. ``mnist``,
``fashion_mnist`` and ``cifar10`` come through ``tensorflow_datasets`` from a
prepared TFDS folder (``--data-dir`` or ``TFDS_DATA_DIR``); they are downloaded
only when asked to (``download=True``), because without network a TFDS
download retries for minutes before it fails. Any other ``name`` is a folder of
your own pictures, one subfolder per class (see :mod:`models.training.sources`).
"""

import socket
import threading
from dataclasses import dataclass
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from models.arguments import check_positive_int
from models.training.sources import TFDS_DATASETS, DatasetUnavailable, check_dataset, scan, stratified_split

# Validation is carved out of TFDS's train split; the test split stays untouched.
TFDS_SPLITS = {"train": "train[:90%]", "validation": "train[90%:]", "test": "test"}
# Where TFDS downloads from; only contacted when a download was asked for.
DOWNLOAD_HOST = ("storage.googleapis.com", 443)
NETWORK_TIMEOUT_S = 5


@dataclass
class Splits:
    """The three splits of a dataset as batched, prefetched ``tf.data`` pipelines,
    its class names, and the number of training images (which sets the steps of an epoch)."""

    name: str
    train: tf.data.Dataset
    validation: tf.data.Dataset
    test: tf.data.Dataset
    num_classes: int
    class_names: list
    train_size: int


def seed_everything(seed):
    """Seeds Python, NumPy, Keras and TensorFlow, and makes TensorFlow's ops deterministic,
    so that the same seed on the same machine gives the same weights."""
    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()


def with_one_hot_labels(dataset, num_classes):
    """The (image, label) batches of ``dataset`` with one-hot labels, as label smoothing needs them."""
    return dataset.map(lambda images, labels: (images, tf.one_hot(labels, num_classes)))


def digits_arrays(seed=0):
    """scikit-learn's digits as float32 arrays in [0, 1], split by :func:`stratified_split`.

    Returns:
        A dict from split name to ``(images, labels)``, images of shape
        (n, 8, 8, 1) and labels int64 of shape (n,).
    """
    from sklearn.datasets import load_digits

    digits = load_digits()
    images = (digits.images / 16.0).astype("float32")[..., None]  # pixels are 0..16
    labels = digits.target.astype("int64")
    return {split: (images[index], labels[index]) for split, index in stratified_split(labels, seed).items()}


def fit_images(images, input_shape):
    """Resizes float images in [0, 1] to ``input_shape`` (height, width, channels).

    Height and width are resized bilinearly (8x8 digits and 28x28 MNIST both
    become 32x32). One channel becomes three by copying grey into R, G and B;
    three become one by the usual luminance weights.
    """
    height, width, channels = input_shape
    if images.shape[-3:-1] != (height, width):
        # Antialiasing matters only when shrinking: a photo shrunk to 32x32 keeps its thin strokes.
        images = tf.image.resize(images, (height, width), antialias=True)
    have = images.shape[-1]
    if have == channels:
        return images
    if have == 1 and channels == 3:
        return tf.image.grayscale_to_rgb(images)
    if have == 3 and channels == 1:
        return tf.image.rgb_to_grayscale(images)
    raise ValueError(f"cannot turn images with {have} channels into {channels} channels")


def augmenter(seed):
    """Random small shifts, turns and zooms, so that a model sees a slightly
    different copy of each training image every epoch and memorises less.

    Returns a function of a batch of images. The layers are applied one by one,
    not wrapped in a ``keras.Sequential``: inside a ``tf.data`` map each of these
    layers runs TensorFlow ops whatever the Keras backend, but a Sequential
    would turn the batch into a JAX or PyTorch array first, which a graph cannot.
    """
    steps = [
        keras.layers.RandomTranslation(0.1, 0.1, fill_mode="constant", seed=seed),
        keras.layers.RandomRotation(0.05, fill_mode="constant", seed=seed),
        keras.layers.RandomZoom(0.1, fill_mode="constant", seed=seed),
    ]

    def augment(images, training=True):
        for step in steps:
            images = step(images, training=training)
        return images

    return augment


def pipeline(dataset, input_shape, batch_size, shuffle_seed=None):
    """Fits, caches, batches and prefetches an (image, label) dataset.

    With a ``shuffle_seed`` (the training split) it is also shuffled and
    augmented, both seeded, afresh every epoch.
    """
    dataset = dataset.map(lambda x, y: (fit_images(x, input_shape), y)).cache()
    if shuffle_seed is not None:
        dataset = dataset.shuffle(4096, seed=shuffle_seed, reshuffle_each_iteration=True)
    dataset = dataset.batch(batch_size)
    if shuffle_seed is not None:
        augment = augmenter(shuffle_seed)
        dataset = dataset.map(lambda x, y: (augment(x, training=True), y))
    return dataset.prefetch(tf.data.AUTOTUNE)


def load(name, input_shape, batch_size=64, seed=0, data_dir=None, download=False):
    """Loads dataset ``name`` as :class:`Splits` fitted to ``input_shape``.

    Args:
        name: one of ``DATASETS``, or a folder with one subfolder of images per class.
        input_shape: the model's (height, width, channels).
        batch_size: images per batch.
        seed: seeds the shuffling of the training split.
        data_dir: a prepared TFDS folder (TFDS datasets only); None means
            ``TFDS_DATA_DIR`` or ``~/tensorflow_datasets``.
        download: whether a TFDS dataset missing from ``data_dir`` may be
            downloaded.

    Raises:
        ValueError: an unknown dataset, a bad batch size, or a folder that
            cannot be a dataset (see :func:`models.training.sources.scan`).
        DatasetUnavailable: a TFDS dataset that is not prepared and cannot be
            downloaded; the message says how to supply it.
    """
    check_dataset(name)
    check_positive_int("batch_size", batch_size)
    if name == "digits":
        arrays = digits_arrays()
        raw = {split: tf.data.Dataset.from_tensor_slices(xy) for split, xy in arrays.items()}
        class_names, train_size = [str(d) for d in range(10)], len(arrays["train"][1])
    elif name in TFDS_DATASETS:
        raw, info = _tfds_splits(name, data_dir, download)
        class_names = list(info.features["label"].names)
        train_size = int(raw["train"].cardinality())  # TFDS knows how many examples each split has
        raw = {split: ds.map(lambda x, y: (tf.cast(x, tf.float32) / 255.0, y)) for split, ds in raw.items()}
    else:
        raw, class_names, train_size = _folder_splits(Path(name), input_shape)
    return Splits(
        name=name,
        train=pipeline(raw["train"], input_shape, batch_size, shuffle_seed=seed),
        validation=pipeline(raw["validation"], input_shape, batch_size),
        test=pipeline(raw["test"], input_shape, batch_size),
        num_classes=len(class_names),
        class_names=class_names,
        train_size=train_size,
    )


def _folder_splits(folder, input_shape):
    """A folder of class subfolders, read by ``image_dataset_from_directory`` at the
    model's size and split by :func:`stratified_split`; images in [0, 1]."""
    class_names = scan(folder)
    height, width, channels = input_shape
    images = keras.utils.image_dataset_from_directory(
        folder,
        class_names=class_names,
        color_mode="grayscale" if channels == 1 else "rgb",
        image_size=(height, width),
        batch_size=None,
        shuffle=False,
        verbose=False,
    )
    labels = [class_names.index(Path(path).relative_to(folder).parts[0]) for path in images.file_paths]
    images = images.map(lambda x, y: (x / 255.0, tf.cast(y, tf.int64))).enumerate()
    splits, indices = {}, stratified_split(labels)
    for split, index in indices.items():
        member = tf.constant(np.isin(np.arange(len(labels)), index))
        split_images = images.filter(lambda i, xy, member=member: member[i]).map(lambda i, xy: xy)
        # A filter hides how many images pass it; told, Keras knows an epoch's steps from the start,
        # instead of warning at the end of the first one that the data "ran out".
        splits[split] = split_images.apply(tf.data.experimental.assert_cardinality(len(index)))
    return splits, class_names, len(indices["train"])


def _tfds_splits(name, data_dir, download):
    import tensorflow_datasets as tfds

    def load_splits(download):
        splits, info = tfds.load(
            name,
            split=list(TFDS_SPLITS.values()),
            data_dir=data_dir,
            as_supervised=True,
            with_info=True,
            download=download,
        )
        return dict(zip(TFDS_SPLITS, splits, strict=True)), info

    where = data_dir or "TFDS_DATA_DIR or ~/tensorflow_datasets"
    try:
        return load_splits(download=False)
    except AssertionError:  # what TFDS raises when the data is not prepared
        pass
    except Exception as error:  # a folder that is not TFDS's: TFDS raises many kinds
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise DatasetUnavailable(
            f"{where} does not hold a usable copy of dataset {name!r} ({message}): "
            "point --data-dir at a folder prepared by TFDS"
        ) from error
    if not download:
        raise DatasetUnavailable(
            f"dataset {name!r} is not prepared in {where}: point --data-dir (or TFDS_DATA_DIR) "
            f"at a prepared TFDS folder, or add --download to fetch it (needs internet)"
        )
    if not _reachable(DOWNLOAD_HOST):
        raise DatasetUnavailable(
            f"dataset {name!r} is not prepared in {where} and cannot be downloaded: "
            f"{DOWNLOAD_HOST[0]} did not answer within {NETWORK_TIMEOUT_S} s. Prepare it on a machine "
            f"with internet (tfds build {name}) and point --data-dir at that folder"
        )
    return load_splits(download=True)


def _reachable(address):
    """Whether a TCP connection to ``address`` opens within NETWORK_TIMEOUT_S.

    The look-up of the host name has no timeout of its own, so the whole
    attempt runs in a daemon thread that we stop waiting for.
    """
    result = []

    def connect():
        try:
            socket.create_connection(address, timeout=NETWORK_TIMEOUT_S).close()
            result.append(True)
        except OSError:
            pass

    thread = threading.Thread(target=connect, daemon=True)
    thread.start()
    thread.join(NETWORK_TIMEOUT_S)
    return bool(result)
