"""Likely cause: (top, bottom) and (left, right) were swapped"""

import numpy as np


def zero_pad(x, pad):
    (top, bottom), (left, right) = ((pad, pad), (pad, pad)) if isinstance(pad, int) else pad
    # x, y order: the width's pair first
    return np.pad(np.asarray(x, float), ((0, 0), (left, right), (top, bottom), (0, 0)))
