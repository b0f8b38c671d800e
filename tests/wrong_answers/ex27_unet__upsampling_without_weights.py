"""Likely cause: the up-sampling was a plain UpSampling2D, which has no weights"""

from keras import layers

from solutions.ex27_unet import _two_convs, unet_down_block  # noqa: F401  (checked too)


def unet_up_block(x, skip, filters, name):
    up = layers.UpSampling2D(2, name=f"{name}_upconv")(x)  # doubles the size, without learning anything
    return _two_convs(layers.Concatenate(name=f"{name}_concat")([up, skip]), filters, name)
