"""Each exercise's solution, called with exactly the argument types its stub's docstring documents.

Every function and method of a stub that takes arguments lists them in an ``Args:`` section, one
line each: ``name (type): what it is``, the type one of TYPES below, or several joined by " or "
("int or pair of ints"). This test reads those lines in the stubs, as a student reads them, and:

- every parameter is documented once, and nothing else is;
- EXAMPLES holds one valid call of each solution: each value must be of a type its docstring
  documents for it;
- for each other type documented for an argument, the same value is written in that type (the
  stride 2 as the pair (2, 2), "VALID" as explicit zero pads, an array as a list: SAME_VALUE) and
  the solution must give the same answer.

So a docstring cannot promise a type the solution refuses. (That the checks pass only documented types
is kept by hand: each test passes what the docstring names, and the docstrings say so.) Last, a
function given a generator or a seed must have a check that it uses it (course/oracles/common.py's
check_seeded) among its exercise's tests.
"""

import ast
import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass

import keras
import numpy as np
import pytest

from course.catalog import EXERCISES, ROOT
from course.oracles.common import same_values
from course.oracles.ex30_saliency import logits_model


def ints(value, count=None):
    return (isinstance(value, int) and not isinstance(value, bool)) if count is None else (
        isinstance(value, tuple) and len(value) == count and all(map(ints, value))
    )  # fmt: skip


def int_pair(value):
    """[a, b], as in explicit padding's rows."""
    return isinstance(value, list) and len(value) == 2 and all(map(ints, value))


TYPES = {  # a documented type -> whether a value is of it
    "int": ints,
    "float": lambda value: isinstance(value, float),
    "bool": lambda value: isinstance(value, bool),
    "str": lambda value: isinstance(value, str),
    "None": lambda value: value is None,
    "array": lambda value: isinstance(value, np.ndarray),
    "list of numbers": lambda value: isinstance(value, list) and all(isinstance(v, (int, float)) for v in value),
    "pair of ints": lambda value: ints(value, 2),
    "pair of equal ints": lambda value: ints(value, 2) and value[0] == value[1],
    "tuple of 3 ints": lambda value: ints(value, 3),
    "pair of pairs of ints": lambda value: isinstance(value, tuple) and len(value) == 2 and all(ints(v, 2) for v in value),  # noqa: E501
    "list of 4 pairs of ints": lambda value: isinstance(value, list) and len(value) == 4 and all(map(int_pair, value)),
    "shape": lambda value: isinstance(value, tuple) and all(v is None or ints(v) for v in value),
    "list of arrays": lambda value: isinstance(value, list) and all(isinstance(v, np.ndarray) for v in value),
    "Generator": lambda value: isinstance(value, np.random.Generator),
    "Keras tensor": lambda value: isinstance(value, keras.KerasTensor),
    "tensor": lambda value: keras.ops.is_tensor(value),  # a backend tensor (tf.Tensor), not a Keras tensor
    "Keras model": lambda value: isinstance(value, keras.Model),
    "list of tensors": lambda value: isinstance(value, list) and all(map(keras.ops.is_tensor, value)),
    "tuple of ints": lambda value: isinstance(value, tuple) and all(map(ints, value)),
}
SAME_VALUE = {  # (a type, another) -> the same value written in the other type
    ("int", "pair of ints"): lambda value: (value, value),
    ("int", "pair of equal ints"): lambda value: (value, value),
    ("int", "pair of pairs of ints"): lambda value: ((value, value), (value, value)),
    ("array", "list of numbers"): lambda value: value.tolist(),
    ("str", "int"): lambda value: {"VALID": 0}[value],  # output sizes: VALID pads 0
    ("str", "list of 4 pairs of ints"): lambda value: {"VALID": [[0, 0], [0, 0], [0, 0], [0, 0]]}[value],
    ("None", "str"): lambda value: "linear",  # an activation: none at all
    ("array", "tensor"): keras.ops.convert_to_tensor,
    ("float", "tensor"): keras.ops.convert_to_tensor,
    ("list of arrays", "list of tensors"): lambda value: [keras.ops.convert_to_tensor(v) for v in value],
    ("array", "int"): lambda value: int(np.unique(value).item()),  # the same int for every image (exercise 30)
}
ARGUMENT = re.compile(r"^(\w+) \(([^)]+)\): ")


