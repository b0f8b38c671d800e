"""Exercise 10, blur and edge filters: the known mistakes of a depthwise convolution.

The answers are :func:`course.oracles.common.depthwise_conv2d` and ``correlate2d``.
"""

from course.oracles.common import STRIDE_IGNORED, depthwise_conv2d


def depthwise_mistakes(x, filters, strides, padding):
    channels, multiplier = filters.shape[2:]

    def channel_major():
        out = depthwise_conv2d(x, filters, strides, padding)
        return out.reshape(*out.shape[:3], channels, multiplier).swapaxes(3, 4).reshape(out.shape)

    return [
        (STRIDE_IGNORED, lambda: depthwise_conv2d(x, filters, 1, padding)),
        ("the output channels were ordered m * C + c. tf.nn.depthwise_conv2d puts filter m of input "
         "channel c at c * M + m: all of channel 0's outputs first.", channel_major),
    ]  # fmt: skip
