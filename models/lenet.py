"""LeNet-5, the network LeCun et al. trained on handwritten digits."""

import keras

from models.arguments import check_image_shape, check_positive_int
from models.blocks import classifier_head, conv_block


def lenet(input_shape=(32, 32, 1), num_classes=10):
    """Builds LeNet-5: two conv blocks and three dense layers.

    Reference:
        LeCun, Bottou, Bengio and Haffner, "Gradient-based learning applied to
        document recognition", Proc. IEEE 86(11), 1998.

    The layout is the paper's: 6 filters of 5x5, 2x2 pooling, 16 filters of 5x5,
    2x2 pooling, then dense layers of 120, 84 and ``num_classes`` units. We use
    ReLU and max pooling where the paper used scaled tanh and trainable
    subsampling, as most modern versions do. On a 32x32x1 input with 10
    classes it has **61,706 parameters**:

    =============  ==============  =============================
    layer          output          parameters
    =============  ==============  =============================
    block1_conv1   28 x 28 x 6     (5*5*1 + 1) * 6    =    156
    block1_pool    14 x 14 x 6     0
    block2_conv1   10 x 10 x 16    (5*5*6 + 1) * 16   =  2,416
    block2_pool    5 x 5 x 16      0
    flatten        400             0
    fc1            120             (400 + 1) * 120    = 48,120
    fc2            84              (120 + 1) * 84     = 10,164
    predictions    10              (84 + 1) * 10      =    850
    =============  ==============  =============================

    Args:
        input_shape: (height, width, channels); height and width at least 16,
            1 or 3 channels.
        num_classes: the number of classes, at least 1.

    Returns:
        A functional ``keras.Model`` named ``lenet``.
    """
    input_shape = check_image_shape("lenet", input_shape, min_size=16)
    check_positive_int("num_classes", num_classes)
    inputs = keras.Input(shape=input_shape, name="image")
    x = conv_block(inputs, 1, filters=6, kernel_size=5, padding="valid")
    x = conv_block(x, 2, filters=16, kernel_size=5, padding="valid")
    outputs = classifier_head(x, num_classes, units=(120, 84))
    return keras.Model(inputs, outputs, name="lenet")
