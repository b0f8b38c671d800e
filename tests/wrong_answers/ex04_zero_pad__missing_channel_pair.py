"""Likely cause: np.pad got fewer (before, after) pairs than the input has axes"""

import numpy as np


def zero_pad(x, pad):
    (top, bottom), (left, right) = ((pad, pad), (pad, pad)) if isinstance(pad, int) else pad
    return np.pad(np.asarray(x, float), ((0, 0), (top, bottom), (left, right)))  # no pair for the channels
