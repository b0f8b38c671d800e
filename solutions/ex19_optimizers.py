"""Solution to exercise 19: one step of SGD with momentum, RMSprop and Adam, as Keras takes it."""

import numpy as np


def _arrays(**values):
    """The values as float64 arrays, all of the first one's shape."""
    arrays = {name: np.asarray(value, dtype=np.float64) for name, value in values.items()}
    (first, shape), *rest = ((name, array.shape) for name, array in arrays.items())
    for name, array in arrays.items():
        if array.shape != shape:
            raise ValueError(f"{name} has shape {array.shape} but {first} has {shape}: they must match")
    return arrays.values()


def sgd_momentum(w, grad, velocity, learning_rate=0.01, momentum=0.9, nesterov=False):
    w, grad, velocity = _arrays(w=w, grad=grad, velocity=velocity)
    velocity = momentum * velocity - learning_rate * grad
    step = momentum * velocity - learning_rate * grad if nesterov else velocity
    return w + step, velocity


def rmsprop(w, grad, mean_square, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    w, grad, mean_square = _arrays(w=w, grad=grad, mean_square=mean_square)
    mean_square = rho * mean_square + (1 - rho) * grad**2
    return w - learning_rate * grad / np.sqrt(mean_square + epsilon), mean_square


def adam(w, grad, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    w, grad, m, v = _arrays(w=w, grad=grad, m=m, v=v)
    if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or t < 1:
        raise ValueError(f"t is the step number, counted from 1, got {t!r}")
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    # The bias correction folded into the step size, as Keras does (so epsilon meets sqrt(v), not sqrt(v_hat)).
    step_size = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
    return w - step_size * m / (np.sqrt(v) + epsilon), m, v
