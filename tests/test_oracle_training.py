"""Checks of exercises/oracle_training.py's own reasoning that need no student process."""

from types import SimpleNamespace

import keras
from keras import layers

from course import drivers
from course.oracles import training as oracle_training
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
    graph = drivers.residual_block_graph(student, (8, 8, 16), 32, 2, "block")["graph"]
    found = oracle_training.block_paths(graph)
    assert found["shortcut"] == ["GetItem", "Pad"] and found["main"][0] == "conv 3x3 stride 2"
    assert oracle_training.residual_path_causes(found, 16, 32, 2) == [
        oracle_training.RESIDUAL_MISTAKES["no projection"]
    ]
