import numpy as np
import pytest

from course.failures import Mismatch
from course.harness import compare, crash_causes, describe, load, rejects
from course.oracles import ex13_keras_layer as oracle

exercise = load("ex13_keras_layer")
ARGUMENTS = ("filters", "kernel_size", "strides", "padding", "activation", "use_bias")

CASES = [
    {"filters": 4, "kernel_size": 3, "strides": 1, "padding": "valid", "activation": None, "use_bias": True},
    {"filters": 2, "kernel_size": (2, 3), "strides": 2, "padding": "same", "activation": "relu", "use_bias": True},
    {"filters": 3, "kernel_size": 5, "strides": (1, 2), "padding": "same", "activation": None, "use_bias": False},
]


@pytest.mark.parametrize("kwargs", CASES, ids=lambda kwargs: describe(**kwargs))
def test_same_output_as_keras_conv2d(kwargs):
    x, layer, expected = oracle.reference(kwargs, seed=0)
    mine = exercise.drive("conv2d_layer_output", kwargs, layer.get_weights(), x)
    compare(mine, expected, describe(**kwargs), rtol=1e-5, atol=1e-5, mistakes=oracle.activation_mistake(layer, x))


@pytest.mark.parametrize("kwargs", CASES, ids=lambda kwargs: describe(**kwargs))
def test_get_config_rebuilds_the_same_layer(kwargs):
    x, layer, expected = oracle.reference(kwargs, seed=1)
    with crash_causes(oracle.CONFIG_MISSING_ARGUMENT):
        rebuilt = exercise.drive("conv2d_layer_config", kwargs, layer.get_weights(), x)
    missing = [name for name in ARGUMENTS if name not in rebuilt["keys"]]
    case = f"Conv2DLayer.from_config(layer.get_config()), {describe(**kwargs)}"
    compare(rebuilt["output"], expected, case, rtol=1e-5, atol=1e-5,
            mistakes=oracle.config_missing_mistakes(kwargs, layer, x, missing))  # fmt: skip
    if missing:
        raise Mismatch(f"For {case}:\n  get_config() has no {', '.join(missing)}. It must return every "
                       "constructor argument, so that a saved model can rebuild the layer.")  # fmt: skip


def test_trains_inside_model_fit_on_digits():
    losses = exercise.drive("conv2d_layer_fit", 3)
    if not losses[-1] < 0.7 * losses[0]:
        raise Mismatch(f"For a small model with your layer, 3 epochs on digits:\n  the loss did not fall "
                       f"by 30%: {[round(loss, 3) for loss in losses]}. Are the kernel and bias trainable "
                       "weights made with self.add_weight?")  # fmt: skip


def test_save_and_load_gives_the_same_predictions():
    x = np.random.default_rng(1).uniform(size=(4, 16, 16, 1)).astype("float32")
    saved = exercise.drive("conv2d_layer_save_load", x)
    compare(saved["after"], saved["before"], "predictions after a .keras save and load", rtol=1e-6, atol=1e-7)
    if saved["filters"] != 8:
        raise Mismatch(f"After loading, the layer's config says filters={saved['filters']!r}, not 8.")


@pytest.mark.parametrize(
    "kwargs, why",
    [({"filters": 0, "kernel_size": 3}, "filters 0"),
     ({"filters": 2, "kernel_size": 3, "padding": "full"}, "padding 'full'")],
)  # fmt: skip
def test_bad_arguments_raise_value_error(kwargs, why):
    rejects(lambda: exercise.drive("conv2d_layer_construct", kwargs), why)
