"""Exercise 22, a ResNet basic block in Keras: the reference block, and the known mistakes.

The reference is :func:`reference_residual_block`, built with Keras layers; a block's structure is
compared path by path (:func:`residual_paths`), and its outputs with the same weights, in inference
and in training, to those of the reference and of the block built the known wrong ways.
"""

import keras
import numpy as np

from course import keras_drivers


def reference_residual_block(x, filters, stride=1, name="res", mistake=None):
    """The reference basic block, its layers named as keras.applications's ResNet names them.

    ``mistake`` builds it wrongly instead: "relu before add", "relu before and after add", "stride on the
    second conv" or "conv biases"."""
    layers = keras.layers
    first_stride, second_stride = (1, stride) if mistake == "stride on the second conv" else (stride, 1)
    bias = mistake == "conv biases"
    main = keras.Sequential([
        layers.Conv2D(filters, 3, strides=first_stride, padding="same", use_bias=bias, name=f"{name}_1_conv"),
        layers.BatchNormalization(name=f"{name}_1_bn"),
        layers.Activation("relu", name=f"{name}_1_relu"),
        layers.Conv2D(filters, 3, strides=second_stride, padding="same", use_bias=bias, name=f"{name}_2_conv"),
        layers.BatchNormalization(name=f"{name}_2_bn"),
    ], name=f"{name}_main")(x)  # fmt: skip
    if mistake in ("relu before add", "relu before and after add"):
        main = layers.Activation("relu", name=f"{name}_2_relu")(main)
    shortcut = x
    if needs_projection(x.shape[-1], filters, stride):
        shortcut = keras.Sequential([
            layers.Conv2D(filters, 1, strides=stride, use_bias=bias, name=f"{name}_0_conv"),
            layers.BatchNormalization(name=f"{name}_0_bn"),
        ], name=f"{name}_shortcut")(x)  # fmt: skip
    out = layers.Add(name=f"{name}_add")([shortcut, main])
    return out if mistake == "relu before add" else layers.Activation("relu", name=f"{name}_out")(out)


def needs_projection(in_channels, filters, stride):
    return stride != 1 or in_channels != filters


def residual_paths(in_channels, filters, stride, mistake=None):
    """The block as the kinds of layer on each path (see :func:`course.keras_drivers.operation_kind`):
    the main path and the shortcut from the input to the addition, then what follows it."""
    first_stride, second_stride = (1, stride) if mistake == "stride on the second conv" else (stride, 1)
    main = [f"conv 3x3 stride {first_stride}", "batch norm", "relu", f"conv 3x3 stride {second_stride}", "batch norm"]
    shortcut = [f"conv 1x1 stride {stride}", "batch norm"] if needs_projection(in_channels, filters, stride) else []
    if mistake == "no projection":
        shortcut = []
    if mistake in ("relu before add", "relu before and after add"):
        main.append("relu")
    return {"main": main, "shortcut": shortcut, "after": [] if mistake == "relu before add" else ["relu"]}


RESIDUAL_MISTAKES = {
    "relu before add": "the ReLU came before the addition. The block adds the shortcut to the second "
    "batch normalisation's output, and only then applies the ReLU: relu(shortcut + bn2).",
    "relu before and after add": "a ReLU came before the addition as well as after it. The second batch "
    "normalisation's output goes straight into the addition: relu(shortcut + bn2).",
    "stride on the second conv": "the stride was on the second convolution. It goes on the first 3x3 "
    "convolution (and on the 1x1 projection), as keras.applications's ResNet puts it on its block's first.",
    "no projection": "the shortcut had no projection. When the stride or the width changes, the shortcut "
    "must change shape too: a 1x1 convolution with the stride, then batch normalisation.",
    "conv biases": "the convolutions have biases. A batch normalisation follows each one and subtracts the "
    "mean, so a bias would be undone: Conv2D(..., use_bias=False); beta is the bias.",
}
# What keras.layers.Add, and + on Keras tensors, say when the shortcut and the main path differ in shape.
NO_PROJECTION_CRASH = (RESIDUAL_MISTAKES["no projection"], r"Inputs have incompatible shapes|Cannot broadcast shape")


