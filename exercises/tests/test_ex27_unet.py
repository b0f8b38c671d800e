import numpy as np
import pytest

from course.failures import Mismatch
from course.harness import compare, compare_equal, crash_causes, describe, load, rejects
from course.oracles import ex27_unet as oracle

exercise = load("ex27_unet")
NAME = "unet"
DOWN_CASES = [  # (input shape, filters)
    ((20, 28, 3), 4),  # the docstring's worked example
    ((9, 14, 2), 3),  # an odd height: pooling rounds 9 down to 4
]
UP_CASES = [  # ((x's shape, the skip's shape), filters)
    (((5, 7, 6), (10, 14, 3)), 5),  # the skip's channels differ from filters: adding it can't even be built
    (((10, 14, 8), (20, 28, 4)), 4),  # the docstring's worked example: a U-Net's, filters = the skip's channels
]
UNET_CASES = [  # (input shape, filters, batch)
    ((20, 28, 3), 4, 3),
    ((12, 6, 1), 2, 2),
]


def summary(part, input_shape, filters):
    with crash_causes(oracle.ADDED_CRASH):
        return exercise.drive("unet_summary", part, input_shape, filters, NAME)


def check_shapes_and_parameter_count(part, input_shape, filters, case):
    """The outputs' shapes, then the parameter count, of the student's ``part`` against the reference's."""
    mine = summary(part, input_shape, filters)  # first: a stub not started is told so before Keras builds anything
    reference = oracle.reference_model(part, input_shape, filters, NAME)

    def mistakes(measure):
        return oracle.summary_mistakes(part, input_shape, filters, NAME, measure)

    compare_equal(
        [tuple(shape) for shape in mine["shapes"]],
        oracle.output_shapes(reference),
        f"the outputs' shapes (without the batch), {case}",
        mistakes=mistakes(oracle.output_shapes),
    )
    compare_equal(mine["params"], reference.count_params(), f"the parameter count, {case}",
                  mistakes=mistakes(lambda model: model.count_params()))  # fmt: skip


def down_case(input_shape, filters):
    return describe(down_block_x=input_shape, filters=filters)


def up_case(shapes, filters):
    return describe(up_block_x=shapes[0], skip=shapes[1], filters=filters)


@pytest.mark.parametrize("input_shape, filters", [pytest.param(*case, id=down_case(*case)) for case in DOWN_CASES])
def test_down_block_shapes_and_parameter_count(input_shape, filters):
    check_shapes_and_parameter_count("down", input_shape, filters, down_case(input_shape, filters))


@pytest.mark.parametrize("shapes, filters", [pytest.param(*case, id=up_case(*case)) for case in UP_CASES])
def test_up_block_shape_and_parameter_count(shapes, filters):
    check_shapes_and_parameter_count("up", shapes, filters, up_case(shapes, filters))


def test_worked_example_parameter_counts():
    (down_shape, down_filters), (up_shapes, up_filters) = DOWN_CASES[0], UP_CASES[1]
    # By hand, as the docstring counts them: KH * KW * C_in * C_out + C_out for each convolution.
    assert oracle.reference_model("down", down_shape, down_filters, NAME).count_params() == 112 + 148
    assert oracle.reference_model("up", up_shapes, up_filters, NAME).count_params() == 132 + 292 + 148
    compare_equal(summary("down", down_shape, down_filters)["params"], 260,
                  f"the parameter count, {down_case(down_shape, down_filters)}")  # fmt: skip
    compare_equal(summary("up", up_shapes, up_filters)["params"], 572,
                  f"the parameter count, {up_case(up_shapes, up_filters)}")  # fmt: skip


def weights_mismatch(wanted, got, case):
    """The failure of a model whose layers with weights are not the reference's: which names and shapes differ."""
    wanted = {name: [np.shape(w) for w in arrays] for name, arrays in wanted.items()}
    lines = [f"{name}: expected weights of shapes {wanted.get(name, 'none (no such layer)')}, "
             f"got {got.get(name, 'no layer of that name')}"
             for name in sorted({*wanted, *got}) if wanted.get(name) != got.get(name)]  # fmt: skip
    if wanted.keys() != got.keys():
        lines.append(f"Name the layers as the docstring says: {', '.join(sorted(wanted))}.")
    return Mismatch(f"For {case}, the layers with weights, by name:\n  " + "\n  ".join(lines))


@pytest.mark.parametrize("input_shape, filters, batch", UNET_CASES)
def test_a_small_unet_of_your_blocks_matches_the_reference(input_shape, filters, batch):
    # input -> your down block -> Conv2D(2 * filters, 3, relu) -> your up block, onto the down block's skip
    case = describe(unet_input=(batch, *input_shape), filters=filters)
    check_shapes_and_parameter_count("unet", input_shape, filters, case)
    reference = oracle.reference_model("unet", input_shape, filters, NAME, seed=sum(input_shape))
    weights = oracle.weights_by_name(reference)
    x = np.random.default_rng(batch).normal(size=(batch, *input_shape)).astype("float32")
    mine = exercise.drive("unet_outputs", "unet", input_shape, filters, NAME, weights, x)
    if "shapes" in mine:
        raise weights_mismatch(weights, mine["shapes"], case)
    compare(mine["outputs"][0], oracle.unet_output(reference, x), f"{case}, the reference's weights", rtol=1e-5,
            atol=1e-5, mistakes=oracle.unet_output_mistakes(input_shape, filters, NAME, weights, x))  # fmt: skip


@pytest.mark.parametrize(
    "part, input_shape, filters, why",
    [
        ("down", (8, 8, 3), 0, "a down block with filters 0"),
        ("up", ((4, 4, 4), (8, 8, 4)), 0, "an up block with filters 0"),
        ("up", ((5, 7, 4), (11, 14, 4)), 4, "an up block on x (5, 7) up-sampled to (10, 14), and a skip (11, 14)"),
        ("unet", (21, 28, 3), 4, "a U-Net on an input 21 high: pooled to 10, then up-sampled to 20"),
    ],
)
def test_bad_arguments_raise_value_error(part, input_shape, filters, why):
    rejects(lambda: exercise.drive("unet_summary", part, input_shape, filters, NAME), why)
