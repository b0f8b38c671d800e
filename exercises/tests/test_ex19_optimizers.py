import keras
import numpy as np
import pytest

from course.harness import compare, describe, load, not_an_array, parts, rejects
from course.oracles import ex19_optimizers as oracle

exercise = load("ex19_optimizers")
STEPS = 10
# Keras's Adam computes its bias correction with beta_1 and beta_2 rounded to float32 (ops.cast of a
# Python float goes through a float32 tensor), and keeps the learning rate as float32: its steps of about
# 1e-3 differ from the exact float64 formula by up to ~1e-8. A named mistake moves them by 1e-6 or more.
WEIGHT_ATOL = 1e-7
DEFAULTS = {  # the stub's defaults: Keras's own, but SGD's momentum (0 in Keras)
    "sgd_momentum": {"learning_rate": 0.01, "momentum": 0.9, "nesterov": False},
    "rmsprop": {"learning_rate": 0.001, "rho": 0.9, "epsilon": 1e-7},
    "adam": {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7},
}
OPTIMIZERS = {  # the Keras optimizer, the student's function, the names of its state
    "sgd_momentum": (keras.optimizers.SGD, exercise.sgd_momentum, ("velocity",)),
    "rmsprop": (keras.optimizers.RMSprop, exercise.rmsprop, ("mean_square",)),
    "adam": (keras.optimizers.Adam, exercise.adam, ("m", "v")),
}


def step_mistakes(name, w, grad, state, t, kwargs):
    if name == "sgd_momentum":
        return oracle.sgd_mistakes(w, grad, *state, **kwargs)
    if name == "rmsprop":
        return oracle.rmsprop_mistakes(w, grad, *state, **kwargs)
    return oracle.adam_mistakes(w, grad, *state, t, **kwargs)


def check_steps(name, kwargs, w, gradients):
    """Runs Keras's optimizer over ``gradients``; at each step the student's function gets Keras's weights
    and state from before it, and must give Keras's after it.

    Each part (the new weights, then each state) is compared over all the steps at once, so that a named
    mistake is one that gives the student's answer at every step: at step 1, with all state still 0,
    several mistakes give the same answer (PyTorch's velocity and an ignored nesterov=True, for one)."""
    keras_optimizer, step, state_names = OPTIMIZERS[name]
    settings = {**DEFAULTS[name], **kwargs}
    after = oracle.keras_steps(keras_optimizer(**settings), w, gradients)
    befores = [[w] + [np.zeros_like(w)] * len(state_names), *after[:-1]]
    names = ("new_w", *(f"new_{state}" for state in state_names))
    returned, mistakes = [], []
    for t, (grad, before) in enumerate(zip(gradients, befores, strict=True), start=1):
        result = step(*before[:1], grad, *before[1:], *((t,) if name == "adam" else ()), **kwargs)
        returned.append(parts(result, names, name))
        mistakes.append(step_mistakes(name, before[0], grad, before[1:], t, settings))
    settings_in_words = describe(w=w.shape, **kwargs) if kwargs else "the defaults"
    steps_in_words = f"each of steps 1 to {len(gradients)}, each" if len(gradients) > 1 else "step 1,"
    for index, part_name in enumerate(names):
        mine, keras = [step_parts[index] for step_parts in returned], [state[index] for state in after]
        for t, (part, want) in enumerate(zip(mine, keras, strict=True), start=1):  # one step's wrong kind or shape
            if not_an_array(part, name) or np.shape(part) != want.shape:
                compare(part, want, f"{part_name} after step {t} of {len(gradients)}, {settings_in_words}")
        compare(np.stack(mine), np.stack(keras),
                f"{part_name} after {steps_in_words} from Keras's weights and state before it, "
                f"{settings_in_words}", atol=WEIGHT_ATOL, mistakes=over_the_steps(mistakes, index),
                explain=lambda at, part_name=part_name: [which_step(part_name, at)])  # fmt: skip


def which_step(part_name, index):
    """An index into the steps stacked (the step first) in words: '(that is new_w[1, 2] after step 3)'."""
    return f"  (that is {part_name}[{', '.join(map(str, index[1:]))}] after step {index[0] + 1})"


