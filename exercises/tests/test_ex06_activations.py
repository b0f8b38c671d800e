import numpy as np
import pytest
import tensorflow as tf
from hypothesis import given, settings
from hypothesis import strategies as st

from course.harness import compare, describe, load, rejects
from course.oracles import ex06_activations as oracle

exercise = load("ex06_activations")
relu, softmax = exercise.relu, exercise.softmax


def check_relu(x, case):
    expected = tf.nn.relu(x).numpy()
    compare(relu(x), expected, case, mistakes=[(oracle.RELU_ABS, lambda: tf.abs(x).numpy())])


def test_relu_of_a_negative_feature_map_is_zero():
    check_relu(np.array([[-4.0, -4.0], [-4.0, -4.0]]), "the 2x2 feature map [[-4, -4], [-4, -4]]")


def test_relu_of_mixed_signs_and_zeros():
    check_relu(np.array([[-2.0, -0.5, 0.0], [0.5, 3.0, -0.0]]), "x [[-2, -0.5, 0], [0.5, 3, -0]]")


@settings(max_examples=20, derandomize=True, deadline=None)
@given(st.lists(st.floats(-50, 50), min_size=1, max_size=20))
def test_relu_matches_tensorflow(values):
    check_relu(np.array(values), describe(x=values))


def check_softmax(x, axis, case):
    expected = tf.nn.softmax(x, axis=axis).numpy()
    compare(softmax(x, axis=axis), expected, case, mistakes=oracle.softmax_mistakes(x, axis))


@pytest.mark.parametrize("shape, axis", [((3, 3), -1), ((5,), -1), ((3, 4), -1), ((3, 4), 0), ((2, 3, 4), 1)])
def test_softmax_matches_tensorflow(shape, axis):
    x = np.random.default_rng(len(shape)).normal(scale=3, size=shape)
    check_softmax(x, axis, describe(input=shape, axis=axis))


def test_softmax_is_stable_for_large_scores():
    x = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0], [5.0, 1000.0, 3.0]])
    check_softmax(x, -1, "scores around 1000 (exp(1000) overflows)")


def test_softmax_rows_sum_to_one():
    x = np.random.default_rng(1).normal(size=(4, 10))
    compare(np.sum(softmax(x), axis=-1), np.ones(4), "the sum of each row of probabilities")


def test_softmax_rejects_a_missing_axis():
    rejects(lambda: softmax(np.ones((2, 3)), axis=2), "axis 2 of a 2-D input")
