"""Solution to exercise 17: inverted dropout, forward and backward, as keras.layers.Dropout."""

import numpy as np


def _check_rate(rate):
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate < 1:
        raise ValueError(f"rate is the share of values dropped, from 0 up to (not including) 1, got {rate!r}")


def dropout_forward(x, rate, training, rng):
    x = np.asarray(x, dtype=np.float64)
    _check_rate(rate)
    if not training:
        return x.copy(), np.ones(x.shape, dtype=bool)
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a NumPy Generator (np.random.default_rng(seed)), got {rng!r}")
    keep = rng.random(x.shape) >= rate  # each value kept with probability 1 - rate
    return np.where(keep, x / (1 - rate), 0.0), keep


def dropout_backward(grad_out, mask, rate):
    grad_out, mask = np.asarray(grad_out, dtype=np.float64), np.asarray(mask)
    _check_rate(rate)
    if mask.shape != grad_out.shape:
        raise ValueError(f"mask has shape {mask.shape} but grad_out has {grad_out.shape}: they must match")
    return np.where(mask, grad_out / (1 - rate), 0.0)
