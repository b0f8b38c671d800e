"""The U-Net: its blocks as UNET_BLOCKS.md says, its layers and parameters by hand, its loss, a short training."""

import inspect

import keras
import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

import models
from models import blocks
from models.training import scenes
from models.training.segmentation import DiceCrossEntropy, iou_per_class, mean_iou
from models.training.tasks import TASKS
from tests.test_models import conv_params, layer_names, params_of, table_numbers


def transposed_params(k, c_in, c_out):
    return (k * k * c_in + 1) * c_out


def up_params(c_in, c_skip, c_out):
    return transposed_params(2, c_in, c_out) + conv_params(3, c_out + c_skip, c_out) + conv_params(3, c_out, c_out)


def unet_by_hand(channels=1, classes=11, filters=(24, 48, 96)):
    f1, f2, f3 = filters
    return (
        conv_params(3, channels, f1)  # the stride-2 stem
        + conv_params(3, f1, f1) + conv_params(3, f1, f1)  # down1
        + conv_params(3, f1, f2) + conv_params(3, f2, f2)  # down2
        + conv_params(3, f2, f3) + conv_params(3, f3, f3)  # bottleneck
        + up_params(f3, f2, f2) + up_params(f2, f1, f1)
        + conv_params(1, f1, classes)  # the logits, up-sampled without weights
        + conv_params(3, classes + channels, classes)  # the refinement, over the scores and the image
    )  # fmt: skip


def test_the_down_block_is_two_relu_convolutions_kept_as_the_skip_then_pooling():
    inputs = keras.Input((16, 12, 3))
    skip, down = blocks.unet_down_block(inputs, 5, "d")
    model = keras.Model(inputs, [skip, down])
    assert layer_names(model)[1:] == ["d_conv1", "d_conv2", "d_pool"]
    assert tuple(skip.shape[1:]) == (16, 12, 5) and tuple(down.shape[1:]) == (8, 6, 5)
    for name in ("d_conv1", "d_conv2"):
        layer = model.get_layer(name)
        assert (layer.kernel_size, layer.padding, layer.activation.__name__) == ((3, 3), "same", "relu")
    x = np.random.default_rng(0).normal(size=(2, 16, 12, 3)).astype("float32")
    got_skip, got_down = model(x)
    expected = model.get_layer("d_conv2")(model.get_layer("d_conv1")(x))
    np.testing.assert_allclose(got_skip, expected, rtol=1e-6)
    np.testing.assert_allclose(got_down, keras.ops.max_pool(expected, 2, 2), rtol=1e-6)


def test_the_up_block_upsamples_concatenates_the_skip_then_convolves():
    low, skip = keras.Input((4, 3, 6), name="low"), keras.Input((8, 6, 2), name="skip")
    model = keras.Model([low, skip], blocks.unet_up_block(low, skip, 5, "u"))
    assert [name for name in layer_names(model) if name.startswith("u_")] == ["u_upconv", "u_concat", "u_conv1",
                                                                               "u_conv2"]  # fmt: skip
    upconv = model.get_layer("u_upconv")
    assert (
        isinstance(upconv, keras.layers.Conv2DTranspose) and upconv.strides == (2, 2) and upconv.kernel_size == (2, 2)
    )
    assert model.get_layer("u_concat").output.shape[1:] == (8, 6, 7)  # the up-sampled 5 channels, then the skip's 2
    assert model.output.shape[1:] == (8, 6, 5)
    assert model.count_params() == up_params(6, 2, 5)


def test_the_up_block_names_both_shapes_when_the_sizes_differ():
    with pytest.raises(ValueError) as error:
        blocks.unet_up_block(keras.Input((3, 3, 4)), keras.Input((7, 7, 2)), 4, "up1")
    assert "(None, 6, 6, 4)" in str(error.value) and "(None, 7, 7, 2)" in str(error.value)


@pytest.mark.parametrize("channels", [1, 3])
def test_unet_layers_shapes_and_parameters_by_hand(channels):
    model = models.build("unet", input_shape=(64, 64, channels))
    assert model.name == "unet" and model.output_shape == (None, 64, 64, 11)
    assert model.count_params() == unet_by_hand(channels)
    shapes = {
        name: model.get_layer(name).output.shape[1:]
        for name in ("stem_conv", "down1_conv2", "down2_pool", "bottleneck_conv2", "up2_conv2", "up1_conv2", "logits")
    }
    assert shapes == {"stem_conv": (32, 32, 24), "down1_conv2": (32, 32, 24), "down2_pool": (8, 8, 48),
                      "bottleneck_conv2": (8, 8, 96), "up2_conv2": (16, 16, 48), "up1_conv2": (32, 32, 24),
                      "logits": (32, 32, 11)}  # fmt: skip
    assert model.get_layer("upsample").interpolation == "bilinear"
    assert model.get_layer("with_image").output.shape[1:] == (64, 64, 11 + channels)
    assert model.get_layer("refine").output.shape[1:] == (64, 64, 11)
    # Softmax over the classes, at every pixel.
    x = np.random.default_rng(0).uniform(size=(2, 64, 64, channels)).astype("float32")
    np.testing.assert_allclose(np.asarray(model(x)).sum(axis=-1), 1.0, rtol=1e-5)


