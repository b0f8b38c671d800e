"""A small one-stage detector in the manner of CenterNet: every object is a peak on a heatmap."""

import keras
from keras import layers

from models.arguments import check_image_shape, check_positive_int
from models.blocks import unet_up_block
from models.spec import ModelSpec, Recipe
from models.zoo.unet import check_divisible, check_filters, unet_encoder

# The heatmaps' starting score, CenterNet's 0.1: sigmoid(bias) = 0.1 everywhere, so that the
# ~2,500 empty cells and classes of an image do not swamp the first steps with large losses.
PRIOR_SCORE = 0.1


def head(x, channels, width, activation=None, bias=0.0, *, name):
    """A 3x3 ReLU convolution of ``width`` filters, then a 1x1 one to ``channels``:
    ``{name}_conv``, then ``{name}``."""
    x = layers.Conv2D(width, 3, padding="same", activation="relu", name=f"{name}_conv")(x)
    return layers.Conv2D(
        channels, 1, activation=activation, bias_initializer=keras.initializers.Constant(bias), name=name
    )(x)


def detector(input_shape=(64, 64, 1), num_classes=10, filters=(24, 48, 96), head_filters=32):
    """Builds a CenterNet-style detector: heatmaps, sizes and offsets at a quarter of the image size.

    Reference:
        Zhou, Wang and Krähenbühl, "Objects as Points", arXiv:1904.07850, 2019.

    The body is the U-Net's (:func:`models.zoo.unet.unet_encoder`: a stride-2
    stem, down blocks, a bottleneck) with one up block, which brings the maps
    back to a quarter of the image's size (stride 4) with the skip of that
    size. Three heads read it, each a 3x3 convolution then a 1x1 one:

    - ``heatmap``: ``num_classes`` sigmoid scores per cell, how likely the
      cell holds the centre of an object of each class; its bias starts at
      ``log(0.1 / 0.9)``, a score of 0.1 everywhere;
    - ``size``: the object's width and height, in cells;
    - ``offset``: where in the cell the exact centre lies (x, y).

    They are concatenated into one output, ``detections``, of ``num_classes
    + 4`` channels, which :func:`models.training.detection.decode` turns into
    boxes and :class:`~models.training.detection.CenterNetLoss` trains.

    On a 64x64x1 input with 10 classes and the default filters it has
    **289,278 parameters**:

    ==========  ============  ===================================================  =======
    layers      output        parameters                                             total
    ==========  ============  ===================================================  =======
    stem_conv   32 x 32 x 24  (3*3*1 + 1) * 24                                         240
    down1       32 x 32 x 24  (3*3*24 + 1) * 24 * 2                                 10,416
    down2       16 x 16 x 48  (3*3*24 + 1) * 48 + (3*3*48 + 1) * 48                 31,200
    bottleneck  8 x 8 x 96    (3*3*48 + 1) * 96 + (3*3*96 + 1) * 96                124,608
    up2         16 x 16 x 48  (4*96 + 1) * 48 + (9*96 + 1) * 48 + (9*48 + 1) * 48   80,784
    heatmap     16 x 16 x 10  (3*3*48 + 1) * 32 + (32 + 1) * 10                     14,186
    size        16 x 16 x 2   (3*3*48 + 1) * 32 + (32 + 1) * 2                      13,922
    offset      16 x 16 x 2   (3*3*48 + 1) * 32 + (32 + 1) * 2                      13,922
    ==========  ============  ===================================================  =======

    Args:
        input_shape: (height, width, channels); height and width multiples of
            ``2 ** len(filters)`` (8 by default), 1 or 3 channels.
        num_classes: the classes of object (10 digits for ``digit_scenes``).
        filters: the filters of the stem and first down block, of each further
            down block, and of the bottleneck (see :func:`models.zoo.unet.unet`).
        head_filters: the filters of each head's 3x3 convolution.

    Returns:
        A functional ``keras.Model`` named ``detector``, from (height, width,
        channels) to (height / 4, width / 4, num_classes + 4).
    """
    filters = check_filters("detector", filters)
    factor = 2 ** len(filters)
    input_shape = check_image_shape("detector", input_shape, min_size=factor)
    check_divisible("detector", input_shape, factor)
    check_positive_int("num_classes", num_classes)
    check_positive_int("head_filters", head_filters)
    inputs = keras.Input(shape=input_shape, name="image")
    x, skips = unet_encoder(inputs, filters)
    # Skip k (from 1) is 2**k times smaller than the image: up to skip 2, a quarter of its size.
    for number in range(len(skips), 1, -1):
        x = unet_up_block(x, skips[number - 1], filters[number - 1], name=f"up{number}")
    prior = float(keras.ops.log(PRIOR_SCORE / (1 - PRIOR_SCORE)))
    outputs = layers.Concatenate(name="detections")([
        head(x, num_classes, head_filters, activation="sigmoid", bias=prior, name="heatmap"),
        head(x, 2, head_filters, name="size"),
        head(x, 2, head_filters, name="offset"),
    ])  # fmt: skip
    return keras.Model(inputs, outputs, name="detector")


SPEC = ModelSpec(
    name="detector",
    builder=detector,
    kind="detector",
    input_shape=(64, 64, 1),
    recipe=Recipe(epochs=6, batch_size=16, learning_rate=2e-3, schedule="cosine"),
)
