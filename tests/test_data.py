"""The data pipelines: digits offline, TFDS through mock_data, folders of your own images, clear errors."""

import numpy as np
import pytest
import tensorflow as tf
import tensorflow_datasets as tfds
from PIL import Image

from models.training import data


def first_batch(dataset):
    images, labels = next(iter(dataset))
    return images.numpy(), labels.numpy()


def test_digits_split_is_fixed_stratified_and_complete():
    arrays = data.digits_arrays()
    sizes = {split: len(labels) for split, (_, labels) in arrays.items()}
    assert sizes == {"train": 1077, "validation": 360, "test": 360}
    assert sum(sizes.values()) == 1797
    for _, labels in arrays.values():
        counts = np.bincount(labels, minlength=10)
        assert counts.min() >= 0.8 * counts.max()  # every digit about equally often
    again = data.digits_arrays()
    np.testing.assert_array_equal(again["test"][0], arrays["test"][0])


@pytest.mark.parametrize("shape", [(32, 32, 1), (32, 32, 3), (28, 28, 1)])
def test_digits_batches_are_fitted_to_the_model_input(shape):
    splits = data.load("digits", shape, batch_size=16)
    images, labels = first_batch(splits.test)
    assert images.shape == (16, *shape) and images.dtype == np.float32
    assert labels.dtype == np.int64 and set(labels) <= set(range(10))
    assert 0.0 <= images.min() and images.max() <= 1.0
    assert splits.num_classes == 10


def test_fit_images_converts_channels_both_ways():
    grey = tf.random.uniform((2, 28, 28, 1))
    colour = data.fit_images(grey, (32, 32, 3))
    assert colour.shape == (2, 32, 32, 3)
    np.testing.assert_allclose(colour[..., 0], colour[..., 2])
    back = data.fit_images(colour, (32, 32, 1))
    # rgb_to_grayscale weights sum to 0.9999, hence the tolerance.
    np.testing.assert_allclose(back, tf.image.resize(grey, (32, 32)), atol=2e-4)


@pytest.mark.parametrize(
    "name, shape", [("mnist", (32, 32, 1)), ("fashion_mnist", (32, 32, 3)), ("cifar10", (32, 32, 1))]
)
def test_tfds_datasets_load_through_tfds_and_are_fitted(tmp_path, name, shape):
    with tfds.testing.mock_data(num_examples=20, data_dir=str(tmp_path)):
        splits = data.load(name, shape, batch_size=8, data_dir=str(tmp_path))
        images, labels = first_batch(splits.train)
        test_images, _ = first_batch(splits.test)
    assert images.shape == (8, *shape) and test_images.shape == (8, *shape)
    assert 0.0 <= images.min() and images.max() <= 1.0
    assert splits.num_classes == 10 and len(splits.class_names) == 10


@pytest.fixture
def tfds_loads(monkeypatch):
    """The ``download`` argument of every ``tfds.load`` call, in order; the calls go through."""
    asked, load = [], tfds.load

    def spy(*args, **kwargs):
        asked.append(kwargs["download"])
        return load(*args, **kwargs)

    monkeypatch.setattr(tfds, "load", spy)
    return asked


def test_unprepared_tfds_dataset_fails_without_a_download_and_says_how_to_supply_it(tmp_path, tfds_loads):
    with pytest.raises(data.DatasetUnavailable) as error:
        data.load("mnist", (32, 32, 1), data_dir=str(tmp_path))
    # It looked for a prepared copy only: a TFDS download without network retries for minutes.
    assert tfds_loads == [False]
    message = str(error.value)
    assert "'mnist'" in message and str(tmp_path) in message
    assert "--data-dir" in message and "--download" in message


def test_download_without_network_fails_without_trying_it(tmp_path, monkeypatch, tfds_loads):
    import socket

    with socket.socket() as unused:  # a local port nobody listens on: refused at once
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    monkeypatch.setattr(data, "DOWNLOAD_HOST", ("127.0.0.1", port))
    with pytest.raises(data.DatasetUnavailable, match="cannot be downloaded"):
        data.load("cifar10", (32, 32, 3), data_dir=str(tmp_path), download=True)
    assert tfds_loads == [False]  # the host did not answer, so TFDS was not asked to download


def test_unknown_dataset_lists_the_known_ones():
    with pytest.raises(ValueError, match="unknown dataset 'svhn'; available: digits, cifar10, fashion_mnist, mnist"):
        data.load("svhn", (32, 32, 1))


def test_fit_images_resizes_like_tf_image_resize():
    image = np.random.default_rng(0).uniform(size=(1, 8, 8, 1)).astype("float32")
    np.testing.assert_allclose(data.fit_images(image, (32, 32, 1)), tf.image.resize(image, (32, 32)), atol=1e-6)


def split_labels(dataset):
    return np.concatenate([labels.numpy() for _, labels in dataset])


def test_a_folder_is_split_60_20_20_by_class_with_folder_names_as_classes(picture_folder):
    splits = data.load(str(picture_folder), (16, 16, 1), batch_size=8)
    assert splits.class_names == ["one", "two", "zero"] and splits.num_classes == 3
    counts = {split: np.bincount(split_labels(getattr(splits, split)), minlength=3)
              for split in ("train", "validation", "test")}  # fmt: skip
    per_class = np.array([30, 25, 30])  # one, two, zero
    np.testing.assert_array_equal(counts["train"] + counts["validation"] + counts["test"], per_class)
    for split, share in [("train", 0.6), ("validation", 0.2), ("test", 0.2)]:
        assert np.all(np.abs(counts[split] - share * per_class) <= 1), (split, counts[split])
    assert splits.train_size == counts["train"].sum()
    again = data.load(str(picture_folder), (16, 16, 1), batch_size=8, seed=3)
    first_test = np.concatenate([images.numpy() for images, _ in splits.test])
    np.testing.assert_array_equal(np.concatenate([images.numpy() for images, _ in again.test]), first_test)


def test_folder_images_are_the_files_scaled_to_0_1(picture_folder):
    splits = data.load(str(picture_folder), (16, 16, 1), batch_size=100)
    test_images = np.concatenate([images.numpy() for images, _ in splits.test])
    on_disk = np.stack([
        np.asarray(Image.open(path), dtype="float32")[..., None] / 255 for path in sorted(picture_folder.rglob("*.png"))
    ])  # fmt: skip
    # Every test image is one of the files, exactly.
    for image in test_images:
        assert np.abs(on_disk - image).max(axis=(1, 2, 3)).min() < 1e-6
    colour = data.load(str(picture_folder), (32, 32, 3), batch_size=4)
    assert next(iter(colour.train))[0].shape == (4, 32, 32, 3)
