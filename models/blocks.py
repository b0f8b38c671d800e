"""The shared building blocks every zoo model is made of.

A CNN for classification is a stack of *conv blocks* (convolutions that find
local patterns, then pooling that shrinks the feature maps) followed by a
*classifier head* (flatten, dense layers, softmax). The blur model instead uses
a *fixed-filter block*: a convolution whose kernel is chosen by hand, not learned.

Layers are named by block, as in ``keras.applications``: ``block1_conv1``,
``block1_pool``, ``fc1``, ``predictions``.
"""

import keras
import numpy as np
from keras import layers


def conv_block(
    x,
    block,
    filters,
    num_convs=1,
    kernel_size=3,
    padding="same",
    batch_norm=False,
    activation="relu",
    pooling="max",
):
    """Adds ``num_convs`` convolutions, then optional pooling, to ``x``.

    Args:
        x: the input tensor (NHWC).
        block: the block number, used in layer names (``block{block}_conv1``).
        filters: the number of filters of each convolution.
        num_convs: how many convolutions in a row.
        kernel_size: the size of each convolution's kernel.
        padding: ``"same"`` or ``"valid"``.
        batch_norm: whether each convolution is followed by batch normalisation
            (then the activation comes after it, as its own layer).
        activation: the activation of each convolution.
        pooling: ``"max"``, ``"avg"`` or ``None``: a 2x2 pooling at the end.

    Returns:
        The output tensor.
    """
    if pooling not in ("max", "avg", None):
        raise ValueError(f"pooling must be 'max', 'avg' or None, got {pooling!r}")
    prefix = f"block{block}"
    for i in range(1, num_convs + 1):
        x = layers.Conv2D(
            filters,
            kernel_size,
            padding=padding,
            activation=None if batch_norm else activation,
            name=f"{prefix}_conv{i}",
        )(x)
        if batch_norm:
            x = layers.BatchNormalization(name=f"{prefix}_bn{i}")(x)
            x = layers.Activation(activation, name=f"{prefix}_act{i}")(x)
    if pooling == "max":
        x = layers.MaxPooling2D(2, name=f"{prefix}_pool")(x)
    elif pooling == "avg":
        x = layers.AveragePooling2D(2, name=f"{prefix}_pool")(x)
    return x


def classifier_head(x, num_classes, units=(), pooling="flatten", dropout=0.0, activation="relu"):
    """Turns feature maps into class probabilities.

    Args:
        x: the last feature maps (NHWC).
        num_classes: the number of classes (units of the softmax layer).
        units: the sizes of the hidden dense layers, named ``fc1``, ``fc2``...
        pooling: ``"flatten"`` keeps every position, ``"avg"`` averages each
            channel over the image (global average pooling).
        dropout: the rate of a dropout layer put in front of each dense layer
            (0 for none). Dropout zeroes random inputs while training only.
        activation: the activation of the hidden dense layers.

    Returns:
        The softmax output tensor, named ``predictions``.
    """
    if pooling == "flatten":
        x = layers.Flatten(name="flatten")(x)
    elif pooling == "avg":
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    else:
        raise ValueError(f"pooling must be 'flatten' or 'avg', got {pooling!r}")
    dense_layers = [(f"fc{i}", size, activation) for i, size in enumerate(units, start=1)]
    dense_layers.append(("predictions", num_classes, "softmax"))
    for name, size, layer_activation in dense_layers:
        if dropout:
            x = layers.Dropout(dropout, name=f"{name}_dropout")(x)
        x = layers.Dense(size, activation=layer_activation, name=name)(x)
    return x


@keras.saving.register_keras_serializable(package="models")
class FixedFilter(layers.Layer):
    """Applies one hand-chosen 2-D kernel to every channel on its own.

    This is a depthwise convolution with a kernel that training never changes:
    channel ``c`` of the output is the kernel slid over channel ``c`` of the
    input, so colours never mix. The kernel is a non-trainable weight.

    Args:
        kernel: a 2-D array (kh, kw), for example ``np.ones((5, 5)) / 25``.
        padding: ``"same"`` (output as large as the input) or ``"valid"``.
    """

    def __init__(self, kernel, padding="same", **kwargs):
        super().__init__(**kwargs)
        kernel = np.asarray(kernel, dtype="float32")
        if kernel.ndim != 2 or 0 in kernel.shape:
            raise ValueError(f"kernel must be a non-empty 2-D array, got shape {kernel.shape}")
        if padding not in ("same", "valid"):
            raise ValueError(f"padding must be 'same' or 'valid', got {padding!r}")
        self.kernel_values = kernel
        self.padding = padding

    def build(self, input_shape):
        channels = input_shape[-1]
        if channels is None:
            raise ValueError("FixedFilter needs a known number of input channels")
        per_channel = np.repeat(self.kernel_values[:, :, None, None], channels, axis=2)
        self.kernel = self.add_weight(
            name="kernel",
            shape=per_channel.shape,
            initializer=keras.initializers.Constant(per_channel),
            trainable=False,
        )

    def call(self, inputs):
        return keras.ops.depthwise_conv(inputs, self.kernel, strides=1, padding=self.padding)

    def compute_output_shape(self, input_shape):
        if self.padding == "same":
            return input_shape
        kh, kw = self.kernel_values.shape
        n, h, w, c = input_shape
        return (n, None if h is None else h - kh + 1, None if w is None else w - kw + 1, c)

    def get_config(self):
        config = super().get_config()
        config.update({"kernel": self.kernel_values.tolist(), "padding": self.padding})
        return config


def fixed_filter_block(x, kernel, name, padding="same"):
    """Adds a :class:`FixedFilter` layer called ``name`` to ``x``."""
    return FixedFilter(kernel, padding=padding, name=name)(x)
