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

import contextlib
import random
import time

import numpy as np

# An argument {RNG: seed} is handed to the student's function as np.random.default_rng(seed): a
# Generator can't travel as plain data, so the test sends its seed and the driver makes it here.
RNG = "__rng_from_seed__"


def dropout_forward(module, x, rate, training, seed):
    """Exercise 17: the student's ``dropout_forward(x, rate, training, np.random.default_rng(seed))``, and ``x``
    after the call (a Generator can't travel as plain data, so the rng is made here from its seed)."""
    return {"returned": module.dropout_forward(x, rate, training, np.random.default_rng(seed)), "x": x}


def _made(value):
    """A test's argument as the student's function gets it: {RNG: seed} becomes np.random.default_rng(seed)."""
    return np.random.default_rng(value[RNG]) if isinstance(value, dict) and set(value) == {RNG} else value


@contextlib.contextmanager
def _global_generators(seed):
    """NumPy's global generator (np.random.rand, np.random.shuffle...) and Python's ``random`` seeded to
    ``seed``. Yields a dict whose "used" says, once the block is over, whether the code in it drew from
    them (or seeded them again): their states then differ from what they were seeded to."""
    np.random.seed(seed)
    random.seed(seed)
    before, python_before, found = np.random.get_state(), random.getstate(), {}
    try:
        yield found
    finally:
        after = np.random.get_state()
        numpy_same = before[0] == after[0] and np.array_equal(before[1], after[1]) and before[2:] == after[2:]
        found["used"] = not numpy_same or random.getstate() != python_before


def seeded_call(module, function, args, kwargs, global_seed, then=None):
    """Exercises 17 and 23, whether a function draws from the generator or seed it is given and from
    nothing else: ``module.<function>(*args, **kwargs)``, each {RNG: seed} argument made a Generator,
    with the global generators seeded to ``global_seed`` first. Returns what it returned (with ``then``,
    what its method ``then()`` returns: a network's ``get_weights``), and whether it used the global
    generators."""
    args, kwargs = [_made(value) for value in args], {name: _made(value) for name, value in kwargs.items()}
    with _global_generators(global_seed) as generators:
        returned = getattr(module, function)(*args, **kwargs)
        if then is not None:
            returned = getattr(returned, then)()
    return {"returned": returned, "global": generators["used"]}


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


@contextlib.contextmanager
def _batches_recorded(module, seen):
    """Appends the (images, labels) of every ``train_step`` call on a network of the student's module to
    ``seen`` (the NumpyCNN classes the module has, and the classes they derive from); the outermost call
    only, when one train_step calls another."""
    classes = {cls for value in vars(module).values() if isinstance(value, type) for cls in value.__mro__}
    originals = {cls: vars(cls)["train_step"] for cls in classes if "train_step" in vars(cls)}
    depth = [0]

    def recording(original):
        def train_step(self, *args, **kwargs):
            if depth[0] == 0:  # the batch, given by position or by name
                images, labels = [*args[:2], *(kwargs.get(name) for name in ("images", "labels")[len(args[:2]) :])]
                seen.append({"images": np.array(images), "labels": np.array(labels)})
            depth[0] += 1
            try:
                return original(self, *args, **kwargs)
            finally:
                depth[0] -= 1

        return train_step

    for cls, original in originals.items():
        cls.train_step = recording(original)
    try:
        yield
    finally:
        for cls, original in originals.items():
            cls.train_step = original


def numpy_cnn_batches(module, epochs, seed, global_seed):
    """Exercise 23: ``train_numpy_cnn(epochs, seed)`` with the global generators seeded to ``global_seed``:
    the batches its train_step calls got, in order, the trained weights, and whether it used the
    global generators."""
    seen = []
    with _batches_recorded(module, seen), _global_generators(global_seed) as generators:
        network = module.train_numpy_cnn(epochs, seed)
    return {"returned": {"batches": seen, "weights": network.get_weights()}, "global": generators["used"]}


def numpy_cnn_trained(module, epochs, seed, images):
    """Exercise 23: ``train_numpy_cnn(epochs, seed)``: the seconds it took, and the trained network's
    logits on ``images``."""
    started = time.perf_counter()
    network = module.train_numpy_cnn(epochs, seed)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "logits": network.forward(images)}
