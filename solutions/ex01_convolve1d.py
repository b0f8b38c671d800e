"""Solution to exercise 1: 1-D convolution."""

import numpy as np

MODES = ("full", "same", "valid")


def convolve1d(signal, kernel, mode="full"):
    signal = np.asarray(signal, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    for name, array in (("signal", signal), ("kernel", kernel)):
        if array.ndim != 1 or array.size == 0:
            raise ValueError(f"{name} must be a non-empty 1-D array, got shape {array.shape}")
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")

    flipped = kernel[::-1]
    padded = np.pad(signal, len(kernel) - 1)
    full = np.array([padded[n : n + len(kernel)] @ flipped for n in range(len(padded) - len(kernel) + 1)])

    if mode == "full":
        return full
    if mode == "same":
        length = max(len(signal), len(kernel))
        start = (len(full) - length) // 2
        return full[start : start + length]
    shortest = min(len(signal), len(kernel))
    return full[shortest - 1 : len(full) - shortest + 1]
