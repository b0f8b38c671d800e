import numpy as np
import pytest

from course.failures import Mismatch
from course.harness import compare, compare_equal, crash_causes, describe, load, rejects
from course.oracles import ex22_residual as oracle

exercise = load("ex22_residual")
NAME = "block"
CASES = [  # (input shape, filters, stride)
    ((8, 8, 16), 16, 1),  # the shapes match: the shortcut is the input itself
    ((8, 8, 16), 32, 2),  # the stride and the width change: a projection
    ((9, 7, 8), 8, 2),  # the stride alone, on odd sizes that are not square
    ((6, 6, 4), 8, 1),  # the width alone
]


def case_id(case):
    input_shape, filters, stride = case
    return describe(input=input_shape, filters=filters, stride=stride)


def student_graph(input_shape, filters, stride):
    with crash_causes(oracle.NO_PROJECTION_CRASH):
        return exercise.drive("residual_block_graph", input_shape, filters, stride, NAME)


PATHS = {"main": "main path", "shortcut": "shortcut", "after": "after the addition"}


def in_words(kinds):
    return " -> ".join(kinds) if kinds else "nothing (the input itself)"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_the_layers_along_each_path(case):
    input_shape, filters, stride = case
    found = oracle.block_paths(student_graph(*case)["graph"])
    where = f"For residual_block(x of shape {input_shape}, filters={filters}, stride={stride}):\n  "
    if found is None:
        raise Mismatch(where + "the block has no single addition of two tensors: add the shortcut to the main "
                       "path with keras.layers.Add()([shortcut, x]).")  # fmt: skip
    expected = oracle.residual_paths(input_shape[-1], filters, stride)
    if found != expected:
        lines = [f"{label}: expected {in_words(expected[path])}; got {in_words(found[path])}"
                 for path, label in PATHS.items() if found[path] != expected[path]]  # fmt: skip
        lines += [
            f"Likely cause: {cause}" for cause in oracle.residual_path_causes(found, input_shape[-1], filters, stride)
        ]
        raise Mismatch(where + "\n  ".join(lines))


def test_worked_example_parameter_count():
    assert oracle.residual_model((8, 8, 16), 32, 2, NAME).count_params() == 14_720  # the docstring's, by hand
    compare_equal(student_graph((8, 8, 16), 32, 2)["params"], 14_720, "x of shape (8, 8, 16), filters 32, stride 2",
                  mistakes=oracle.residual_params_mistakes((8, 8, 16), 32, 2, NAME))  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_parameter_count_matches_the_reference(case):
    input_shape, filters, stride = case
    params = oracle.residual_model(input_shape, filters, stride, NAME).count_params()
    compare_equal(student_graph(*case)["params"], params, case_id(case),
                  mistakes=oracle.residual_params_mistakes(input_shape, filters, stride, NAME))  # fmt: skip


@pytest.mark.parametrize("case", CASES[:3], ids=case_id)
def test_outputs_match_the_reference_block_in_both_modes(case):
    input_shape, filters, stride = case
    reference = oracle.residual_model(input_shape, filters, stride, NAME, seed=sum(input_shape))
    weights = oracle.weights_by_name(reference)
    x = np.random.default_rng(stride).normal(size=(4, *input_shape)).astype("float32")
    with crash_causes(oracle.NO_PROJECTION_CRASH):
        mine = exercise.drive("residual_block_outputs", input_shape, filters, stride, NAME, weights, x)
    if "shapes" in mine:
        wanted, got = {name: [np.shape(w) for w in arrays] for name, arrays in weights.items()}, mine["shapes"]
        lines = [
            f"{name}: expected weights of shapes {wanted.get(name, 'none (no such layer)')}, "
            f"got {got.get(name, 'no layer of that name')}"
            for name in sorted({*wanted, *got})
            if wanted.get(name) != got.get(name)
        ]
        if wanted.keys() != got.keys():
            lines.append(f"Name the layers as the docstring says: {', '.join(sorted(wanted))}.")
        if any(list(got.get(name, ())) == [*shapes, (filters,)] for name, shapes in wanted.items()):  # a bias more
            lines.append(f"Likely cause: {oracle.RESIDUAL_MISTAKES['conv biases']}")
        raise Mismatch(f"For {case_id(case)}, the layers with weights, by name:\n  " + "\n  ".join(lines))
    expected = oracle.keras_drivers.block_outputs(reference, x)
    mistakes = oracle.residual_output_mistakes(input_shape, filters, stride, NAME, x, weights)
    for mode in ("inference", "training"):
        compare(mine[mode], expected[mode], f"{case_id(case)}, {mode} mode, the reference's weights", rtol=1e-5,
                atol=1e-5, mistakes=mistakes[mode])  # fmt: skip


@pytest.mark.parametrize("filters, stride, why", [(0, 1, "filters 0"), (8, 0, "stride 0")])
def test_bad_arguments_raise_value_error(filters, stride, why):
    rejects(lambda: exercise.drive("residual_block_graph", (8, 8, 4), filters, stride, NAME), why)
