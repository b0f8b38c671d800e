import numpy as np
import pytest
import tensorflow as tf
from hypothesis import given, settings
from hypothesis import strategies as st

from exercises.harness import check, describe, load

exercise = load("ex06_activations")
relu, softmax = exercise.relu, exercise.softmax


def test_relu_seed_example():
    check(relu(np.array([[-4.0, -4.0], [-4.0, -4.0]])), np.zeros((2, 2)), "seed 001's feature map")


@settings(max_examples=20, derandomize=True, deadline=None)
@given(st.lists(st.floats(-50, 50), min_size=1, max_size=20))
def test_relu_matches_tensorflow(values):
    x = np.array(values)
    check(relu(x), tf.nn.relu(x).numpy(), describe(x=values))


@pytest.mark.parametrize("shape, axis", [((5,), -1), ((3, 4), -1), ((3, 4), 0), ((2, 3, 4), 1)])
def test_softmax_matches_tensorflow(shape, axis):
    x = np.random.default_rng(len(shape)).normal(scale=3, size=shape)
    check(
        softmax(x, axis=axis),
        tf.nn.softmax(x, axis=axis).numpy(),
        describe(input=shape, axis=axis),
        mistakes=[("softmax was taken over the wrong axis.", lambda: tf.nn.softmax(x, axis=0).numpy())],
    )


def test_softmax_is_stable_for_large_scores():
    x = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]])
    check(
        softmax(x),
        tf.nn.softmax(x).numpy(),
        "scores around 1000 (exp(1000) overflows: subtract the max first)",
    )


def test_softmax_rows_sum_to_one():
    x = np.random.default_rng(1).normal(size=(4, 10))
    check(np.sum(softmax(x), axis=-1), np.ones(4), "the sum of each row of probabilities")


def test_softmax_rejects_a_missing_axis():
    with pytest.raises(ValueError):
        softmax(np.ones((2, 3)), axis=2)
