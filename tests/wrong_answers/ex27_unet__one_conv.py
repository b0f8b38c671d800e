"""Likely cause: a block had one 3x3 convolution."""

from keras import layers


def unet_down_block(x, filters, name):
    skip = layers.Conv2D(filters, 3, padding="same", activation="relu", name=f"{name}_conv1")(x)
    return skip, layers.MaxPooling2D(2, name=f"{name}_pool")(skip)


def unet_up_block(x, skip, filters, name):
    up = layers.Conv2DTranspose(filters, 2, strides=2, padding="same", name=f"{name}_upconv")(x)
    x = layers.Concatenate(name=f"{name}_concat")([up, skip])
    return layers.Conv2D(filters, 3, padding="same", activation="relu", name=f"{name}_conv1")(x)
