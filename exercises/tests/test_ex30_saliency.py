import numpy as np
import pytest
import tensorflow as tf

from course.harness import compare, describe, load, rejects
from course.oracles import ex30_saliency as oracle

exercise = load("ex30_saliency")

# The worked examples' linear model: W[h, w, c, k], the weight of x[h, w, c] in logit k (one row of 2 pixels).
CLASS_0 = [[1.0, 0.0], [-0.5, 3.0]]  # pixel (0, 0)'s two channels, then pixel (0, 1)'s
CLASS_1 = [[0.5, -2.0], [1.0, 0.25]]
LINEAR_WEIGHTS = np.stack([CLASS_0, CLASS_1], axis=-1)[None]  # (1, 2, 2, 2)

# (x's shape, classes, class_index or y, seed): non-square images, batches, 3 channels and 1.
CASES = [
    ((2, 9, 13, 3), 5, [3, 1], 0),  # a class for each image
    ((3, 8, 8, 1), 4, [2, 0, 3], 1),  # grey, where the channels' maximum changes nothing
    ((2, 7, 5, 2), 3, [0, 2], 2),
]


def check_saliency(model, x, class_index, sent=None):
    """The student's saliency of ``x`` (sent as ``sent``: a tensor, a list...) against tf.GradientTape's."""
    case = describe(model=oracle.in_words(model), x=x.shape, class_index=class_index)
    expected = oracle.saliency(model, x, class_index)
    actual = exercise.saliency(model, x if sent is None else sent, class_index)
    compare(actual, expected, case, rtol=1e-4, atol=1e-6 * np.abs(expected).max(), dtype="float32",
            mistakes=oracle.saliency_mistakes(model, x, class_index))  # fmt: skip


def check_fgsm(model, x, y, epsilon, sent=None):
    y = np.array(y)  # the labels as the docstring says: an array (or a tensor)
    case = describe(model=oracle.in_words(model), x=x.shape, y=y.tolist(), epsilon=epsilon)
    expected = oracle.fgsm(model, x, y, epsilon)
    actual = exercise.fgsm(model, x if sent is None else sent, y, epsilon)
    compare(actual, expected, case, rtol=0, atol=1e-6, dtype="float32",
            mistakes=oracle.fgsm_mistakes(model, x, y, epsilon))  # fmt: skip


def images(shape, seed):
    return np.random.default_rng(seed).uniform(0, 1, shape).astype(np.float32)


def test_saliency_worked_example():
    # The docstring's: a linear model's logit k has the gradient W[..., k] whatever x is, so each image's map is
    # the largest abs of each pixel's weights for its class: class 1 [[2, 1]], class 0 [[1, 3]].
    model = oracle.linear_model(LINEAR_WEIGHTS)
    x = images((2, 1, 2, 2), seed=0)
    expected = np.array([[[2.0, 1.0]], [[1.0, 3.0]]])
    assert np.array_equal(oracle.saliency(model, x, [1, 0]), expected)
    check_saliency(model, x, [1, 0])


@pytest.mark.parametrize("shape, classes, class_index, seed", CASES)
def test_saliency_matches_gradient_tape(shape, classes, class_index, seed):
    check_saliency(oracle.logits_model(shape[1:], classes, seed), images(shape, seed), class_index)


def test_saliency_one_class_for_every_image_and_a_tensor():
    model = oracle.logits_model((6, 10, 3), 4, seed=3)
    x = images((3, 6, 10, 3), seed=3)
    check_saliency(model, x, 2)
    check_saliency(model, x, np.array([1, 3, 1]), sent=tf.constant(x))


def test_fgsm_worked_example():
    # The docstring's: with two classes the loss's gradient for label y is p_other * (W_other - W_y), so label 1
    # moves pixel (0, 0) by +, + and pixel (0, 1) by -, +; label 0 the other way.
    model = oracle.linear_model(LINEAR_WEIGHTS)
    x = np.full((2, 1, 2, 2), 0.5, np.float32)
    expected = np.array([[[[0.6, 0.6], [0.4, 0.6]]], [[[0.4, 0.4], [0.6, 0.4]]]])
    assert np.allclose(oracle.fgsm(model, x, [1, 0], 0.1), expected, rtol=0, atol=1e-7)
    check_fgsm(model, x, [1, 0], 0.1)


@pytest.mark.parametrize("shape, classes, y, seed", CASES)
def test_fgsm_matches_keras_cross_entropy(shape, classes, y, seed):
    check_fgsm(oracle.logits_model(shape[1:], classes, seed), images(shape, seed), y, 0.1)


def test_fgsm_with_a_tensor_and_epsilon_zero():
    model = oracle.logits_model((6, 10, 3), 4, seed=3)
    x = images((3, 6, 10, 3), seed=3)
    check_fgsm(model, x, np.array([0, 3, 1]), 0.25, sent=tf.constant(x))
    check_fgsm(model, x, np.array([0, 3, 1]), 0.0)  # no step: x itself


@pytest.mark.parametrize(
    "x_shape, class_index, why",
    [
        ((2, 9, 13, 3), 5, "class_index 5 for a model of 5 classes (0 to 4)"),
        ((2, 9, 13, 3), [1, -1], "class_index -1"),
        ((2, 9, 13, 3), [1, 2, 3], "3 class indices for 2 images"),
        ((9, 13, 3), 1, "x of shape (9, 13, 3): one image without its batch axis"),
    ],
)
def test_saliency_bad_arguments_raise_value_error(x_shape, class_index, why):
    model = oracle.logits_model((9, 13, 3), 5)
    rejects(lambda: exercise.saliency(model, images(x_shape, 0), class_index), why)


@pytest.mark.parametrize(
    "y, epsilon, why",
    [([1, 2], -0.1, "epsilon -0.1"), ([1, 2, 3], 0.1, "3 labels for 2 images"), ([1, 5], 0.1, "label 5 of 5 classes")],
)
def test_fgsm_bad_arguments_raise_value_error(y, epsilon, why):
    model = oracle.logits_model((9, 13, 3), 5)
    rejects(lambda: exercise.fgsm(model, images((2, 9, 13, 3), 0), np.array(y), epsilon), why)
