"""Exercise 21, depthwise-separable convolution: TensorFlow's and Keras's answers, and the known mistakes.

The answers come from ``tf.nn.separable_conv2d`` in float64 and a ``keras.layers.SeparableConv2D``'s
parameter count; the mistakes, from TensorFlow's convolutions run in the wrong order or shape.
"""

import keras
import numpy as np
import tensorflow as tf

from course.oracles.common import conv2d, depthwise_conv2d, pair


def separable_conv2d(x, depthwise_filters, pointwise_filters, strides=1, padding="VALID"):
    sh, sw = pair(strides)
    return tf.nn.separable_conv2d(
        tf.constant(x, tf.float64), tf.constant(depthwise_filters, tf.float64),
        tf.constant(pointwise_filters, tf.float64), [1, sh, sw, 1], padding,
    ).numpy()  # fmt: skip


def separable_params(kernel_size, in_channels, out_channels, depth_multiplier=1):
    layer = keras.layers.SeparableConv2D(out_channels, kernel_size, depth_multiplier=depth_multiplier, use_bias=False)
    layer.build((None, None, None, in_channels))
    return layer.count_params()


def separable_params_mistakes(kernel_size, in_channels, out_channels, depth_multiplier=1):
    """Keras's count of the layers a mistake would build: the depthwise step right, then a pointwise 1x1
    convolution that reads C channels, not C*M."""

    def pointwise_of_c_channels():
        depthwise = keras.layers.DepthwiseConv2D(kernel_size, depth_multiplier=depth_multiplier, use_bias=False)
        depthwise.build((None, None, None, in_channels))
        pointwise = keras.layers.Conv2D(out_channels, 1, use_bias=False)
        pointwise.build((None, None, None, in_channels))
        return depthwise.count_params() + pointwise.count_params()

    return [
        ("the depth multiplier was left out of the pointwise count: the 1x1 convolution reads C*M "
         "channels, so it has C*M*C_out weights.", pointwise_of_c_channels),
    ]  # fmt: skip


def separable_mistakes(x, depthwise_filters, pointwise_filters, strides, padding):
    kh, kw, channels, multiplier = depthwise_filters.shape
    out_channels = pointwise_filters.shape[3]

    def pointwise_first():
        if multiplier != 1 or out_channels != channels:
            return None  # the shapes would not even fit
        pointwise = conv2d(x, pointwise_filters)
        return depthwise_conv2d(pointwise, depthwise_filters, strides, padding)

    # Output channel c*M + m summing window x filter[:, :, c', m] over every input channel c'.
    summed = np.repeat(depthwise_filters[:, :, :, None, :], channels, axis=3).reshape(kh, kw, channels, -1)
    return [
        ("the pointwise (1x1) convolution came before the depthwise one. A separable convolution filters "
         "each channel on its own first, then mixes the channels with the 1x1 convolution.", pointwise_first),
        ("the depthwise step summed over the input channels, like a full convolution. Depthwise output "
         "channel c*M + m uses input channel c only: window[..., c] * depthwise_filters[:, :, c, m].",
         lambda: conv2d(conv2d(x, summed, strides, padding), pointwise_filters)),
    ]  # fmt: skip
