"""Solution to exercise 21: depthwise-separable convolution and its parameter count."""

from solutions.common import as_array, positive_ints, positive_pair
from solutions.ex10_filters import depthwise_conv2d


def separable_conv2d(x, depthwise_filters, pointwise_filters, strides=1, padding="VALID"):
    depthwise_filters = as_array(depthwise_filters, "depthwise_filters", 4)
    pointwise_filters = as_array(pointwise_filters, "pointwise_filters", 4)
    _, _, channels, multiplier = depthwise_filters.shape
    if pointwise_filters.shape[:3] != (1, 1, channels * multiplier):
        raise ValueError(
            f"pointwise_filters must be (1, 1, {channels * multiplier}, out_channels) for depthwise filters "
            f"{depthwise_filters.shape}, got {pointwise_filters.shape}"
        )
    sh, sw = positive_pair(strides, "strides")
    if sh != sw:
        raise ValueError(f"strides must be the same on both axes (as tf.nn.separable_conv2d requires), got {strides!r}")
    # Depthwise: each channel filtered on its own; pointwise: a 1x1 convolution, a matrix product per pixel.
    return depthwise_conv2d(x, depthwise_filters, sh, padding) @ pointwise_filters[0, 0]


def separable_params(kernel_size, in_channels, out_channels, depth_multiplier=1):
    kh, kw = positive_pair(kernel_size, "kernel_size")
    positive_ints(in_channels=in_channels, out_channels=out_channels, depth_multiplier=depth_multiplier)
    return kh * kw * in_channels * depth_multiplier + in_channels * depth_multiplier * out_channels
