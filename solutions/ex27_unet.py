"""Solution to exercise 27: a U-Net's down and up blocks in the Keras functional API."""

from keras import layers

from solutions.common import positive_ints


def _two_convs(x, filters, name):
    """conv 3x3 ReLU -> conv 3x3 ReLU, padding "same": {name}_conv1, {name}_conv2."""
    for i in (1, 2):
        x = layers.Conv2D(filters, 3, padding="same", activation="relu", name=f"{name}_conv{i}")(x)
    return x


def unet_down_block(x, filters, name):
    positive_ints(filters=filters)
    skip = _two_convs(x, filters, name)
    return skip, layers.MaxPooling2D(2, name=f"{name}_pool")(skip)


def unet_up_block(x, skip, filters, name):
    positive_ints(filters=filters)
    up = layers.Conv2DTranspose(filters, 2, strides=2, padding="same", name=f"{name}_upconv")(x)
    if tuple(up.shape[1:3]) != tuple(skip.shape[1:3]):  # an odd size was pooled on the way down (rounding down)
        raise ValueError(f"{name}: x {tuple(x.shape)} up-sampled is {tuple(up.shape)}, but the skip is "
                         f"{tuple(skip.shape)}: their heights and widths must match (input sizes divisible "
                         "by 2 once per down block)")  # fmt: skip
    return _two_convs(layers.Concatenate(name=f"{name}_concat")([up, skip]), filters, name)