def block_paths(graph):
    """A block's paths, as :func:`residual_paths` gives them, from the graph a driver read
    (:func:`course.keras_drivers.residual_block_graph`); None if it has not exactly one two-input addition."""
    nodes = {name: (kind, parents) for name, kind, parents in graph}
    adds = [name for name, (kind, parents) in nodes.items() if kind == "add" and len(parents) == 2]
    if len(adds) != 1:
        return None

    def kinds_back(name, stop):
        """The kinds from just after ``stop`` (an input, or the addition) up to ``name``."""
        kinds = []
        while name != stop and nodes[name][0] != "input":
            kind, parents = nodes[name]
            kinds.append(kind)
            if not parents:
                break
            name = parents[0]
        return kinds[::-1]

    shortcut, main = sorted((kinds_back(parent, None) for parent in nodes[adds[0]][1]), key=len)
    return {"main": main, "shortcut": shortcut, "after": kinds_back(graph[-1][0], adds[0])}


def residual_path_causes(found, in_channels, filters, stride):
    """The explanations of the known mistakes that give the paths ``found`` (and not the right ones)."""
    expected = residual_paths(in_channels, filters, stride)
    causes = []
    for mistake, explanation in RESIDUAL_MISTAKES.items():
        variant = residual_paths(in_channels, filters, stride, mistake)
        if variant == expected:
            continue
        if mistake == "no projection":  # whatever the shortcut does instead, it has no convolution
            fits = found["main"] == variant["main"] and not any(kind.startswith("conv") for kind in found["shortcut"])
        else:
            fits = found == variant
        if fits:
            causes.append(explanation)
    return causes


def residual_params_mistakes(input_shape, filters, stride, name):
    """The parameter counts of blocks built the known wrong ways, each counted by Keras on this case
    (None where the mistake changes nothing here): with biases in the convolutions, or without the
    projection (the right block's count less its projection's, since a block without one can't be built
    where the shapes differ)."""

    def without_projection():
        if not needs_projection(input_shape[-1], filters, stride):
            return None
        model = residual_model(input_shape, filters, stride, name)
        return model.count_params() - model.get_layer(f"{name}_shortcut").count_params()

    return [
        (RESIDUAL_MISTAKES["no projection"], without_projection),
        (RESIDUAL_MISTAKES["conv biases"],
         lambda: residual_model(input_shape, filters, stride, name, "conv biases").count_params()),
    ]  # fmt: skip


def residual_model(input_shape, filters, stride, name, mistake=None, seed=0):
    """The reference block as a model on ``input_shape``, with random weights and batch statistics."""
    inputs = keras.Input(input_shape)
    model = keras.Model(inputs, reference_residual_block(inputs, filters, stride, name, mistake))
    rng = np.random.default_rng(seed)
    for layer in keras_drivers.layers_with_weights(model):
        weights = layer.get_weights()
        if isinstance(layer, keras.layers.BatchNormalization):  # gamma, beta, moving mean, moving variance
            weights = [rng.uniform(0.5, 1.5, w.shape) if i in (0, 3) else rng.normal(0, 0.5, w.shape)
                       for i, w in enumerate(weights)]  # fmt: skip
        else:
            weights = [rng.normal(0, 0.3, w.shape) for w in weights]
        layer.set_weights(weights)
    return model


def weights_by_name(model):
    return {layer.name: layer.get_weights() for layer in keras_drivers.layers_with_weights(model)}


def residual_output_mistakes(input_shape, filters, stride, name, x, weights):
    """For each mode ("inference", "training"), the mistakes' outputs with these weights."""
    mistakes = {"inference": [], "training": []}
    for mistake in ("relu before add", "relu before and after add", "stride on the second conv"):  # same weights
        model = residual_model(input_shape, filters, stride, name, mistake)
        for layer in keras_drivers.layers_with_weights(model):
            layer.set_weights(weights[layer.name])
        outputs = keras_drivers.block_outputs(model, x)
        for mode, found in mistakes.items():
            found.append((RESIDUAL_MISTAKES[mistake], lambda out=outputs[mode]: out))
    return mistakes