def test_the_docstring_table_and_total_match_keras():
    model = models.build("unet")
    builder = models.get_spec("unet").builder
    rows = ("stem_conv", "down1", "down2", "bottleneck", "up2", "up1", "logits", "upsample", "with_image", "refine")
    for row in rows:
        assert table_numbers(builder, row)[-1] == params_of(model, row), row
    assert f"**{model.count_params():,} parameters**" in inspect.getdoc(builder)
    assert model.count_params() == unet_by_hand() == 268_954


def test_other_filters_and_sizes():
    model = models.build("unet", input_shape=(32, 48, 3), num_classes=4, filters=(8, 16, 32, 64))
    assert model.output_shape == (None, 32, 48, 4)
    assert model.get_layer("bottleneck_conv2").output.shape[1:] == (2, 3, 64)


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"input_shape": (60, 64, 1)}, "multiples of 8"),
        ({"input_shape": (64, 64, 1), "filters": (8, 16, 32, 64, 128, 256, 512)}, "(64, 64, 1)"),
        ({"filters": (16,)}, "got (16,)"),
        ({"filters": (16, 0)}, "got (16, 0)"),
        ({"num_classes": 0}, "got 0"),
    ],
)
def test_bad_arguments_echo_the_value(kwargs, fragment):
    with pytest.raises(ValueError) as error:
        models.build("unet", **kwargs)
    assert fragment in str(error.value)


def one_hot_probabilities(masks, classes=11, sure=0.999):
    """Probabilities that give each pixel its class with ``sure`` and share the rest."""
    rest = (1 - sure) / (classes - 1)
    return np.where(np.eye(classes, dtype=bool)[masks], sure, rest).astype("float32")


def test_the_loss_is_near_zero_for_the_true_mask_and_larger_for_a_shifted_one():
    loss = TASKS["segmenter"].loss(None, 11)
    masks = scenes.digit_scenes("test", count=4).masks
    perfect = float(loss(masks, one_hot_probabilities(masks)))
    assert perfect < 0.01
    shifted = float(loss(masks, one_hot_probabilities(np.roll(masks, 2, axis=2))))
    assert shifted > 50 * perfect
    uniform = np.full((*masks.shape, 11), 1 / 11, "float32")
    assert float(DiceCrossEntropy(11, dice_weight=0)(masks, uniform)) == pytest.approx(np.log(11), rel=1e-4)


def test_the_dice_term_on_a_hand_made_case():
    """Two background pixels, two of digit 3 (class 4); every pixel said background with 0.9, each other class 0.01."""
    mask = np.array([[[0, 0], [4, 4]]])
    said = np.full((1, 2, 2, 11), 0.01, "float32")
    said[..., 0] = 0.9
    cross_entropy = (2 * -np.log(0.9) + 2 * -np.log(0.01)) / 4
    # dice = (2 * overlap + 1) / (true pixels + predicted mass + 1), averaged over the two classes present.
    background = (2 * (2 * 0.9) + 1) / (2 + 4 * 0.9 + 1)
    digit = (2 * (2 * 0.01) + 1) / (2 + 4 * 0.01 + 1)
    expected = cross_entropy + 1 - (background + digit) / 2
    assert float(DiceCrossEntropy(11)(mask, said)) == pytest.approx(expected, rel=1e-5)


def test_the_loss_keeps_its_arguments_in_its_config():
    loss = DiceCrossEntropy(num_classes=5, dice_weight=0.5, smooth=2.0)
    config = loss.get_config()
    assert [config[name] for name in ("num_classes", "dice_weight", "smooth")] == [5, 0.5, 2.0]
    assert DiceCrossEntropy.from_config(config).get_config() == config


def test_iou_per_class_from_a_confusion_matrix():
    confusion = [[12, 1, 0], [0, 3, 0], [0, 0, 0]]  # rows: truth; a missed pixel of class 1; no class 2
    assert iou_per_class(confusion) == [12 / 13, 3 / 4, None]


def test_mean_iou_counts_the_background_as_a_class():
    mask = np.zeros((1, 4, 4), "uint8")
    mask[0, :2, :2] = 4  # four pixels of digit 3
    said = mask.copy()
    said[0, 0, 0] = 0  # one of them missed
    metric = mean_iou(11)
    metric.update_state(mask, one_hot_probabilities(said))
    # digit 3: 3 right of 4 said or true; background: 12 right of 13; the 9 absent classes are left out.
    assert float(metric.result()) == pytest.approx((3 / 4 + 12 / 13) / 2)


@pytest.mark.slow
def test_a_short_training_finds_the_digits():
    """Two epochs on 640 scenes (80 steps; slow: 15-40 s): the probability it gives a pixel of being a digit
    already tells digit pixels from background ones (ROC AUC above 0.9; chance is 0.5)."""
    keras.utils.set_random_seed(0)
    train, validation = scenes.digit_scenes("train", count=640), scenes.digit_scenes("validation", count=40)
    model = models.build("unet")
    TASKS["segmenter"].compile(model, models.get_spec("unet").recipe.for_epochs(2), steps_per_epoch=40,
                               num_classes=11)  # fmt: skip
    model.fit(train.images, train.masks, batch_size=16, epochs=2, verbose=0)
    digit = 1 - model.predict(validation.images, verbose=0)[..., 0]
    assert roc_auc_score(validation.masks.ravel() > 0, digit.ravel()) > 0.9
