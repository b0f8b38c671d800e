import numpy as np
import pytest

from course.failures import Mismatch
from course.harness import compare, compare_equal, describe, load
from course.oracles import ex14_lenet as oracle

exercise = load("ex14_lenet")
# (input shape, classes): LeNet's own, colour, and an odd size that is not square (the pools round down).
LENET_CASES = [((32, 32, 1), 10), ((28, 28, 3), 5), ((35, 29, 1), 4)]


@pytest.mark.parametrize("input_shape, num_classes", LENET_CASES)
def test_same_shapes_and_parameters_as_the_zoo(input_shape, num_classes):
    zoo = oracle.zoo_lenet(input_shape, num_classes)
    mine = exercise.drive("lenet_summary", input_shape, num_classes)
    case = describe(input_shape=input_shape, num_classes=num_classes)
    compare_equal(mine["shapes"], oracle.layer_shapes(zoo), f"layer output shapes, {case}")
    compare_equal(mine["params"], zoo.count_params(), f"parameter count, {case}")


@pytest.mark.parametrize("input_shape, num_classes", LENET_CASES)
def test_same_outputs_as_the_zoo_with_the_same_weights(input_shape, num_classes):
    zoo = oracle.zoo_lenet(input_shape, num_classes, seed=2)
    x = np.random.default_rng(3).uniform(size=(4, *input_shape)).astype("float32")
    expected = zoo.predict(x, verbose=0)
    mine = exercise.drive("lenet_output", input_shape, num_classes, zoo.get_weights(), x)
    compare(mine, expected, f"predictions with the zoo's weights, {describe(input_shape=input_shape)}",
            rtol=1e-5, atol=1e-6)  # fmt: skip


def test_it_trains():
    accuracies = exercise.drive("lenet_fit", 3)
    if not accuracies[-1] > 0.5:
        raise Mismatch(f"For your LeNet, 3 epochs on digits:\n  validation accuracy {accuracies[-1]:.2f} "
                       "after 3 epochs (needs more than 0.5).")  # fmt: skip
