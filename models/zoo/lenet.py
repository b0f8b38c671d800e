"""LeNet-5, the network LeCun et al. trained on handwritten digits."""

import keras

from models.arguments import check_image_shape, check_positive_int
from models.blocks import classifier_head, conv_block
from models.spec import ModelSpec, Recipe


def lenet(input_shape=(32, 32, 1), num_classes=10):
    """Builds LeNet-5: two conv blocks and three dense layers.

    Reference:
        LeCun, Bottou, Bengio and Haffner, "Gradient-based learning applied to
        document recognition", Proc. IEEE 86(11), 1998.

    The layer sizes are the paper's: 6 filters of 5x5, 2x2 pooling, 16 filters
    of 5x5, 2x2 pooling, then layers of 120, 84 and ``num_classes`` units. The
    wiring is simplified, as in most modern versions: every one of the 16
    second-layer filters reads all 6 maps (the paper's C3 table connected each
    to only 3 to 6 of them, 1,516 weights instead of 2,416), the output is a
    softmax dense layer (the paper's was a layer of Euclidean radial basis
    functions against fixed digit prototypes), and ReLU and max pooling stand
    in for scaled tanh and trainable subsampling. On a 32x32x1 input with 10
    classes it has **61,706 parameters**:

    ============  ============  ================  ======
    layer         output        parameters         total
    ============  ============  ================  ======
    block1_conv1  28 x 28 x 6   (5*5*1 + 1) * 6      156
    block1_pool   14 x 14 x 6                          0
    block2_conv1  10 x 10 x 16  (5*5*6 + 1) * 16   2,416
    block2_pool   5 x 5 x 16                           0
    flatten       400                                  0
    fc1           120           (400 + 1) * 120   48,120
    fc2           84            (120 + 1) * 84    10,164
    predictions   10            (84 + 1) * 10        850
    ============  ============  ================  ======

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
    x = conv_block(inputs, 6, kernel_size=5, padding="valid", name="block1")
    x = conv_block(x, 16, kernel_size=5, padding="valid", name="block2")
    outputs = classifier_head(x, num_classes, units=(120, 84))
    return keras.Model(inputs, outputs, name="lenet")


SPEC = ModelSpec(
    name="lenet",
    builder=lenet,
    kind="classifier",
    input_shape=(32, 32, 1),
    recipe=Recipe(epochs=40, batch_size=64, learning_rate=3e-3, schedule="cosine", label_smoothing=0.1),
    gradcam_layer="block2_conv1",
)
