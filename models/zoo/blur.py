"""A fixed box blur per channel, the blur a course text gets wrong, done right."""

import keras
import numpy as np

from models.arguments import MAX_IMAGE_SIDE, check_kernel_fits, check_positive_int
from models.blocks import fixed_filter_block
from models.spec import ModelSpec


def box_kernel(size):
    """The size x size kernel of ones / size**2: each output pixel is the mean
    of the size x size window around it."""
    check_positive_int("kernel_size", size, MAX_IMAGE_SIDE)
    return np.ones((size, size), dtype="float32") / size**2


def blur(input_shape=(None, None, 3), kernel_size=5):
    """Builds a model that box-blurs each channel of an image.

    Reference:
        The course texts' "real example": blurring a photo with ``tf.nn.conv2d``.

    The model has one layer, ``blur``, holding a fixed (non-trainable) kernel of
    ones / kernel_size**2 that is slid over each channel on its own, with SAME
    padding, so an H x W x C image comes out H x W x C. Near the border the
    window reaches over the edge into SAME's zero padding, so the border comes
    out darker, exactly as with ``tf.nn.depthwise_conv2d``.

    What the course text's snippet does instead: it builds ``tf.ones([5, 5, 3, 3]) / 25``
    and calls ``tf.nn.conv2d``. A conv2d kernel has shape (height, width,
    in_channels, out_channels) and every output channel sums over *all* input
    channels, so each of the three output channels is
    ``(box(R) + box(G) + box(B))``: the three channels come out equal (grey) and
    about three times as bright (sums of three means), which saturates a uint8
    image. (As printed, the snippet does not even run: ``tf.nn.conv2d`` wants a
    float batch, not a uint8 H x W x 3 image, and ``encode_jpeg`` wants uint8
    back.) A per-channel blur needs ``tf.nn.depthwise_conv2d`` with a
    (5, 5, 3, 1) kernel, or a (5, 5, 3, 3) kernel that is zero off the channel
    diagonal. That is what this model does.

    Args:
        input_shape: (height, width, channels); height and width may be None
            so that one model blurs images of any size.
        kernel_size: the side of the square kernel, from 1 to 1024 (default 5).

    Returns:
        A functional ``keras.Model`` named ``blur``, without trainable weights.
    """
    kernel = box_kernel(kernel_size)
    if (
        not isinstance(input_shape, (tuple, list))
        or len(input_shape) != 3
        or not isinstance(input_shape[2], int)
        or input_shape[2] < 1
    ):
        raise ValueError(
            f"blur cannot take input shape {input_shape!r}: it needs (height, width, channels) "
            "with a known number of channels"
        )
    inputs = keras.Input(shape=tuple(input_shape), name="image")
    outputs = fixed_filter_block(inputs, kernel, name="blur")
    return keras.Model(inputs, outputs, name="blur")


def blur_array(image, size=5):
    """Blurs a uint8 H x W x C image with the ``blur`` model.

    Returns:
        The blurred image, uint8, same shape.

    Raises:
        ValueError: ``size`` is not a positive integer, or larger than the image.
    """
    check_positive_int("kernel_size", size)
    check_kernel_fits(size, *image.shape[:2])
    model = blur(input_shape=(None, None, image.shape[-1]), kernel_size=size)
    blurred = model(image[None].astype("float32"), training=False)[0]
    return np.clip(np.rint(np.asarray(blurred)), 0, 255).astype(np.uint8)


SPEC = ModelSpec(name="blur", builder=blur, kind="filter", input_shape=(None, None, 3))
