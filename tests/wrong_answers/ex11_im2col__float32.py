"""Likely cause: your result is float32, which keeps about 7 significant digits"""

import numpy as np

from solutions.ex11_im2col import conv2d_im2col as conv2d_im2col_of
from solutions.ex11_im2col import im2col  # noqa: F401  (checked too)


def conv2d_im2col(input, filters, strides=1, padding="VALID", dilations=1):
    # float32, as on a GPU: half the memory and twice as fast
    return conv2d_im2col_of(np.asarray(input, np.float32), np.asarray(filters, np.float32), strides, padding, dilations)
