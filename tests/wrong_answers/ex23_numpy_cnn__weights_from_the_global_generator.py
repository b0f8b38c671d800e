"""NumpyCNN drew random numbers from NumPy's global generator"""

import numpy as np

from solutions import ex23_numpy_cnn as solved
from solutions.ex23_numpy_cnn import digits_splits, train_numpy_cnn  # noqa: F401  (checked too)


class NumpyCNN(solved.NumpyCNN):
    def __init__(self, input_shape=(8, 8, 1), filters=(8, 16), num_classes=10, optimizer="adam",
                 learning_rate=0.02, seed=0):  # fmt: skip
        super().__init__(input_shape, filters, num_classes, optimizer, learning_rate, seed)
        # He's normal drawn again, from the global generator instead of np.random.default_rng(seed)
        self.weights = [np.random.randn(*w.shape) * np.sqrt(2 / np.prod(w.shape[:-1])) if w.ndim > 1 else w
                        for w in self.weights]  # fmt: skip
