"""Likely cause: the ReLU came before the addition."""

from keras import layers

from solutions.ex22_residual import main_path, projection


def residual_block(x, filters, stride=1, name="res"):
    shortcut = projection(x, filters, stride, name) if stride != 1 or x.shape[-1] != filters else x
    x = layers.Activation("relu", name=f"{name}_2_relu")(main_path(x, filters, stride, name))  # as the first half
    return layers.Add(name=f"{name}_out")([shortcut, x])
