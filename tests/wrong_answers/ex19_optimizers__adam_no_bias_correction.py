"""Likely cause: Adam's bias correction was left out."""

import numpy as np

from solutions.ex19_optimizers import rmsprop, sgd_momentum  # noqa: F401  (checked too)


def adam(w, grad, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    return w - learning_rate * m / (np.sqrt(v) + epsilon), m, v