def over_the_steps(mistakes, index):
    """Each mistake's part ``index`` at every step, stacked as the steps are: (explanation, compute) pairs
    for :func:`course.harness.compare`, with compute() None where the mistake can't happen at some step."""

    def stacked(computes):
        values = [compute() for compute in computes]
        return None if any(value is None for value in values) else np.stack(values)

    per_step = [oracle.state_mistakes(step_mistakes, index) for step_mistakes in mistakes]
    return [
        (explanation, lambda computes=[step[i][1] for step in per_step]: stacked(computes))
        for i, (explanation, _) in enumerate(per_step[0])
    ]


def gradients(shape, scale, seed, zeros=0):
    """STEPS random gradients; the first ``zeros`` entries of each exactly 0."""
    grads = np.random.default_rng(seed).normal(0, scale, size=(STEPS, *shape))
    grads.reshape(STEPS, -1)[:, :zeros] = 0
    return list(grads)


def test_worked_examples_with_the_defaults():
    for name, (keras_optimizer, _, _) in OPTIMIZERS.items():  # the stub's defaults are Keras's
        config = keras_optimizer().get_config()  # (its learning rate is a float32 variable: 0.001 to 7 digits)
        for key, value in DEFAULTS[name].items():
            assert key == "momentum" or np.isclose(config[key], value, rtol=1e-7), (name, key, config[key])
    w, grad = np.array([1.0]), np.array([0.5])
    # The docstring's numbers, by hand; Keras agrees with each.
    sgd = oracle.keras_steps(keras.optimizers.SGD(0.01, momentum=0.9), w, [grad, grad])
    assert np.allclose(np.ravel([sgd[0], sgd[1]]), [0.995, -0.005, 0.9855, -0.0095])
    (rms,) = oracle.keras_steps(keras.optimizers.RMSprop(), w, [grad])
    assert np.allclose(np.ravel(rms), [0.9968377, 0.025], atol=1e-7)
    (adam,) = oracle.keras_steps(keras.optimizers.Adam(), w, [grad])
    assert np.allclose(np.ravel(adam), [0.99900001, 0.05, 0.00025], atol=1e-8)
    check_steps("sgd_momentum", {}, w, [grad, grad])
    check_steps("rmsprop", {}, w, [grad])
    check_steps("adam", {}, w, [grad])


@pytest.mark.parametrize(
    "kwargs", [{}, {"nesterov": True}, {"learning_rate": 0.1, "momentum": 0.5, "nesterov": True}], ids=str
)
def test_sgd_momentum_matches_keras_over_ten_steps(kwargs):
    check_steps("sgd_momentum", kwargs, np.random.default_rng(0).normal(size=(3, 4)), gradients((3, 4), 1.0, 1))


@pytest.mark.parametrize(
    "kwargs, scale, zeros",
    [({}, 1.0, 0), ({"learning_rate": 0.01, "rho": 0.5}, 1.0, 0), ({}, 1e-4, 3), ({"epsilon": 1e-3}, 0.01, 0)],
)
def test_rmsprop_matches_keras_over_ten_steps(kwargs, scale, zeros):
    # Tiny gradients (and exact zeros) make mean_square as small as epsilon, where its place shows.
    w = np.random.default_rng(2).normal(0, 1e-3, size=(5,))
    check_steps("rmsprop", kwargs, w, gradients((5,), scale, 3, zeros))


@pytest.mark.parametrize(
    "kwargs, scale, zeros",
    [({}, 1.0, 0), ({"learning_rate": 0.01, "beta_1": 0.5, "beta_2": 0.9}, 1.0, 0), ({}, 1e-4, 2),
     ({"epsilon": 1e-3}, 0.01, 0)],
)  # fmt: skip
def test_adam_matches_keras_over_ten_steps(kwargs, scale, zeros):
    w = np.random.default_rng(4).normal(0, 1e-3, size=(2, 3))
    check_steps("adam", kwargs, w, gradients((2, 3), scale, 5, zeros))


W = np.ones(3)


@pytest.mark.parametrize(
    "call, why",
    [
        (lambda: exercise.sgd_momentum(W, np.ones(2), np.zeros(3)), "a grad of shape (2,) for w (3,)"),
        (lambda: exercise.rmsprop(W, np.ones(3), np.zeros((3, 1))), "a mean_square of shape (3, 1) for w (3,)"),
        (lambda: exercise.adam(W, np.ones(3), np.zeros(3), np.zeros(3), 0), "t = 0 (steps count from 1)"),
        (lambda: exercise.adam(W, np.ones(3), np.zeros(3), np.zeros(4), 1), "a v of shape (4,) for w (3,)"),
    ],
)
def test_bad_input_raises_value_error(call, why):
    rejects(call, why)
