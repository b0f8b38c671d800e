"""Likely cause: the up-convolution had a 3x3 kernel."""

from keras import layers

from solutions.ex27_unet import _two_convs, unet_down_block  # noqa: F401  (checked too)


def unet_up_block(x, skip, filters, name):
    up = layers.Conv2DTranspose(filters, 3, strides=2, padding="same", name=f"{name}_upconv")(x)  # 3, like the convs
    return _two_convs(layers.Concatenate(name=f"{name}_concat")([up, skip]), filters, name)
