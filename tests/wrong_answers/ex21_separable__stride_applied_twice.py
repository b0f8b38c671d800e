"""What differs: your result is a part of the answer: it equals the answer[:, ::2, ::2, :]

No named cause foresees this mistake: the line says what is true of the result."""

from solutions.ex05_conv2d import conv2d
from solutions.ex10_filters import depthwise_conv2d
from solutions.ex21_separable import separable_params  # noqa: F401  (checked too)


def separable_conv2d(x, depthwise_filters, pointwise_filters, strides=1, padding="VALID"):
    # The stride given to both convolutions: the pointwise one strides again over the strided output.
    return conv2d(depthwise_conv2d(x, depthwise_filters, strides, padding), pointwise_filters, strides, padding)
