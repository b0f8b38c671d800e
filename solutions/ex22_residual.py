"""Solution to exercise 22: a ResNet basic block in the Keras functional API."""

from keras import layers

from solutions.common import positive_ints


def residual_block(x, filters, stride=1, name="res"):
    positive_ints(filters=filters, stride=stride)
    # When the shapes differ, the shortcut is projected to the output's shape; else it is x itself.
    shortcut = projection(x, filters, stride, name) if stride != 1 or x.shape[-1] != filters else x
    x = layers.Add(name=f"{name}_add")([shortcut, main_path(x, filters, stride, name)])
    return layers.Activation("relu", name=f"{name}_out")(x)


def main_path(x, filters, stride, name):
    """conv 3x3 (stride) -> batch norm -> ReLU -> conv 3x3 -> batch norm."""
    # No biases: the batch normalisation right after each convolution subtracts them again (its beta is the bias).
    x = layers.Conv2D(filters, 3, strides=stride, padding="same", use_bias=False, name=f"{name}_1_conv")(x)
    x = layers.BatchNormalization(name=f"{name}_1_bn")(x)
    x = layers.Activation("relu", name=f"{name}_1_relu")(x)
    x = layers.Conv2D(filters, 3, padding="same", use_bias=False, name=f"{name}_2_conv")(x)
    return layers.BatchNormalization(name=f"{name}_2_bn")(x)


def projection(x, filters, stride, name):
    """The shortcut of a block that changes shape: conv 1x1 (stride) -> batch norm."""
    x = layers.Conv2D(filters, 1, strides=stride, use_bias=False, name=f"{name}_0_conv")(x)
    return layers.BatchNormalization(name=f"{name}_0_bn")(x)
