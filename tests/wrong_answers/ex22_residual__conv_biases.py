"""Likely cause: the convolutions have biases."""

from keras import layers


def residual_block(x, filters, stride=1, name="res"):
    shortcut = x
    if stride != 1 or x.shape[-1] != filters:
        shortcut = layers.Conv2D(filters, 1, strides=stride, name=f"{name}_0_conv")(x)  # use_bias left at True
        shortcut = layers.BatchNormalization(name=f"{name}_0_bn")(shortcut)
    x = layers.Conv2D(filters, 3, strides=stride, padding="same", name=f"{name}_1_conv")(x)
    x = layers.BatchNormalization(name=f"{name}_1_bn")(x)
    x = layers.Activation("relu", name=f"{name}_1_relu")(x)
    x = layers.Conv2D(filters, 3, padding="same", name=f"{name}_2_conv")(x)
    x = layers.Add(name=f"{name}_add")([shortcut, layers.BatchNormalization(name=f"{name}_2_bn")(x)])
    return layers.Activation("relu", name=f"{name}_out")(x)
