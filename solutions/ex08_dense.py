"""Solution to exercise 8: flatten, dense and parameter counts."""

import numpy as np

from solutions.common import positive_ints, positive_pair


def flatten(x):
    x = np.asarray(x, dtype=np.float64)
    if x.ndim < 2:
        raise ValueError(f"flatten needs a batch axis and at least one more, got shape {x.shape}")
    return x.reshape(x.shape[0], -1)


def dense(x, weights, bias):
    x, weights, bias = (np.asarray(a, dtype=np.float64) for a in (x, weights, bias))
    if x.ndim != 2 or weights.ndim != 2 or x.shape[1] != weights.shape[0] or bias.shape != (weights.shape[1],):
        raise ValueError(
            f"dense needs x (N, n_in), weights (n_in, n_out) and bias (n_out,), "
            f"got {x.shape}, {weights.shape} and {bias.shape}"
        )
    return x @ weights + bias


def dense_param_count(n_in, n_out, use_bias=True):
    positive_ints(n_in=n_in, n_out=n_out)
    return n_in * n_out + (n_out if use_bias else 0)


def conv2d_param_count(kernel_size, in_channels, out_channels, use_bias=True):
    kh, kw = positive_pair(kernel_size, "kernel_size")
    positive_ints(in_channels=in_channels, out_channels=out_channels)
    return kh * kw * in_channels * out_channels + (out_channels if use_bias else 0)
