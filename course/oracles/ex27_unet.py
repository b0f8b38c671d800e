"""Exercise 27, a U-Net's blocks in Keras: the reference blocks, and the known mistakes.

The reference is :func:`reference_down_block` and :func:`reference_up_block`, built with Keras layers
(the zoo's ``unet`` follows the same conventions). The student's blocks are built into the same models
as the reference (:func:`reference_model`, the drivers' ``_unet_model``): a block alone, or the smallest
U-Net. Their outputs' shapes and parameter counts are compared, then their outputs with the reference's
weights; a mistake is the reference built the wrong way, shaped, counted and run by Keras itself.
"""

import keras
import numpy as np

from course import keras_drivers

UNET_MISTAKES = {
    "skip after pooling": "the skip was taken after the pooling. The skip is the second convolution's output, "
    "at full size, before MaxPooling2D: return (skip, pooled).",
    "outputs swapped": "the down block returned (pooled, skip). Return the skip first: (skip, down).",
    "one conv": "a block had one 3x3 convolution. Each block has two, {name}_conv1 then {name}_conv2, both "
    'Conv2D(filters, 3, padding="same", activation="relu").',
    "conv kernel 2": "the convolutions had 2x2 kernels. They are 3x3: Conv2D(filters, 3, ...); only the "
    "up-convolution is 2x2.",
    "upconv kernel 3": "the up-convolution had a 3x3 kernel. It is Conv2DTranspose(filters, 2, strides=2, "
    'padding="same"): with a 2x2 kernel and stride 2 each input pixel paints its own 2x2 of the output.',
    "upsampling": "the up-sampling was a plain UpSampling2D, which has no weights and keeps x's channels. "
    'U-Net learns it: Conv2DTranspose(filters, 2, strides=2, padding="same").',
    "added": "the skip was added to the up-sampled tensor. U-Net concatenates them, keeping both side by "
    "side in the channels: Concatenate()([up, skip]).",
    "no skip": "the skip was left out: the up block never used it. Concatenate it to the up-sampled tensor, "
    "Concatenate()([up, skip]), before the two convolutions.",
    "concat order": "the concatenation was [skip, up]. The up-sampled tensor comes first: "
    "Concatenate()([up, skip]); in the other order the first convolution's weights meet other channels.",
}
DOWN_MISTAKES = ("skip after pooling", "outputs swapped", "one conv", "conv kernel 2")
UP_MISTAKES = ("upsampling", "added", "no skip", "concat order", "upconv kernel 3", "one conv", "conv kernel 2")
PART_MISTAKES = {"down": DOWN_MISTAKES, "up": UP_MISTAKES, "unet": DOWN_MISTAKES + UP_MISTAKES}
# What keras.layers.Add, and + on Keras tensors, say when the skip's channels differ from the up-sampled ones.
ADDED_CRASH = (UNET_MISTAKES["added"], r"Inputs have incompatible shapes|Cannot broadcast shape")


def _convs(x, filters, name, mistake):
    kernel = 2 if mistake == "conv kernel 2" else 3
    for i in (1,) if mistake == "one conv" else (1, 2):
        x = keras.layers.Conv2D(filters, kernel, padding="same", activation="relu", name=f"{name}_conv{i}")(x)
    return x


def reference_down_block(x, filters, name, mistake=None):
    """(skip, down), as exercise 27 builds them; ``mistake`` (one of DOWN_MISTAKES) builds them wrongly."""
    skip = _convs(x, filters, name, mistake)
    down = keras.layers.MaxPooling2D(2, name=f"{name}_pool")(skip)
    return {"skip after pooling": (down, down), "outputs swapped": (down, skip)}.get(mistake, (skip, down))


def reference_up_block(x, skip, filters, name, mistake=None):
    """The up block's output, as exercise 27 builds it; ``mistake`` (one of UP_MISTAKES) builds it wrongly."""
    layers = keras.layers
    if mistake == "upsampling":
        up = layers.UpSampling2D(2, name=f"{name}_upconv")(x)
    else:
        kernel = 3 if mistake == "upconv kernel 3" else 2
        up = layers.Conv2DTranspose(filters, kernel, strides=2, padding="same", name=f"{name}_upconv")(x)
    if mistake == "added":
        up = layers.Add(name=f"{name}_concat")([up, skip])
    elif mistake != "no skip":
        up = layers.Concatenate(name=f"{name}_concat")([skip, up] if mistake == "concat order" else [up, skip])
    return _convs(up, filters, name, mistake)


def reference_model(part, input_shape, filters, name, mistake=None, seed=None):
    """The reference blocks as the drivers' ``_unet_model`` builds the student's: part "down" (outputs skip,
    down), "up" (inputs of the two shapes ``input_shape``: x, skip) or "unet" (down block, a middle
    convolution, up block). With ``seed``: random weights, biases too. None if the mistake can't be built
    on these shapes (its layers don't fit together)."""
    down_mistake, up_mistake = (mistake if mistake in kinds else None for kinds in (DOWN_MISTAKES, UP_MISTAKES))
    try:
        if part == "up":
            inputs = [keras.Input(shape) for shape in input_shape]
            outputs = reference_up_block(*inputs, filters, name, up_mistake)
        else:
            inputs = keras.Input(input_shape)
            if part == "down":
                outputs = list(reference_down_block(inputs, filters, name, down_mistake))
            else:
                skip, down = reference_down_block(inputs, filters, f"{name}_down", down_mistake)
                middle = keras.layers.Conv2D(2 * filters, 3, padding="same", activation="relu",
                                             name=f"{name}_middle")(down)  # fmt: skip
                outputs = reference_up_block(middle, skip, filters, f"{name}_up", up_mistake)
    except ValueError:
        return None
    model = keras.Model(inputs, outputs)
    if seed is not None:
        rng = np.random.default_rng(seed)
        for layer in keras_drivers.layers_with_weights(model):
            layer.set_weights([rng.normal(0, 0.3, w.shape) for w in layer.get_weights()])
    return model


def output_shapes(model):
    return [tuple(output.shape[1:]) for output in model.outputs]


def summary_mistakes(part, input_shape, filters, name, measure):
    """For :func:`course.harness.compare_equal`: what each mistake of ``part`` gives, ``measure(model)`` of
    the reference built that way (None where it can't be built)."""

    def compute(mistake):
        model = reference_model(part, input_shape, filters, name, mistake)
        return None if model is None else measure(model)

    return [(UNET_MISTAKES[mistake], lambda mistake=mistake: compute(mistake)) for mistake in PART_MISTAKES[part]]


def weights_by_name(model):
    return {layer.name: layer.get_weights() for layer in keras_drivers.layers_with_weights(model)}


def unet_output(model, x):
    """The small U-Net's output on ``x``: its only output."""
    return keras.ops.convert_to_numpy(model(x))


def unet_output_mistakes(input_shape, filters, name, weights, x):
    """For :func:`course.harness.compare`: the small U-Net built each known wrong way, given these weights
    where its layers take them (the same names and shapes as the reference's; else None), on ``x``."""

    def compute(mistake):
        model = reference_model("unet", input_shape, filters, name, mistake)
        if model is None or keras_drivers.set_weights_by_name(model, weights):
            return None
        return unet_output(model, x)

    return [(UNET_MISTAKES[mistake], lambda mistake=mistake: compute(mistake)) for mistake in PART_MISTAKES["unet"]]
