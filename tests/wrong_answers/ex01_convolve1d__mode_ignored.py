"""What differs: the answer is a part of your result: your result[1:5] equals it

No named cause foresees this mistake: the line says what is true of the result."""

import numpy as np


def convolve1d(signal, kernel, mode="full"):
    # Every output value where the flipped kernel overlaps the signal at all: mode is read but not used.
    signal, flipped = np.asarray(signal, dtype=np.float64), np.asarray(kernel, dtype=np.float64)[::-1]
    padded = np.pad(signal, len(flipped) - 1)
    return np.array([padded[n : n + len(flipped)] @ flipped for n in range(len(padded) - len(flipped) + 1)])
