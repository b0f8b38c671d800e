"""Likely cause: the channels were padded too"""

import numpy as np


def zero_pad(x, pad):
    x = np.asarray(x, float)
    if isinstance(pad, int):
        return np.pad(x, [(0, 0)] + [(pad, pad)] * (x.ndim - 1))  # all but the batch
    return np.pad(x, ((0, 0), *pad, (0, 0)))
