"""Likely cause: the kernel was not flipped"""

import numpy as np


def convolve1d(signal, kernel, mode="full"):
    signal, kernel = np.asarray(signal, float), np.asarray(kernel, float)
    padded = np.pad(signal, len(kernel) - 1)
    # The kernel slides as it is: a dot product with each window, no flip.
    full = np.array([padded[n : n + len(kernel)] @ kernel for n in range(len(padded) - len(kernel) + 1)])
    if mode == "full":
        return full
    length = max(len(signal), len(kernel)) if mode == "same" else abs(len(signal) - len(kernel)) + 1
    start = (len(full) - length) // 2
    return full[start : start + length]
