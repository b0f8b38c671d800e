"""What differs: every value of your result is the answer's times 4

No named cause foresees this mistake: the line says what is true of the result."""

import numpy as np

from solutions.common import positive_pair
from solutions.ex05_conv2d import explicit_padding, output_size


def avg_pool2d_backward(grad_out, x, ksize, strides, padding):
    x = np.asarray(x, dtype=np.float64)
    (kh, kw), (sh, sw) = positive_pair(ksize, "ksize"), positive_pair(strides, "strides")
    (top, bottom), (left, right) = explicit_padding(padding, x.shape[1], x.shape[2], (kh, kw), (sh, sw), (1, 1))
    height, width = x.shape[1] + top + bottom, x.shape[2] + left + right
    oh, ow = output_size(height, kh, sh, 1), output_size(width, kw, sw, 1)
    grad = np.zeros((x.shape[0], height, width, x.shape[3]))
    # Each window's gradient is copied to all of its pixels, not shared among them.
    for a in range(kh):
        for b in range(kw):
            grad[:, a : a + sh * (oh - 1) + 1 : sh, b : b + sw * (ow - 1) + 1 : sw, :] += grad_out
    return grad[:, top : top + x.shape[1], left : left + x.shape[2], :]
