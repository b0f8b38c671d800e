"""Likely cause: the output was scaled at inference."""

import numpy as np

from solutions.ex17_dropout import dropout_backward  # noqa: F401  (checked too)


def dropout_forward(x, rate, training, rng):
    if not training:  # "the kept share at test time", as older dropout did it
        return x * (1 - rate), np.ones(x.shape, dtype=bool)
    mask = rng.random(x.shape) >= rate
    return np.where(mask, x / (1 - rate), 0.0), mask
