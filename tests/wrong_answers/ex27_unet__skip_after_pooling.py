"""Likely cause: the skip was taken after the pooling."""

from keras import layers

from solutions.ex27_unet import _two_convs, unet_up_block  # noqa: F401  (checked too)


def unet_down_block(x, filters, name):
    x = _two_convs(x, filters, name)
    down = layers.MaxPooling2D(2, name=f"{name}_pool")(x)
    skip = down  # what the block ends with
    return skip, down
