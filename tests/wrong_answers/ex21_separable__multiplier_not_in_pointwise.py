"""Likely cause: the depth multiplier was left out of the pointwise count"""

from solutions.ex21_separable import separable_conv2d  # noqa: F401  (checked too)


def separable_params(kernel_size, in_channels, out_channels, depth_multiplier=1):
    kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
    return kh * kw * in_channels * depth_multiplier + in_channels * out_channels
