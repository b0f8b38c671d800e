"""Likely cause: the stride was on the second convolution."""

from keras import layers

from solutions.ex22_residual import projection


def residual_block(x, filters, stride=1, name="res"):
    shortcut = projection(x, filters, stride, name) if stride != 1 or x.shape[-1] != filters else x
    x = layers.Conv2D(filters, 3, padding="same", use_bias=False, name=f"{name}_1_conv")(x)
    x = layers.BatchNormalization(name=f"{name}_1_bn")(x)
    x = layers.Activation("relu", name=f"{name}_1_relu")(x)
    x = layers.Conv2D(filters, 3, strides=stride, padding="same", use_bias=False, name=f"{name}_2_conv")(x)
    x = layers.Add(name=f"{name}_add")([shortcut, layers.BatchNormalization(name=f"{name}_2_bn")(x)])
    return layers.Activation("relu", name=f"{name}_out")(x)
