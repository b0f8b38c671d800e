"""Exercise 19, SGD with momentum, RMSprop and Adam: Keras's steps, and the known mistakes.

The answers come from a Keras optimizer applied to a float64 ``keras.Variable``; the mistakes are
computed in NumPy from the wrong update.
"""

import keras
import numpy as np
import tensorflow as tf


def keras_steps(optimizer, w, gradients):
    """Applies ``optimizer`` to a float64 ``keras.Variable`` holding ``w``, one gradient at a time.

    Returns, for each step, the weights and the optimizer's own variables for ``w`` after it (SGD: the
    velocity; RMSprop: the mean square; Adam: m, then v), as NumPy arrays."""
    variable = keras.Variable(w, dtype="float64")
    optimizer.build([variable])
    own = [v for v in optimizer.variables if v.name not in ("iteration", "learning_rate")]
    states = []
    for gradient in gradients:
        optimizer.apply_gradients([(tf.constant(gradient, tf.float64), variable)])
        states.append([keras.ops.convert_to_numpy(v) for v in (variable, *own)])
    return states


WRONG_SIGN = (
    "the momentum step went the wrong way, uphill. Keras keeps velocity = momentum * velocity - "
    "learning_rate * grad and adds it: w + velocity."
)


def sgd_mistakes(w, grad, velocity, learning_rate, momentum, nesterov):
    """Mistakes as (explanation, compute) where compute() returns (new_w, new_velocity)."""
    right = momentum * velocity - learning_rate * grad
    uphill = momentum * velocity + learning_rate * grad
    torch_velocity = momentum * velocity + grad
    return [
        (WRONG_SIGN, lambda: (w + uphill, uphill)),
        (WRONG_SIGN, lambda: (w - right, right)),
        ("the velocity was kept as PyTorch keeps it, velocity = momentum * velocity + grad and "
         "w - learning_rate * velocity. Keras's velocity has the learning rate and the minus sign inside: "
         "momentum * velocity - learning_rate * grad.",
         lambda: (w - learning_rate * torch_velocity, torch_velocity)),
        ("nesterov=True was ignored. Nesterov's step looks ahead: w + momentum * new_velocity - "
         "learning_rate * grad.", lambda: (w + right, right) if nesterov else None),
    ]  # fmt: skip


def rmsprop_mistakes(w, grad, mean_square, learning_rate, rho, epsilon):
    new_mean_square = rho * mean_square + (1 - rho) * grad**2
    return [
        ("epsilon was added outside the square root. Keras's RMSprop adds it inside: "
         "w - learning_rate * grad / sqrt(mean_square + epsilon).",
         lambda: (w - learning_rate * grad / (np.sqrt(new_mean_square) + epsilon), new_mean_square)),
        ("the step used the mean square from before this step. Update the mean square first, then divide "
         "by its square root.",
         lambda: (w - learning_rate * grad / np.sqrt(mean_square + epsilon), new_mean_square)),
    ]  # fmt: skip


def adam_mistakes(w, grad, m, v, t, learning_rate, beta_1, beta_2, epsilon):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
    corrected = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)

    return [
        ("Adam's bias correction was left out. m and v start at 0, so early on they are too small: "
         "Keras multiplies the step by sqrt(1 - beta_2**t) / (1 - beta_1**t).",
         lambda: (w - learning_rate * m / (np.sqrt(v) + epsilon), m, v)),
        ("epsilon was added inside the square root. Keras's Adam adds it outside: sqrt(v) + epsilon.",
         lambda: (w - corrected * m / np.sqrt(v + epsilon), m, v)),
        ("epsilon was added to sqrt(v_hat), the bias-corrected v, as the Adam paper's algorithm does. Keras "
         "folds the correction into the step size and adds epsilon to sqrt(v) itself: "
         "w - lr * sqrt(1 - beta_2**t) / (1 - beta_1**t) * m / (sqrt(v) + epsilon).",
         lambda: (w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v)),
    ]  # fmt: skip


def state_mistakes(mistakes, index):
    """Picks part ``index`` of mistakes whose compute() returns a tuple of parts."""
    return [
        (explanation, lambda compute=compute: None if (value := compute()) is None else value[index])
        for explanation, compute in mistakes
    ]