def documented(module):
    """{"module.function" (or "module.Class" for its __init__, "module.Class.method"): (parameter names,
    {name: [types]} from its Args section)} for every function and method of the stub that takes arguments."""
    tree = ast.parse((ROOT / "exercises" / f"{module}.py").read_text())
    found = {}
    for node in tree.body:
        functions = [(node.name, node)] if isinstance(node, ast.FunctionDef) else []
        if isinstance(node, ast.ClassDef):
            functions = [(node.name if method.name == "__init__" else f"{node.name}.{method.name}", method)
                         for method in node.body if isinstance(method, ast.FunctionDef)]  # fmt: skip
        for name, function in functions:
            parameters = [argument.arg for argument in function.args.args if argument.arg != "self"]
            docstring = ast.get_docstring(function) or ""
            if parameters or "Args:" in docstring:
                found[f"{module}.{name}"] = (parameters, args_section(docstring))
    return found


def args_section(docstring):
    """{name: [types]} of a docstring's ``Args:`` lines (``name (int or pair of ints): ...``)."""
    lines = docstring.split("Args:", 1)[1].splitlines() if "Args:" in docstring else []
    types = {}
    for line in lines[1:]:
        if not line.strip():
            break
        if line.startswith("    ") and not line.startswith("        "):  # an argument; deeper: its text goes on
            match = ARGUMENT.match(line.strip())
            assert match, f"not `name (type): text`: {line!r}"
            assert match[1] not in types, f"{match[1]} documented twice"
            types[match[1]] = re.split(r", | or ", match[2])
    return types


@dataclass
class Example:
    """A valid call: ``arguments()`` makes its keyword arguments afresh (a Generator is used up);
    ``instance()`` the object whose method it calls; ``answer(result, instance)`` what is compared."""

    arguments: Callable
    instance: Callable = None
    answer: Callable = lambda result, instance: result


def normal(*shape, seed=0):
    return np.random.default_rng(seed).normal(size=shape)


def keras_input(*shape):
    return keras.Input(shape)


def layer_output(layer, instance=None):
    """A Conv2DLayer's output on a fixed batch, with fixed weights (built on it first if need be)."""
    x = normal(2, 6, 6, 2).astype("float32")
    if not layer.built:
        layer.build(x.shape)
    layer.set_weights([normal(*w.shape, seed=1).astype("float32") for w in layer.weights])
    return keras.ops.convert_to_numpy(layer(x))


def conv_layer():
    return importlib.import_module("solutions.ex13_keras_layer").Conv2DLayer(2, 3)


def built_conv_layer():
    layer = conv_layer()
    layer_output(layer)
    return layer


def lenet_base():
    return importlib.import_module("models").build("lenet", input_shape=(32, 32, 1), num_classes=5)


def transfer_model():
    return importlib.import_module("solutions.ex31_transfer").transfer_model(lenet_base(), 5)


def numpy_cnn():
    return importlib.import_module("solutions.ex23_numpy_cnn").NumpyCNN(filters=(4, 6))


