"""What differs: every value of your result is the answer's times 16

No named cause foresees this mistake: the line says what is true of the result."""

import numpy as np

from solutions import ex23_numpy_cnn as solved
from solutions.ex23_numpy_cnn import NumpyCNN, train_numpy_cnn  # noqa: F401  (checked too)


def digits_splits(seed=0):
    # The pixels as load_digits gives them, 0 to 16: not scaled to [0, 1].
    return {name: (np.asarray(images) * 16.0, labels) for name, (images, labels) in solved.digits_splits(seed).items()}
