"""Likely cause: the axes were flattened channels first"""

import numpy as np

from solutions.ex08_dense import conv2d_param_count, dense, dense_param_count  # noqa: F401  (checked too)


def flatten(x):
    x = np.asarray(x, float)
    if x.ndim == 4:
        x = x.transpose(0, 3, 1, 2)  # channels first, as in PyTorch
    return x.reshape(x.shape[0], -1)