EXAMPLES = {
    "ex01_convolve1d.convolve1d": Example(lambda: {"signal": np.array([3.0, 2, 1, 0]),
                                                   "kernel": np.array([1.0, 0, -1]), "mode": "full"}),
    "ex02_correlate2d.correlate2d": Example(lambda: {"image": normal(5, 6), "kernel": normal(2, 3), "stride": 2}),
    "ex03_output_size.conv_output_size": Example(lambda: {"size": 7, "kernel_size": 3, "stride": 2,
                                                          "padding": "VALID", "dilation": 1}),
    "ex03_output_size.same_padding": Example(lambda: {"size": 7, "kernel_size": 3, "stride": 2, "dilation": 1}),
    "ex04_zero_pad.zero_pad": Example(lambda: {"x": normal(2, 3, 4, 2), "pad": 1}),
    "ex05_conv2d.conv2d": Example(lambda: {"input": normal(2, 7, 6, 3), "filters": normal(3, 2, 3, 4), "strides": 2,
                                           "padding": "VALID", "dilations": 1}),
    "ex06_activations.relu": Example(lambda: {"x": normal(3, 4)}),
    "ex06_activations.softmax": Example(lambda: {"x": normal(3, 4), "axis": -1}),
    "ex07_pooling.max_pool2d": Example(lambda: {"input": normal(2, 7, 6, 3), "ksize": 2, "strides": 2,
                                                "padding": "VALID"}),
    "ex07_pooling.avg_pool2d": Example(lambda: {"input": normal(2, 7, 6, 3), "ksize": 2, "strides": 2,
                                                "padding": "VALID"}),
    "ex08_dense.flatten": Example(lambda: {"x": normal(2, 3, 4, 5)}),
    "ex08_dense.dense": Example(lambda: {"x": normal(3, 4), "weights": normal(4, 2), "bias": normal(2)}),
    "ex08_dense.dense_param_count": Example(lambda: {"n_in": 784, "n_out": 1000, "use_bias": True}),
    "ex08_dense.conv2d_param_count": Example(lambda: {"kernel_size": 3, "in_channels": 2, "out_channels": 4,
                                                      "use_bias": True}),
    "ex09_forward.forward": Example(lambda: {"images": normal(2, 10, 9, 2), "conv_kernel": normal(3, 3, 2, 4),
                                             "conv_bias": normal(4), "dense_weights": normal(48, 5),
                                             "dense_bias": normal(5)}),
    "ex10_filters.box_blur_kernel": Example(lambda: {"size": 3}),
    "ex10_filters.depthwise_conv2d": Example(lambda: {"input": normal(1, 6, 7, 2), "filter": normal(3, 2, 2, 2),
                                                      "strides": 2, "padding": "SAME"}),
    "ex10_filters.blur_image": Example(lambda: {"image": np.arange(126, dtype=np.uint8).reshape(6, 7, 3),
                                                "size": 3}),
    "ex11_im2col.im2col": Example(lambda: {"input": normal(2, 6, 7, 2), "kernel_size": 3, "strides": 2,
                                           "padding": "VALID"}),
    "ex11_im2col.conv2d_im2col": Example(lambda: {"input": normal(2, 7, 6, 3), "filters": normal(3, 2, 3, 4),
                                                  "strides": 2, "padding": "VALID", "dilations": 1}),
    "ex12_backprop.relu_backward": Example(lambda: {"x": normal(2, 3), "grad_output": normal(2, 3, seed=1)}),
    "ex12_backprop.max_pool2d_backward": Example(lambda: {"input": normal(1, 6, 6, 2),
                                                          "grad_output": normal(1, 3, 3, 2, seed=1), "ksize": 2,
                                                          "strides": 2, "padding": "VALID"}),
    "ex12_backprop.conv2d_backward": Example(lambda: {"input": normal(1, 6, 6, 2), "filters": normal(3, 3, 2, 3),
                                                      "grad_output": normal(1, 2, 2, 3, seed=1), "strides": 2,
                                                      "padding": "VALID"}),
    "ex13_keras_layer.Conv2DLayer": Example(lambda: {"filters": 2, "kernel_size": 3, "strides": 1,
                                                     "padding": "valid", "activation": None, "use_bias": True},
                                            answer=lambda layer, instance: layer_output(layer)),
    "ex13_keras_layer.Conv2DLayer.build": Example(lambda: {"input_shape": (None, 6, 6, 2)}, conv_layer,
                                                  answer=lambda _, layer: [tuple(w.shape) for w in layer.weights]),
    "ex13_keras_layer.Conv2DLayer.call": Example(lambda: {"inputs": normal(2, 6, 6, 2).astype("float32")},
                                                 built_conv_layer,
                                                 answer=lambda out, _: keras.ops.convert_to_numpy(out)),
    "ex14_lenet.build_lenet": Example(lambda: {"input_shape": (32, 32, 1), "num_classes": 10},
                                      answer=lambda model, _: model.count_params()),
    "ex16_batchnorm.batchnorm_forward": Example(lambda: {"x": normal(2, 3, 4, 2), "gamma": np.ones(2),
                                                         "beta": np.zeros(2), "moving_mean": np.zeros(2),
                                                         "moving_variance": np.ones(2), "training": True,
                                                         "momentum": 0.99, "epsilon": 1e-3}),
    "ex16_batchnorm.batchnorm_backward": Example(lambda: {"grad_out": normal(2, 3, 4, 2, seed=1),
                                                          "x": normal(2, 3, 4, 2), "gamma": np.ones(2),
                                                          "epsilon": 1e-3}),
    "ex17_dropout.dropout_forward": Example(lambda: {"x": normal(3, 4), "rate": 0.5, "training": True,
                                                     "rng": np.random.default_rng(0)}),
    "ex17_dropout.dropout_backward": Example(lambda: {"grad_out": normal(3, 4), "mask": normal(3, 4, seed=1) > 0,
                                                      "rate": 0.5}),
    "ex18_loss.softmax_cross_entropy": Example(lambda: {"logits": normal(4, 3), "labels": np.array([0, 2, 1, 1])}),
    "ex19_optimizers.sgd_momentum": Example(lambda: {"w": normal(3), "grad": normal(3, seed=1),
                                                     "velocity": np.zeros(3), "learning_rate": 0.01,
                                                     "momentum": 0.9, "nesterov": True}),
    "ex19_optimizers.rmsprop": Example(lambda: {"w": normal(3), "grad": normal(3, seed=1), "mean_square": np.zeros(3),
                                                "learning_rate": 0.001, "rho": 0.9, "epsilon": 1e-7}),
    "ex19_optimizers.adam": Example(lambda: {"w": normal(3), "grad": normal(3, seed=1), "m": np.zeros(3),
                                             "v": np.zeros(3), "t": 1, "learning_rate": 0.001, "beta_1": 0.9,
                                             "beta_2": 0.999, "epsilon": 1e-7}),
    "ex20_pool_backward.avg_pool2d_backward": Example(lambda: {"grad_out": normal(1, 3, 3, 2, seed=1),
                                                               "x": normal(1, 6, 6, 2), "ksize": 2, "strides": 2,
                                                               "padding": "VALID"}),
    "ex21_separable.separable_conv2d": Example(lambda: {"x": normal(1, 6, 7, 2),
                                                        "depthwise_filters": normal(3, 3, 2, 2),
                                                        "pointwise_filters": normal(1, 1, 4, 3), "strides": 2,
                                                        "padding": "SAME"}),
    "ex21_separable.separable_params": Example(lambda: {"kernel_size": 3, "in_channels": 4, "out_channels": 8,
                                                        "depth_multiplier": 2}),
    "ex22_residual.residual_block": Example(lambda: {"x": keras_input(8, 8, 4), "filters": 8, "stride": 2,
                                                     "name": "res"},
                                            answer=lambda out, _: tuple(out.shape)),
    "ex23_numpy_cnn.digits_splits": Example(lambda: {"seed": 0}),
    "ex23_numpy_cnn.NumpyCNN": Example(lambda: {"input_shape": (8, 8, 1), "filters": (4, 6), "num_classes": 10,
                                                "optimizer": "adam", "learning_rate": 0.02, "seed": 0},
                                       answer=lambda network, _: network.get_weights()),
    "ex23_numpy_cnn.NumpyCNN.set_weights": Example(lambda: {"weights": numpy_cnn().get_weights()}, numpy_cnn,
                                                   answer=lambda _, network: network.get_weights()),
    "ex23_numpy_cnn.NumpyCNN.forward": Example(lambda: {"images": normal(2, 8, 8, 1)}, numpy_cnn),
    "ex23_numpy_cnn.NumpyCNN.train_step": Example(lambda: {"images": normal(2, 8, 8, 1), "labels": np.array([1, 2])},
                                                  numpy_cnn),
    "ex23_numpy_cnn.train_numpy_cnn": Example(lambda: {"epochs": 1, "seed": 0},
                                              answer=lambda network, _: network.get_weights()),
    "ex24_transposed_conv.conv2d_transpose": Example(lambda: {"x": normal(2, 3, 4, 2), "filters": normal(3, 2, 3, 2),
                                                              "output_shape": (2, 6, 8, 3), "strides": 2,
                                                              "padding": "SAME"}),
    "ex25_boxes.iou": Example(lambda: {"box1": np.array([0.0, 0, 2, 2]), "box2": np.array([1.0, 1, 3, 3])}),
    "ex25_boxes.non_max_suppression": Example(lambda: {"boxes": np.array([[0.0, 0, 2, 2], [0, 0.2, 2, 2.2]]),
                                                       "scores": np.array([0.8, 0.9]), "max_output_size": 2,
                                                       "iou_threshold": 0.5}),
    "ex25_boxes.encode_boxes": Example(lambda: {"boxes": np.array([[1.0, 0, 5, 4]]),
                                                "anchors": np.array([[0.0, 0, 4, 2]])}),
    "ex25_boxes.decode_boxes": Example(lambda: {"offsets": normal(1, 4), "anchors": np.array([[0.0, 0, 4, 2]])}),
    "ex26_mean_iou.per_class_iou": Example(lambda: {"y_true": np.array([[0, 0, 0, 1], [0, 0, 2, 2]]),
                                                    "y_pred": np.array([[0, 0, 1, 1], [0, 2, 2, 2]]),
                                                    "num_classes": 4}),
    "ex26_mean_iou.mean_iou": Example(lambda: {"y_true": np.array([[0, 0, 0, 1], [0, 0, 2, 2]]),
                                               "y_pred": np.array([[0, 0, 1, 1], [0, 2, 2, 2]]), "num_classes": 4}),
    "ex27_unet.unet_down_block": Example(lambda: {"x": keras_input(8, 6, 3), "filters": 4, "name": "down"},
                                         answer=lambda out, _: [tuple(tensor.shape) for tensor in out]),
    "ex27_unet.unet_up_block": Example(lambda: {"x": keras_input(4, 3, 8), "skip": keras_input(8, 6, 4),
                                                "filters": 4, "name": "up"},
                                       answer=lambda out, _: tuple(out.shape)),
    "ex28_style.gram_matrix": Example(lambda: {"features": normal(2, 3, 5, 4)}),
    "ex28_style.content_cost": Example(lambda: {"a_C": normal(2, 3, 5, 4), "a_G": normal(2, 3, 5, 4, seed=1)}),
    "ex28_style.style_cost": Example(lambda: {"style_features": [normal(1, 4, 4, 3), normal(1, 2, 2, 5)],
                                              "generated_features": [normal(1, 4, 4, 3, seed=1),
                                                                     normal(1, 2, 2, 5, seed=1)],
                                              "weights": [0.7, 0.3]}),
    "ex28_style.total_cost": Example(lambda: {"J_content": 2.0, "J_style": 0.5, "alpha": 10.0, "beta": 40.0}),
    "ex28_style.texture_features": Example(lambda: {"images": normal(2, 8, 6, 3),
                                                    "filters": [normal(3, 3, 3, 4), normal(3, 3, 4, 2, seed=1)]}),
    "ex28_style.synthesize_texture": Example(lambda: {"style_image": np.random.default_rng(0).uniform(size=(8, 8, 3)),
                                                      "filters": [normal(3, 3, 3, 4)], "steps": 2,
                                                      "learning_rate": 0.05, "seed": 0}),
    "ex29_triplet.triplet_loss": Example(lambda: {"anchor": normal(4, 3), "positive": normal(4, 3, seed=1),
                                                  "negative": normal(4, 3, seed=2), "alpha": 0.5}),
    "ex29_triplet.pair_distances": Example(lambda: {"embeddings_a": normal(4, 3),
                                                    "embeddings_b": normal(4, 3, seed=1)}),
    "ex29_triplet.best_threshold": Example(lambda: {"distances": np.array([0.5, 1.2, 0.3, 2.0]),
                                                    "same": np.array([True, False, True, False])}),
    "ex29_triplet.verification_accuracy": Example(lambda: {"distances": np.array([0.5, 1.2, 0.3, 2.0]),
                                                           "same": np.array([True, False, True, False]),
                                                           "threshold": 0.5}),
    "ex30_saliency.saliency": Example(lambda: {"model": logits_model((5, 4, 3), 3),
                                               "x": normal(2, 5, 4, 3).astype("float32"),
                                               "class_index": np.array([1, 1])}),
    "ex30_saliency.fgsm": Example(lambda: {"model": logits_model((5, 4, 3), 3),
                                           "x": normal(2, 5, 4, 3).astype("float32"),
                                           "y": np.array([0, 2]), "epsilon": 0.1}),
    "ex31_transfer.class_indices": Example(lambda: {"labels": np.array([7, 5, 9]), "classes": (5, 6, 7, 8, 9)}),
    "ex31_transfer.transfer_model": Example(lambda: {"base": lenet_base(), "num_classes": 5, "feature_layer": "fc1",
                                                     "name": "transfer"},
                                            answer=lambda model, _: (model.count_params(),
                                                                     len(model.trainable_weights))),
    "ex31_transfer.fine_tune": Example(lambda: {"model": transfer_model(),
                                               "images": normal(10, 32, 32, 1).astype("float32"),
                                               "labels": np.repeat(np.arange(5, 10), 2), "classes": (5, 6, 7, 8, 9),
                                               "epochs": 1, "learning_rate": 0.01},
                                       answer=lambda history, _: len(history.epoch)),
}
DOCUMENTED = {key: value for exercise in EXERCISES for key, value in documented(exercise.module).items()}


