"""Likely cause: the momentum step went the wrong way, uphill."""

from solutions.ex19_optimizers import adam, rmsprop  # noqa: F401  (checked too)


def sgd_momentum(w, grad, velocity, learning_rate=0.01, momentum=0.9, nesterov=False):
    velocity = momentum * velocity - learning_rate * grad
    if nesterov:
        return w - (momentum * velocity - learning_rate * grad), velocity
    return w - velocity, velocity  # "subtract the step", but the velocity already points downhill
