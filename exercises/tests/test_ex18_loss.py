import math

import numpy as np
import pytest

from course.harness import compare, crash_causes, describe, load, parts, rejects
from course.oracles import ex18_loss as oracle

softmax_cross_entropy = load("ex18_loss").softmax_cross_entropy


def check_case(logits, labels):
    expected_loss, expected_grad = oracle.softmax_cross_entropy(logits, labels)
    with crash_causes(oracle.ONE_HOT_CRASH):
        result = softmax_cross_entropy(logits, labels)
    loss, grad = parts(result, ("mean_loss", "grad_logits"), "softmax_cross_entropy")
    case = describe(logits=logits.shape, labels=labels.tolist() if len(labels) <= 8 else labels.shape)
    compare(loss, expected_loss, f"mean_loss, {case}", mistakes=oracle.loss_mistakes(logits, labels))
    compare(grad, expected_grad, f"grad_logits, {case}", mistakes=oracle.loss_gradient_mistakes(logits, labels))


def test_worked_example():
    logits, labels = np.array([[0.0, 0.0, 0.0, 0.0], [math.log(3), 0.0, 0.0, 0.0]]), np.array([1, 0])
    loss, grad = oracle.softmax_cross_entropy(logits, labels)
    assert np.isclose(loss, 1.5 * math.log(2)) and round(float(loss), 4) == 1.0397  # by hand, as Keras says
    assert np.allclose(grad, np.array([[1 / 4, -3 / 4, 1 / 4, 1 / 4], [-1 / 2, 1 / 6, 1 / 6, 1 / 6]]) / 2)
    check_case(logits, labels)


@pytest.mark.parametrize("n, classes", [(8, 10), (4, 4), (1, 3), (32, 2)])
def test_matches_keras_and_gradient_tape(n, classes):
    rng = np.random.default_rng(n * classes)
    check_case(rng.normal(0, 3, size=(n, classes)), rng.integers(0, classes, size=n))


@pytest.mark.parametrize("scale", [1000.0, -1000.0])
def test_stable_for_logits_around_1000(scale):
    rng = np.random.default_rng(1)
    logits = scale + rng.normal(0, 5, size=(6, 5))  # exp(1000) overflows; the differences stay small
    check_case(logits, rng.integers(0, 5, size=6))


@pytest.mark.parametrize(
    "logits, labels, why",
    [
        (np.zeros(4), np.array([1]), "1-D logits"),
        (np.zeros((2, 3)), np.eye(3)[[0, 2]], "one-hot labels of shape (2, 3)"),
        (np.zeros((2, 3)), np.array([0, 3]), "label 3 for 3 classes"),
        (np.zeros((2, 3)), np.array([0.0, 1.0]), "float labels"),
        (np.zeros((2, 3)), np.array([0, 1, 2]), "3 labels for 2 examples"),
    ],
)
def test_bad_input_raises_value_error(logits, labels, why):
    rejects(lambda: softmax_cross_entropy(logits, labels), why)
