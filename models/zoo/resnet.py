"""The CIFAR ResNet of He et al.: 6n+2 layers of residual blocks, sized for 32x32 images."""

import keras

from models.arguments import check_image_shape, check_positive_int
from models.blocks import classifier_head, conv_bn_relu, zero_pad_residual_block
from models.spec import ModelSpec, Recipe

STAGE_FILTERS = (16, 32, 64)


def resnet(input_shape=(32, 32, 3), num_classes=10, depth=20):
    """Builds the CIFAR-10 ResNet with ``depth`` = 6n + 2 layers.

    Reference:
        He, Zhang, Ren and Sun, "Deep Residual Learning for Image
        Recognition", CVPR 2016, section 4.2.

    The layout is the paper's for CIFAR-10: a 3x3 convolution with 16 filters
    (``conv1``), then three stages of n basic residual blocks each
    (:func:`models.blocks.zero_pad_residual_block`), with 16, 32 and 64 filters on
    32x32, 16x16 and 8x8 feature maps; the first block of the second and third
    stages halves the maps. Global average pooling and a softmax layer end it.
    That is 6n + 2 weighted layers: ``depth=20`` is n = 3, ``depth=56`` n = 9.
    Stage s, block b is named ``conv{s+1}_block{b}`` as in keras's ``resnet.py``.

    Every convolution is followed by batch normalisation, with momentum 0.9
    instead of Keras's 0.99 (see ``models.blocks.BATCH_NORM_MOMENTUM``): an
    epoch of ``digits`` is only ~34 batches, and the moving statistics used at
    test time must keep up with weights that change quickly.

    On a 32x32x3 input with 10 classes, ``depth=20`` has **271,098 parameters**
    (0.27M, as in the paper; 1,376 of them are batch normalisation's moving
    means and variances, which are not trained):

    ===========  ============  ========================================  =======
    layers       output        parameters                                  total
    ===========  ============  ========================================  =======
    conv1        32 x 32 x 16  3*3*3*16 + 4*16                               496
    conv2        32 x 32 x 16  6 * (3*3*16*16 + 4*16)                     14,208
    conv3        16 x 16 x 32  3*3*16*32 + 5 * 3*3*32*32 + 6 * 4*32       51,456
    conv4        8 x 8 x 64    3*3*32*64 + 5 * 3*3*64*64 + 6 * 4*64      204,288
    avg_pool     64            0                                               0
    predictions  10            (64 + 1) * 10                                 650
    ===========  ============  ========================================  =======

    (conv2 to conv4 are three residual blocks of two 3x3 convolutions each; a
    convolution has 3*3*in*out weights and no bias, its batch normalisation 4
    numbers per channel.)

    On 32x32x1 the first convolution has 288 weights fewer: 270,810.

    Args:
        input_shape: (height, width, channels); height and width at least 8,
            1 or 3 channels.
        num_classes: the number of classes, at least 1.
        depth: the number of weighted layers, 6n + 2 for n >= 1: 8, 14, 20, 32, 44, 56...

    Returns:
        A functional ``keras.Model`` named ``resnet{depth}``.
    """
    input_shape = check_image_shape("resnet", input_shape, min_size=8)
    check_positive_int("num_classes", num_classes)
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 8 or (depth - 2) % 6:
        raise ValueError(f"depth must be 6n + 2 for some n >= 1 (8, 14, 20, 32...), got {depth!r}")
    blocks_per_stage = (depth - 2) // 6
    inputs = keras.Input(shape=input_shape, name="image")
    x = conv_bn_relu(inputs, STAGE_FILTERS[0], name="conv1")
    for stage, filters in enumerate(STAGE_FILTERS, start=2):
        for block in range(1, blocks_per_stage + 1):
            strides = 2 if block == 1 and stage > 2 else 1
            x = zero_pad_residual_block(x, filters, strides=strides, name=f"conv{stage}_block{block}")
    outputs = classifier_head(x, num_classes, pooling="avg")
    return keras.Model(inputs, outputs, name=f"resnet{depth}")


SPEC = ModelSpec(
    name="resnet",
    builder=resnet,
    kind="classifier",
    input_shape=(32, 32, 3),
    recipe=Recipe(epochs=15, batch_size=64, learning_rate=2e-3, schedule="cosine", label_smoothing=0.1),
    gradcam_layer="conv4_block3_out",
)
