"""Likely cause: the skip was added to the up-sampled tensor."""

from keras import layers

from solutions.ex27_unet import _two_convs, unet_down_block  # noqa: F401  (checked too)


def unet_up_block(x, skip, filters, name):
    up = layers.Conv2DTranspose(filters, 2, strides=2, padding="same", name=f"{name}_upconv")(x)
    return _two_convs(layers.Add(name=f"{name}_concat")([up, skip]), filters, name)
