"""MobileNet v1: depthwise-separable convolutions with a width multiplier, sized for 32x32 images."""

import keras

from models.arguments import check_image_shape, check_positive_int
from models.blocks import classifier_head, conv_bn_relu, separable_block
from models.spec import ModelSpec, Recipe

# (filters, strides) of the 13 separable blocks, as in the paper's Table 1.
BLOCKS = (
    (64, 1),
    (128, 2), (128, 1),
    (256, 2), (256, 1),
    (512, 2), (512, 1), (512, 1), (512, 1), (512, 1), (512, 1),
    (1024, 2), (1024, 1),
)  # fmt: skip


def mobilenet(input_shape=(32, 32, 3), num_classes=10, alpha=0.5, dropout=0.0):
    """Builds MobileNet v1 for 32x32 images, ``alpha`` times as wide as the paper's.

    Reference:
        Howard, Zhu, Chen, Kalenichenko, Wang, Weyand, Andreetto and Adam,
        "MobileNets: Efficient Convolutional Neural Networks for Mobile Vision
        Applications", arXiv:1704.04861, 2017.

    The layout is the paper's Table 1: a 3x3 convolution with 32 filters
    (``conv1``), then 13 depthwise-separable blocks
    (:func:`models.blocks.separable_block`, named ``block1`` to ``block13``)
    going from 64 to 1024 channels, four of them halving the feature maps,
    then global average pooling and a softmax layer. The paper's first
    convolution has stride 2 for 224x224 images; on 32x32 images that would
    leave 1x1 maps after the last stride, so here it has stride 1, and a 32x32
    image ends as 2x2 maps of 1024 * alpha channels.

    ``alpha``, the width multiplier, scales every layer's channels: 0.5 keeps
    half of them, about a quarter of the weights and of the multiplications.
    It is 0.5 here by default (``keras.applications`` has 1.0): small digits
    do not need the full width, and half of it trains in under a minute on
    two CPU cores.
    Batch normalisation uses momentum 0.9, so that its moving statistics keep
    up with the few (~34) batches of an epoch of ``digits``
    (see ``models.blocks.BATCH_NORM_MOMENTUM``).

    Parameters on a 32x32x3 input with 10 classes (each convolution is
    followed by batch normalisation: 4 numbers per channel, half of them
    moving statistics that are not trained):

    ===========  =======  =========  ===========
    layers       output   alpha = 1  alpha = 0.5
    ===========  =======  =========  ===========
    conv1        32 x 32        992          496
    block1-2     16 x 16     12,256        3,568
    block3-5     8 x 8      123,904       33,280
    block6-11    4 x 4    1,490,688      384,896
    block12-13   2 x 2    1,601,024      407,296
    predictions  10          10,250        5,130
    total                 3,239,114      834,666
    ===========  =======  =========  ===========

    A separable block from C to F channels has 3*3*C + 4*C + C*F + 4*F
    parameters, where a plain 3x3 convolution would need 3*3*C*F + 4*F.

    Args:
        input_shape: (height, width, channels); height and width at least 16,
            1 or 3 channels.
        num_classes: the number of classes, at least 1.
        alpha: the width multiplier, 1.0 for the paper's widths; each layer
            gets ``int(filters * alpha)`` channels, at least 1.
        dropout: the dropout rate before the softmax layer, in [0, 1).

    Returns:
        A functional ``keras.Model`` named ``mobilenet``.
    """
    input_shape = check_image_shape("mobilenet", input_shape, min_size=16)
    check_positive_int("num_classes", num_classes)
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not alpha > 0:
        raise ValueError(f"alpha must be a positive number, got {alpha!r}")
    if not 0 <= dropout < 1:
        raise ValueError(f"dropout must be in [0, 1), got {dropout!r}")

    def width(filters):
        return max(1, int(filters * alpha))

    inputs = keras.Input(shape=input_shape, name="image")
    x = conv_bn_relu(inputs, width(32), activation="relu6", name="conv1")
    for block, (filters, strides) in enumerate(BLOCKS, start=1):
        x = separable_block(x, width(filters), strides=strides, name=f"block{block}")
    outputs = classifier_head(x, num_classes, pooling="avg", dropout=dropout)
    return keras.Model(inputs, outputs, name="mobilenet")


SPEC = ModelSpec(
    name="mobilenet",
    builder=mobilenet,
    kind="classifier",
    input_shape=(32, 32, 3),
    recipe=Recipe(
        epochs=14, batch_size=64, learning_rate=2e-2, schedule="cosine", warmup_epochs=1, label_smoothing=0.1
    ),
    gradcam_layer="block13_pw_relu",
)
