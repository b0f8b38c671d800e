"""What differs: only values at the edges are wrong (the first and last index along axes 1 and 2); the rest are right

No named cause foresees this mistake: the line says what is true of the result."""

import numpy as np

from solutions.ex05_conv2d import conv2d as solved
from solutions.ex05_conv2d import explicit_padding


def conv2d(input, filters, strides=1, padding="VALID", dilations=1):
    x, filters = np.asarray(input, dtype=np.float64), np.asarray(filters, dtype=np.float64)
    steps = (strides, strides) if np.ndim(strides) == 0 else strides
    rates = (dilations, dilations) if np.ndim(dilations) == 0 else dilations
    pads = explicit_padding(padding, x.shape[1], x.shape[2], filters.shape[:2], steps, rates)
    # SAME's pads repeat the edge pixels (np.pad's mode="edge"), where TensorFlow pads with zeros.
    x = np.pad(x, ((0, 0), *pads, (0, 0)), mode="edge")
    return solved(x, filters, strides, "VALID", dilations)
