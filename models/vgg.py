"""A small VGG: stacks of 3x3 convolutions, sized for 32x32 images."""

import keras

from models.arguments import check_image_shape, check_positive_int
from models.blocks import classifier_head, conv_block

BLOCK_FILTERS = (32, 64, 128)


def vgg(input_shape=(32, 32, 3), num_classes=10, dropout=0.3):
    """Builds a small VGG for CIFAR-10-sized images.

    Reference:
        Simonyan and Zisserman, "Very Deep Convolutional Networks for
        Large-Scale Image Recognition", ICLR 2015.

    VGG's idea is that two 3x3 convolutions in a row see a 5x5 window with
    fewer weights than one 5x5 convolution. This version has three blocks of
    two 3x3 convolutions (32, 64 and 128 filters, SAME padding, ReLU), each
    block ending in 2x2 max pooling, so a 32x32 image becomes 4x4x128. The head
    averages each channel over the image (global average pooling), applies
    dropout and a softmax layer. On a 32x32x3 input with 10 classes it has
    288,298 parameters; on 32x32x1, 287,722. Like the original VGG it has no
    batch normalisation: with the ~34 batches an epoch of ``digits`` gives,
    its moving averages lag so far behind that validation accuracy stays
    near chance for many epochs.

    Args:
        input_shape: (height, width, channels); height and width at least 8,
            1 or 3 channels.
        num_classes: the number of classes, at least 1.
        dropout: the dropout rate before the softmax layer, in [0, 1).

    Returns:
        A functional ``keras.Model`` named ``vgg``.
    """
    input_shape = check_image_shape("vgg", input_shape, min_size=8)
    check_positive_int("num_classes", num_classes)
    if not 0 <= dropout < 1:
        raise ValueError(f"dropout must be in [0, 1), got {dropout!r}")
    inputs = keras.Input(shape=input_shape, name="image")
    x = inputs
    for block, filters in enumerate(BLOCK_FILTERS, start=1):
        x = conv_block(x, block, filters, num_convs=2)
    outputs = classifier_head(x, num_classes, pooling="avg", dropout=dropout)
    return keras.Model(inputs, outputs, name="vgg")
