"""Likely cause: nesterov=True was ignored."""

from solutions.ex19_optimizers import adam, rmsprop  # noqa: F401  (checked too)


def sgd_momentum(w, grad, velocity, learning_rate=0.01, momentum=0.9, nesterov=False):
    velocity = momentum * velocity - learning_rate * grad
    return w + velocity, velocity  # the same step with or without nesterov
