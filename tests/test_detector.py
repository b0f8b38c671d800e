"""The detector: layers and parameters by hand, the encoding and its decoder, the loss, mAP by pycocotools."""

import inspect

import keras
import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

import models
from models.training import detection, scenes
from models.training.detection import CenterNetLoss, decode, encode, map50
from models.training.tasks import TASKS
from tests.test_models import conv_params, layer_names, params_of, table_numbers
from tests.test_unet import up_params

GRID = (16, 16)


def detector_by_hand(channels=1, classes=10, filters=(24, 48, 96), head=32):
    f1, f2, f3 = filters
    body = (
        conv_params(3, channels, f1)
        + conv_params(3, f1, f1) + conv_params(3, f1, f1)
        + conv_params(3, f1, f2) + conv_params(3, f2, f2)
        + conv_params(3, f2, f3) + conv_params(3, f3, f3)
        + up_params(f3, f2, f2)
    )  # fmt: skip
    return body + sum(conv_params(3, f2, head) + conv_params(1, head, out) for out in (classes, 2, 2))


@pytest.mark.parametrize("channels", [1, 3])
def test_detector_layers_shapes_and_parameters_by_hand(channels):
    model = models.build("detector", input_shape=(64, 64, channels))
    assert model.name == "detector" and model.output_shape == (None, 16, 16, 14)
    assert model.count_params() == detector_by_hand(channels)
    assert layer_names(model)[-7:] == ["heatmap_conv", "size_conv", "offset_conv", "heatmap", "size", "offset",
                                       "detections"]  # fmt: skip
    x = np.random.default_rng(0).uniform(size=(2, 64, 64, channels)).astype("float32")
    heat = np.asarray(model(x))[..., :10]
    assert 0 < heat.min() and heat.max() < 1
    # The heatmap's bias starts every score near 0.1.
    assert float(keras.ops.sigmoid(model.get_layer("heatmap").bias[0])) == pytest.approx(0.1)


def test_the_docstring_table_and_total_match_keras():
    model = models.build("detector")
    builder = models.get_spec("detector").builder
    rows = ("stem_conv", "down1", "down2", "bottleneck", "up2", "heatmap", "size", "offset")
    for row in rows:
        assert table_numbers(builder, row)[-1] == params_of(model, row), row
    assert f"**{model.count_params():,} parameters**" in inspect.getdoc(builder)
    assert model.count_params() == detector_by_hand() == 289_278


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"input_shape": (64, 60, 1)}, "multiples of 8"),
        ({"head_filters": 0}, "head_filters must be a positive integer, got 0"),
        ({"filters": [8]}, "got [8]"),
    ],
)
def test_bad_arguments_echo_the_value(kwargs, fragment):
    with pytest.raises(ValueError) as error:
        models.build("detector", **kwargs)
    assert fragment in str(error.value)


def test_encode_puts_a_peak_of_1_at_the_centre_with_the_size_and_offset():
    target = encode(np.array([[10, 20, 26, 44]]), np.array([3]), GRID, 10)
    # The centre (18, 32) is cell (column 4, row 8), at (0.5, 0) within it; the box is 4 x 6 cells.
    assert target.shape == (16, 16, 14) and target[8, 4, 3] == 1.0
    np.testing.assert_allclose(target[8, 4, 10:], [4, 6, 0.5, 0])
    assert np.count_nonzero(target[..., 3] == 1) == 1 and target[..., :3].max() == 0
    assert 0 < target[8, 5, 3] < 1 and target[8, 5, 10:].max() == 0  # the bump, but no size beside the centre


def test_decoding_the_encoded_truth_gives_back_every_box():
    test = scenes.digit_scenes("test", count=200)
    targets = np.stack([encode(b, c, GRID, 10) for b, c in zip(test.boxes, test.classes, strict=True)])
    for (boxes, scores, classes), true_boxes, true_classes in zip(decode(targets, 10), test.boxes, test.classes,
                                                                   strict=True):  # fmt: skip
        order = np.lexsort((boxes[:, 1], boxes[:, 0], classes))
        true_order = np.lexsort((true_boxes[:, 1], true_boxes[:, 0], true_classes))
        np.testing.assert_allclose(boxes[order], true_boxes[true_order], atol=1e-4)
        np.testing.assert_array_equal(classes[order], true_classes[true_order])
        np.testing.assert_array_equal(scores, 1.0)


def test_decode_keeps_only_peaks_above_the_score_best_first():
    outputs = np.zeros((1, *GRID, 14), "float32")
    outputs[0, 2, 2, 1] = 0.9  # a peak
    outputs[0, 2, 3, 1] = 0.8  # its neighbour of the same class: not a peak
    outputs[0, 2, 3, 2] = 0.7  # the same cell, another class: a peak of its own
    outputs[0, 9, 9, 4] = 0.04  # below min_score
    boxes, scores, classes = decode(outputs, 10)[0]
    np.testing.assert_allclose(scores, [0.9, 0.7])
    np.testing.assert_array_equal(classes, [1, 2])
    assert boxes.shape == (2, 4)


