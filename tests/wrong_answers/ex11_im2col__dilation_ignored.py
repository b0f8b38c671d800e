"""Likely cause: the kernel's dilation was ignored"""

import numpy as np

from solutions.ex11_im2col import im2col, windows  # noqa: F401  (im2col is checked too)


def conv2d_im2col(input, filters, strides=1, padding="VALID", dilations=1):
    kh, kw, _, c_out = filters.shape  # the taps side by side, whatever `dilations` says
    patches = windows(np.asarray(input, float), (kh, kw), strides, padding)  # (N, OH, OW, KH, KW, C)
    matrix = np.asarray(filters, float).reshape(-1, c_out)
    return (patches.reshape(-1, matrix.shape[0]) @ matrix).reshape(*patches.shape[:3], c_out)
