"""Likely cause: 'same' was centred on the wrong side"""

import math

from solutions.ex01_convolve1d import convolve1d as solved


def convolve1d(signal, kernel, mode="full"):
    if mode != "same":
        return solved(signal, kernel, mode)
    full = solved(signal, kernel, "full")
    length = max(len(signal), len(kernel))
    start = math.ceil((len(full) - length) / 2)  # rounds the odd extra value to the start
    return full[start : start + length]
