"""``digit_scenes``: deterministic, boxes and masks that agree, whole digits, disjoint handwriting, its pipelines."""

import numpy as np
import pytest

from models.training import scenes
from models.training.sources import check_dataset_for, stratified_split

COUNT = 60


@pytest.fixture(scope="module")
def some():
    return scenes.digit_scenes("test", count=COUNT)


def test_the_same_seed_draws_the_same_scenes_and_another_seed_others():
    first = scenes.digit_scenes("validation", count=12)
    scenes.digit_scenes.cache_clear()
    again = scenes.digit_scenes("validation", count=12)
    assert again is not first
    np.testing.assert_array_equal(again.images, first.images)
    np.testing.assert_array_equal(again.masks, first.masks)
    for one, other in zip(first.boxes + first.classes, again.boxes + again.classes, strict=True):
        np.testing.assert_array_equal(one, other)
    assert not np.array_equal(scenes.digit_scenes("validation", seed=1, count=12).images, first.images)


def test_scenes_have_their_documented_shapes_and_ranges(some):
    assert some.images.shape == (COUNT, 64, 64, 1) and some.images.dtype == np.float32
    assert some.masks.shape == (COUNT, 64, 64) and some.masks.dtype == np.uint8
    assert 0 <= some.images.min() and some.images.max() <= 1
    assert set(np.unique(some.masks)) <= set(range(11))
    counts = [len(boxes) for boxes in some.boxes]
    assert min(counts) >= 1 and max(counts) <= scenes.MAX_DIGITS and np.mean(counts) > 2
    for boxes, classes in zip(some.boxes, some.classes, strict=True):
        assert boxes.shape == (len(classes), 4) and boxes.dtype == np.float32 and classes.dtype == np.int64


def test_each_box_is_the_tight_box_of_its_digits_mask_and_no_digit_is_cut_off(some):
    for image, mask, boxes, classes in zip(some.images, some.masks, some.boxes, some.classes, strict=True):
        covered = np.zeros(mask.shape, bool)
        for (x1, y1, x2, y2), digit in zip(boxes.astype(int), classes, strict=True):
            # Inside the canvas, so nothing of the digit is cut off by the edge...
            assert 0 <= x1 < x2 <= 64 and 0 <= y1 < y2 <= 64
            inside = mask[y1:y2, x1:x2] == digit + 1
            # ...and tight: the digit's mask touches all four sides of its box.
            assert inside[0].any() and inside[-1].any() and inside[:, 0].any() and inside[:, -1].any()
            assert not covered[y1:y2, x1:x2].any(), "two boxes overlap"
            covered[y1:y2, x1:x2] = True
            assert set(np.unique(mask[y1:y2, x1:x2])) <= {0, digit + 1}
        # Every mask pixel lies in a box: the boxes enclose all of it.
        assert not (mask[~covered] > 0).any()
        # A digit is brighter than the background where its mask is.
        assert image[mask > 0].mean() > image[mask == 0].mean() + 0.4


def test_digits_of_every_class_appear_about_equally_often():
    classes = np.concatenate(scenes.digit_scenes("test").classes)
    counts = np.bincount(classes, minlength=10)
    assert counts.min() >= 0.8 * counts.max()


def test_train_and_test_scenes_are_drawn_from_disjoint_handwritten_digits():
    labels = np.arange(1797) % 10  # the split only needs the stratification labels' count and classes
    indices = stratified_split(labels)
    assert not set(indices["train"]) & set(indices["test"])
    sources = scenes.source_digits()
    train = {image.tobytes() for image in sources["train"][0]}
    assert sum(image.tobytes() in train for image in sources["test"][0]) <= 2  # the data has a few duplicates


def test_scenes_can_be_drawn_at_another_size():
    wide = scenes.digit_scenes("test", size=(48, 96), count=5)
    assert wide.images.shape == (5, 48, 96, 1) and wide.masks.shape == (5, 48, 96)
    assert all(((boxes[:, 2] <= 96) & (boxes[:, 3] <= 48)).all() for boxes in wide.boxes)


@pytest.mark.parametrize(
    "arguments, fragment",
    [
        ({"split": "dev"}, "split must be one of train, validation, test, got 'dev'"),
        ({"split": "test", "size": (16, 16)}, "got (16, 16)"),
        ({"split": "test", "count": 0}, "count must be a positive integer, got 0"),
        ({"split": "test", "seed": -1}, "got -1"),
    ],
)
def test_bad_arguments_say_what_they_got(arguments, fragment):
    with pytest.raises(ValueError) as error:
        scenes.digit_scenes(**arguments)
    assert fragment in str(error.value)


def test_only_segmenters_and_detectors_learn_from_scenes():
    assert check_dataset_for("segmenter", "digit_scenes") == "digit_scenes"
    with pytest.raises(
        ValueError, match="a detector learns from digit_scenes, which have masks and boxes; got 'digits'"
    ):
        check_dataset_for("detector", "digits")
    with pytest.raises(ValueError, match="digit_scenes has no single class per image for a classifier"):
        check_dataset_for("classifier", "digit_scenes")


@pytest.mark.parametrize("kind, channels", [("segmenter", 1), ("detector", 3)])
def test_the_pipelines_batch_images_with_their_masks_or_encoded_boxes(kind, channels):
    from models.training.tasks import TASKS

    splits = TASKS[kind].load("digit_scenes", (64, 64, channels), batch_size=8)
    images, targets = (part.numpy() for part in next(iter(splits.test)))
    assert images.shape == (8, 64, 64, channels)
    test = scenes.digit_scenes("test")
    np.testing.assert_allclose(images[..., -1], test.images[:8, ..., 0], atol=1e-6)
    if kind == "segmenter":
        np.testing.assert_array_equal(targets, test.masks[:8])
        assert splits.class_names == ["background", *map(str, range(10))]
    else:
        assert targets.shape == (8, 16, 16, 14)
        assert splits.class_names == [str(digit) for digit in range(10)]
    assert splits.train_size == scenes.SCENE_COUNTS["train"]
