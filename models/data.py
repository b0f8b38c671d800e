"""tf.data pipelines that yield (image, label) batches fitted to a model's input.

``digits`` is the offline default: scikit-learn's 1,797 real handwritten digits
(8x8, grey), shipped inside the scikit-learn package. ``mnist``,
``fashion_mnist`` and ``cifar10`` come through ``tensorflow_datasets`` from a
prepared TFDS folder (``--data-dir`` or ``TFDS_DATA_DIR``); they are downloaded
only when asked to (``download=True``), because without network a TFDS
download retries for minutes before it fails.
"""

import socket
import threading
from dataclasses import dataclass

import keras
import tensorflow as tf

from models.arguments import check_positive_int

TFDS_DATASETS = ("cifar10", "fashion_mnist", "mnist")
DATASETS = ("digits",) + TFDS_DATASETS
# Validation is carved out of TFDS's train split; the test split stays untouched.
TFDS_SPLITS = {"train": "train[:90%]", "validation": "train[90%:]", "test": "test"}
# Where TFDS downloads from; only contacted when a download was asked for.
DOWNLOAD_HOST = ("storage.googleapis.com", 443)
NETWORK_TIMEOUT_S = 5


class DatasetUnavailable(Exception):
    """The dataset is not prepared on this machine and cannot be downloaded now."""


@dataclass
class Splits:
    """The three splits of a dataset as batched, prefetched ``tf.data`` pipelines."""

    name: str
    train: tf.data.Dataset
    validation: tf.data.Dataset
    test: tf.data.Dataset
    num_classes: int
    class_names: list


def check_dataset_name(name):
    """Returns ``name`` if it is a known dataset, else raises ValueError."""
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; available datasets: {', '.join(DATASETS)}")
    return name


def digits_arrays(seed=0):
    """scikit-learn's digits as float32 arrays in [0, 1] with a fixed split.

    The split is stratified (every class in the same proportion in each part):
    60% train, 20% validation, 20% test, always the same for the same ``seed``.

    Returns:
        A dict from split name to ``(images, labels)``, images of shape
        (n, 8, 8, 1) and labels int64 of shape (n,).
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    images = (digits.images / 16.0).astype("float32")[..., None]  # pixels are 0..16
    labels = digits.target.astype("int64")
    rest_x, test_x, rest_y, test_y = train_test_split(
        images, labels, test_size=0.2, stratify=labels, random_state=seed
    )
    train_x, val_x, train_y, val_y = train_test_split(
        rest_x, rest_y, test_size=0.25, stratify=rest_y, random_state=seed
    )
    return {"train": (train_x, train_y), "validation": (val_x, val_y), "test": (test_x, test_y)}


def fit_images(images, input_shape):
    """Resizes float images in [0, 1] to ``input_shape`` (height, width, channels).

    Height and width are resized bilinearly (8x8 digits and 28x28 MNIST both
    become 32x32). One channel becomes three by copying grey into R, G and B;
    three become one by the usual luminance weights.
    """
    height, width, channels = input_shape
    if images.shape[-3:-1] != (height, width):
        images = tf.image.resize(images, (height, width))
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
    different copy of each training image every epoch and memorises less."""
    return keras.Sequential(
        [
            keras.layers.RandomTranslation(0.1, 0.1, fill_mode="constant", seed=seed),
            keras.layers.RandomRotation(0.05, fill_mode="constant", seed=seed),
            keras.layers.RandomZoom(0.1, fill_mode="constant", seed=seed),
        ],
        name="augment",
    )


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
        name: one of ``DATASETS``.
        input_shape: the model's (height, width, channels).
        batch_size: images per batch.
        seed: seeds the shuffling of the training split.
        data_dir: a prepared TFDS folder (TFDS datasets only); None means
            ``TFDS_DATA_DIR`` or ``~/tensorflow_datasets``.
        download: whether a TFDS dataset missing from ``data_dir`` may be
            downloaded.

    Raises:
        ValueError: an unknown dataset or a bad batch size.
        DatasetUnavailable: a TFDS dataset that is not prepared and cannot be
            downloaded; the message says how to supply it.
    """
    check_dataset_name(name)
    check_positive_int("batch_size", batch_size)
    if name == "digits":
        arrays = digits_arrays()
        raw = {split: tf.data.Dataset.from_tensor_slices(xy) for split, xy in arrays.items()}
        num_classes, class_names = 10, [str(d) for d in range(10)]
    else:
        raw, info = _tfds_splits(name, data_dir, download)
        label = info.features["label"]
        num_classes, class_names = label.num_classes, list(label.names)
        raw = {split: ds.map(lambda x, y: (tf.cast(x, tf.float32) / 255.0, y)) for split, ds in raw.items()}
    return Splits(
        name=name,
        train=pipeline(raw["train"], input_shape, batch_size, shuffle_seed=seed),
        validation=pipeline(raw["validation"], input_shape, batch_size),
        test=pipeline(raw["test"], input_shape, batch_size),
        num_classes=num_classes,
        class_names=class_names,
    )


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

    try:
        return load_splits(download=False)
    except AssertionError:  # what TFDS raises when the data is not prepared
        pass
    where = data_dir or "TFDS_DATA_DIR or ~/tensorflow_datasets"
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
