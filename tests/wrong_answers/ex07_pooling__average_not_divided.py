"""What differs: every value of your result is the answer's times 4

No named cause foresees this mistake: the line says what is true of the result."""

import numpy as np

from solutions.ex07_pooling import _pool, max_pool2d  # noqa: F401  (checked too)


def avg_pool2d(input, ksize, strides, padding):
    # The sum of each window: the division by the number of pixels is missing.
    return _pool(input, ksize, strides, padding, np.nan, np.nansum)
