"""Likely cause: the bias was left out"""

import numpy as np

from solutions.ex08_dense import conv2d_param_count, dense_param_count, flatten  # noqa: F401  (checked too)


def dense(x, weights, bias):
    return np.asarray(x, float) @ np.asarray(weights, float)  # no + bias
