"""Exercise 21: depthwise-separable convolution, the block MobileNet is made of.

A standard convolution (exercise 5) does two jobs at once with one big
kernel: it finds spatial patterns and mixes the channels. A depthwise-separable
convolution does them one after the other, with far fewer weights:

1. **depthwise**: each input channel filtered on its own (exercise 10's
   ``depthwise_conv2d``), with ``depthwise_filters`` (KH, KW, C, M): M filters
   per channel, C*M channels out, output channel c*M + m from input channel c
   only. The strides and padding apply here.
2. **pointwise**: a 1x1 convolution with ``pointwise_filters``
   (1, 1, C*M, C_out) that mixes the channels at each pixel: per pixel, a
   (C*M,) vector times a (C*M, C_out) matrix.

``separable_conv2d(x, depthwise_filters, pointwise_filters, strides=1,
padding="VALID")`` does both, like ``tf.nn.separable_conv2d``; ``strides``
is an int or a pair of equal ints (TF's depthwise kernel needs the same
stride on both axes, so a pair such as (1, 2) is a ValueError).

**Parameters.** ``separable_params(kernel_size, in_channels, out_channels,
depth_multiplier=1)`` counts the weights (no biases):
KH*KW*C*M for the depthwise step plus C*M*C_out for the pointwise one.
A standard convolution has KH*KW*C*C_out. For a typical layer, 3x3 with 128
channels in and out: standard 3*3*128*128 = 147,456 weights; separable
3*3*128 + 128*128 = 1,152 + 16,384 = 17,536, **8.4 times fewer**. In
general the ratio is 1/C_out + 1/(KH*KW) (with M = 1): about 1/9 for 3x3
kernels, which is why MobileNet runs on phones.

Checked against: ``tf.nn.separable_conv2d`` in float64 (SAME and VALID,
strides, depth multipliers), and the ``count_params()`` of a Keras
``SeparableConv2D(use_bias=False)`` layer.
Bad input: ValueError for an x or filters that are not 4-D, pointwise
filters that are not (1, 1, C*M, C_out), unequal strides, and counts below 1.
"""


def separable_conv2d(x, depthwise_filters, pointwise_filters, strides=1, padding="VALID"):
    """Returns the depthwise convolution of x followed by the pointwise (1x1) one.

    Args:
        x (array): the batch, (N, H, W, C).
        depthwise_filters (array): (KH, KW, C, M).
        pointwise_filters (array): (1, 1, C*M, C_out).
        strides (int or pair of equal ints): S, or (S, S): TF's depthwise kernel moves the same on both axes.
        padding (str): "SAME" or "VALID".
    """
    raise NotImplementedError


def separable_params(kernel_size, in_channels, out_channels, depth_multiplier=1):
    """Returns the number of weights of a separable convolution without biases.

    Args:
        kernel_size (int or pair of ints): K, or (KH, KW).
        in_channels (int): C.
        out_channels (int): C_out.
        depth_multiplier (int): M.
    """
    raise NotImplementedError
