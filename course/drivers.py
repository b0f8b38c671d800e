"""The checks' hands inside a NumPy exercise's process, for what can't be sent as plain data.

A few NumPy exercises are checked through an object or a generator that can't
leave the process it lives in (a ``NumpyCNN`` that trains, an ``rng``). The
tests call these functions there (``load(...).drive(name, ...)``), next to the
student's module. Each one runs what the student wrote on inputs the test
chose and returns plain data; the test judges it, in its own process. So these
drivers only gather answers; they never judge one.

This is the only project file the worker loads into a NumPy exercise's
process, where every framework is refused (``course.worker.NoFrameworks``): it
imports NumPy and the standard library only, never TensorFlow, Keras, PyTorch,
JAX or the zoo. ``pyproject.toml``'s import contracts keep it so. The Keras
exercises' drivers are in ``course/keras_drivers.py``.

Each driver takes the student's module first, then the test's arguments.
"""

import time

import numpy as np


def dropout_forward(module, x, rate, training, seed):
    """Exercise 17: the student's ``dropout_forward(x, rate, training, np.random.default_rng(seed))``, and ``x``
    after the call (a Generator can't travel as plain data, so the rng is made here from its seed)."""
    return {"returned": module.dropout_forward(x, rate, training, np.random.default_rng(seed)), "x": x}


def numpy_cnn_steps(module, kwargs, weights, images, labels, steps):
    """Exercise 23: the student's ``NumpyCNN(**kwargs)`` given ``weights``: its logits on ``images``, then
    the loss and the weights after each of ``steps`` calls of ``train_step(images, labels)``."""
    network = module.NumpyCNN(**kwargs)
    network.set_weights(weights)
    logits = network.forward(images)
    results = []
    for _ in range(steps):
        loss = network.train_step(images, labels)
        results.append({"loss": loss, "weights": network.get_weights()})
    return {"logits": logits, "steps": results}


def numpy_cnn_trained(module, epochs, seed, images):
    """Exercise 23: ``train_numpy_cnn(epochs, seed)``: the seconds it took, and the trained network's
    logits on ``images``."""
    started = time.perf_counter()
    network = module.train_numpy_cnn(epochs, seed)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "logits": network.forward(images)}
