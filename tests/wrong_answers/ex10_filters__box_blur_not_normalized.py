"""What differs: this is the first case seen with size above 1; the 1 case that passed so far had size 1

No named cause foresees this mistake: the line says what is true of the result."""

import numpy as np

from solutions.ex10_filters import blur_image, depthwise_conv2d, sobel_kernels  # noqa: F401  (checked too)


def box_blur_kernel(size):
    return np.ones((size, size))  # every tap 1: the weights don't add up to 1