def test_a_perfect_prediction_is_near_the_losss_minimum_and_others_cost_more():
    loss = CenterNetLoss(10)
    boxes, classes = np.array([[10, 20, 26, 44], [40, 4, 56, 20]], "float32"), np.array([3, 7])
    truth = encode(boxes, classes, GRID, 10)[None]
    perfect = float(loss(truth, truth))
    sharp = truth.copy()
    sharp[..., :10] = truth[..., :10] == 1  # 1 at the centres, 0 elsewhere: the very minimum
    assert float(loss(truth, sharp)) == pytest.approx(0, abs=1e-6)
    assert perfect < 0.1  # the Gaussian bumps around the centres cost a little
    shifted = encode(boxes + [8, 0, 8, 0], classes, GRID, 10)[None]  # two cells to the right
    assert float(loss(truth, shifted)) > 10 * perfect + 1
    wider = sharp.copy()
    wider[0, 8, 4, 10] += 2  # the first box predicted 2 cells too wide: 0.1 * 2 over 2 objects
    assert float(loss(truth, wider)) == pytest.approx(0.1 * 2 / 2, abs=1e-5)
    rng = np.random.default_rng(0)
    for _ in range(3):
        noisy = np.clip(truth + rng.normal(0, 0.05, truth.shape), 0, 1).astype("float32")
        assert float(loss(truth, noisy)) > perfect


def test_the_loss_keeps_its_arguments_in_its_config():
    loss = CenterNetLoss(num_classes=3, size_weight=0.2, offset_weight=0.5, alpha=1.5, beta=3.0)
    config = loss.get_config()
    for name in ("num_classes", "size_weight", "offset_weight", "alpha", "beta"):
        assert config[name] == getattr(loss, name)
    assert CenterNetLoss.from_config(config).get_config() == config
    assert keras.saving.get_registered_object("models>CenterNetLoss") is CenterNetLoss


def test_map50_by_pycocotools_on_hand_made_cases():
    truths = [(np.array([[0, 0, 10, 10], [20, 20, 30, 30]]), np.array([1, 2])),
              (np.array([[5, 5, 15, 25]]), np.array([1]))]  # fmt: skip
    perfect = [(boxes, np.full(len(boxes), 0.9), classes) for boxes, classes in truths]
    mean, per_class = map50(truths, perfect, 10)
    assert mean == pytest.approx(1.0) and per_class[1:3] == pytest.approx([1.0, 1.0])
    assert per_class[0] is None and per_class[3:] == [None] * 7
    # One of the two 1s is missed: precision 1 up to recall 0.5, then nothing. COCO's AP
    # averages the precision at recall 0, 0.01, ..., 1: 51 of those 101 points are 1.
    missed = [perfect[0], (np.zeros((0, 4)), np.zeros(0), np.zeros(0, int))]
    mean, per_class = map50(truths, missed, 10)
    assert per_class[1] == pytest.approx(51 / 101) and per_class[2] == pytest.approx(1.0)
    assert mean == pytest.approx((51 / 101 + 1) / 2)
    # A box with IoU 0.5 with its truth still counts; a false positive scored above the true one halves the AP.
    half = [(np.array([[0, 0, 10, 5], [20, 20, 30, 30]]), np.array([0.9, 0.9]), np.array([1, 2])), perfect[1]]
    assert map50(truths, half, 10)[1][1] == pytest.approx(1.0)
    wrong_first = [(np.array([[40, 40, 50, 50], [20, 20, 30, 30]]), np.array([0.9, 0.8]), np.array([2, 2])),
                   (np.zeros((0, 4)), np.zeros(0), np.zeros(0, int))]  # fmt: skip
    assert map50(truths, wrong_first, 10)[1][2] == pytest.approx(0.5)
    assert map50(truths, [(np.zeros((0, 4)), np.zeros(0), np.zeros(0, int))] * 2, 10) == (
        0.0, [None, 0.0, 0.0, *[None] * 7])  # fmt: skip


def test_map50_needs_the_detections_of_every_image():
    with pytest.raises(ValueError, match="2 images, 1 detections"):
        map50([(np.zeros((0, 4)), np.zeros(0))] * 2, [(np.zeros((0, 4)), np.zeros(0), np.zeros(0))], 10)


def test_grid_shape_needs_multiples_of_the_stride():
    assert detection.grid_shape((64, 96, 1)) == (16, 24)
    with pytest.raises(ValueError, match="multiples of 4, got 62x64"):
        detection.grid_shape((62, 64))


@pytest.mark.slow
def test_a_short_training_beats_chance():
    """Two epochs on 640 scenes: the heatmaps already score the digits' centre cells above the others
    (ROC AUC of each cell's best score above 0.9; chance is 0.5)."""
    keras.utils.set_random_seed(0)
    train, validation = scenes.digit_scenes("train", count=640), scenes.digit_scenes("validation", count=40)
    task = TASKS["detector"]
    model = models.build("detector")
    task.compile(model, models.get_spec("detector").recipe.for_epochs(2), steps_per_epoch=40, num_classes=10)
    model.fit(train.images, task.targets(train, (64, 64, 1)), batch_size=16, epochs=2, verbose=0)
    best_score = model.predict(validation.images, verbose=0)[..., :10].max(axis=-1)
    centres = task.targets(validation, (64, 64, 1))[..., :10].max(axis=-1) == 1
    assert roc_auc_score(centres.ravel(), best_score.ravel()) > 0.9
