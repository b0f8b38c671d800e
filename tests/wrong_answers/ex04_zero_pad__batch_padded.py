"""Likely cause: the batch axis was padded too"""

import numpy as np


def zero_pad(x, pad):
    x = np.asarray(x, float)
    if isinstance(pad, int):
        return np.pad(x, [(pad, pad)] * (x.ndim - 1) + [(0, 0)])  # all but the channels
    return np.pad(x, ((0, 0), *pad, (0, 0)))