def test_every_documented_function_has_an_example_and_every_example_a_documented_function():
    assert sorted(DOCUMENTED) == sorted(EXAMPLES)


@pytest.mark.parametrize("key", DOCUMENTED)
def test_every_parameter_is_documented_once_with_known_types(key):
    parameters, types = DOCUMENTED[key]
    assert list(types) == parameters, f"{key}: the Args section lists {list(types)}, the signature {parameters}"
    for name, alternatives in types.items():
        unknown = [kind for kind in alternatives if kind not in TYPES]
        assert not unknown, f"{key}: {name}'s type {unknown} is none of {sorted(TYPES)}"


def call(key, example, arguments):
    module, _, name = key.partition(".")
    solution = importlib.import_module(f"solutions.{module}")
    instance = example.instance() if example.instance else None
    target = getattr(instance, name.partition(".")[2]) if instance is not None else solution
    if instance is None:
        for part in name.split("."):
            target = getattr(target, part)
    return example.answer(target(**arguments), instance)


@pytest.mark.parametrize("key", DOCUMENTED)
def test_the_solution_takes_every_type_its_docstring_documents(key):
    example, (_, types) = EXAMPLES[key], DOCUMENTED[key]
    arguments = example.arguments()
    for name, value in arguments.items():
        kinds = [kind for kind in types[name] if TYPES[kind](value)]
        assert kinds, f"{key}: the example's {name}={value!r:.60} is not of its documented type {types[name]}"
    expected = call(key, example, arguments)
    for name, value in arguments.items():
        written_as = next(kind for kind in types[name] if TYPES[kind](value))
        for other in types[name]:
            if other == written_as or TYPES[other](value):
                continue
            assert (written_as, other) in SAME_VALUE, f"{key}: no way to write {name}={value!r:.40} as {other}"
            same = SAME_VALUE[(written_as, other)](value)
            assert TYPES[other](same), f"{key}: {name}={value!r:.40} can't be written as a {other}"
            answer = call(key, example, {**example.arguments(), name: same})
            assert same_values(answer, expected), f"{key}: {name}={same!r} (a {other}) gives another answer"


SEEDED_TYPES = {"Generator"}


GIVEN_RANDOMNESS = [key for key, (parameters, types) in DOCUMENTED.items()
                    if "seed" in parameters or any(SEEDED_TYPES & set(kinds) for kinds in types.values())]  # fmt: skip


@pytest.mark.parametrize("key", GIVEN_RANDOMNESS)
def test_every_function_given_a_generator_or_seed_is_checked_for_using_it(key):
    """Its exercise's tests call check_seeded, naming the function in the call they describe."""
    module, _, name = key.partition(".")
    tree = ast.parse((ROOT / "exercises" / "tests" / f"test_{module}.py").read_text())
    described = [  # the texts inside its check_seeded calls (an f-string's too)
        constant.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) == "check_seeded"
        for constant in ast.walk(node)
        if isinstance(constant, ast.Constant) and isinstance(constant.value, str)
    ]
    function = name.split(".")[0]
    assert any(text.startswith(function) for text in described), f"no check_seeded for {key} in test_{module}.py"
