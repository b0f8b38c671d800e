"""Checks of the oracles' own reasoning (course/oracles/) that need no student process."""

import ast
from pathlib import Path
from types import SimpleNamespace

import keras
from keras import layers

from course import keras_drivers
from course.catalog import find
from course.oracles import ex22_residual
from solutions.ex22_residual import main_path


def zero_padded_shortcut_block(x, filters, stride=1, name="res"):
    """A residual block with the zoo's weightless shortcut (subsampled, channels padded with zeros)."""
    shortcut = x
    if stride != 1 or x.shape[-1] != filters:
        shortcut = keras.ops.pad(x[:, ::stride, ::stride, :], [[0, 0], [0, 0], [0, 0], [0, filters - x.shape[-1]]])
    x = layers.Add(name=f"{name}_add")([shortcut, main_path(x, filters, stride, name)])
    return layers.Activation("relu", name=f"{name}_out")(x)


def test_a_shortcut_without_weights_is_named_no_projection():
    student = SimpleNamespace(residual_block=zero_padded_shortcut_block)
    graph = keras_drivers.residual_block_graph(student, (8, 8, 16), 32, 2, "block")["graph"]
    found = ex22_residual.block_paths(graph)
    assert found["shortcut"] == ["GetItem", "Pad"] and found["main"][0] == "conv 3x3 stride 2"
    assert ex22_residual.residual_path_causes(found, 16, 32, 2) == [ex22_residual.RESIDUAL_MISTAKES["no projection"]]


def test_each_exercise_oracle_is_named_like_its_exercise_and_says_which_it_serves():
    paths = sorted((Path(ex22_residual.__file__).parent).glob("ex*.py"))
    assert paths
    for path in paths:
        exercise = find(path.stem)  # a name the catalog doesn't know raises ValueError
        docstring = ast.get_docstring(ast.parse(path.read_text()))
        assert docstring and docstring.startswith(f"Exercise {exercise.number}, "), path.name
