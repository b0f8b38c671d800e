"""The shared building blocks every zoo model is made of.

A CNN for classification is a stack of blocks that find local patterns and
shrink the feature maps, followed by a *classifier head* (flatten or global
average pooling, dense layers, softmax). The zoo has four kinds of block:

- :func:`conv_block`: convolutions, then pooling (LeNet, VGG);
- :func:`zero_pad_residual_block`: two convolutions whose output is *added* to the
  block's input (ResNet);
- :func:`separable_block`: a depthwise convolution, then a 1x1 one (MobileNet);
- :func:`fixed_filter_block`: a convolution with a hand-chosen kernel (blur);

and the two halves of a U-Net (Ronneberger et al., 2015), which gives every
pixel a class instead of the whole image one:

- :func:`unet_down_block`: two convolutions, kept as the *skip*, then pooling;
- :func:`unet_up_block`: a transposed convolution that doubles the size, the
  skip of the same size concatenated to it, then two convolutions.

Every block takes a name prefix, as in ``keras.applications``, and names its
layers after it: ``conv_block(x, 32, name="block1")`` makes ``block1_conv1``
and ``block1_pool``; ``zero_pad_residual_block(x, 16, name="conv2_block1")`` makes
``conv2_block1_1_conv``, ``conv2_block1_1_bn``...
"""

import keras
import numpy as np
from keras import layers

# Keras's default momentum, 0.99, makes the moving mean and variance that batch
# normalisation uses at test time an average over the last ~100 batches. An epoch
# of digits is only ~34 batches, so after 10 epochs those statistics still
# remember the first, untrained ones and validation accuracy stays near chance.
# 0.9 averages over the last ~10 batches: they keep up within an epoch.
BATCH_NORM_MOMENTUM = 0.9


def conv_block(
    x,
    filters,
    num_convs=1,
    kernel_size=3,
    padding="same",
    batch_norm=False,
    activation="relu",
    pooling="max",
    *,
    name,
):
    """Adds ``num_convs`` convolutions, then optional 2x2 pooling, to ``x``.

    Args:
        x: the input tensor (NHWC).
        filters: the number of filters of each convolution.
        num_convs: how many convolutions in a row.
        kernel_size: the size of each convolution's kernel.
        padding: ``"same"`` or ``"valid"``.
        batch_norm: whether each convolution is followed by batch normalisation
            (then the activation comes after it, as its own layer).
        activation: the activation of each convolution.
        pooling: ``"max"``, ``"avg"`` or ``None``: a 2x2 pooling at the end.
        name: the prefix of the layer names: ``{name}_conv1``, ``{name}_pool``.

    Returns:
        The output tensor.
    """
    if pooling not in ("max", "avg", None):
        raise ValueError(f"pooling must be 'max', 'avg' or None, got {pooling!r}")
    for i in range(1, num_convs + 1):
        x = layers.Conv2D(
            filters,
            kernel_size,
            padding=padding,
            activation=None if batch_norm else activation,
            name=f"{name}_conv{i}",
        )(x)
        if batch_norm:
            x = layers.BatchNormalization(momentum=BATCH_NORM_MOMENTUM, name=f"{name}_bn{i}")(x)
            x = layers.Activation(activation, name=f"{name}_act{i}")(x)
    if pooling == "max":
        x = layers.MaxPooling2D(2, name=f"{name}_pool")(x)
    elif pooling == "avg":
        x = layers.AveragePooling2D(2, name=f"{name}_pool")(x)
    return x


def conv_bn_relu(x, filters, kernel_size=3, strides=1, activation="relu", *, name):
    """A convolution without bias, batch normalisation, then the activation:
    ``{name}_conv``, ``{name}_bn``, ``{name}_relu``. (The convolution needs no
    bias: batch normalisation subtracts the mean and adds its own offset.)"""
    x = layers.Conv2D(filters, kernel_size, strides=strides, padding="same", use_bias=False, name=f"{name}_conv")(x)
    x = layers.BatchNormalization(momentum=BATCH_NORM_MOMENTUM, name=f"{name}_bn")(x)
    return layers.Activation(activation, name=f"{name}_relu")(x)


def zero_pad_residual_block(x, filters, strides=1, *, name):
    """Adds a basic residual block of He et al. (2016) to ``x``.

    Two 3x3 convolutions, each with batch normalisation, compute a correction
    F(x) that is *added* to the input: the block outputs relu(x + F(x)). If the
    block has nothing to add, F can learn 0 and pass x through unchanged, so
    stacking more blocks never has to make a network worse; and the gradient
    reaches early layers through the additions undiminished.

    When the block halves the feature maps (``strides=2``) and doubles the
    channels, the shortcut must change shape too: a :class:`ZeroPadShortcut`.

    Args:
        x: the input tensor (NHWC).
        filters: the channels of both convolutions and of the output.
        strides: 1, or 2 to halve the height and width.
        name: the prefix of the layer names: ``{name}_0_shortcut`` (if the
            shape changes), ``{name}_1_conv``, ``{name}_1_bn``, ``{name}_1_relu``,
            ``{name}_2_conv``, ``{name}_2_bn``, ``{name}_add``, ``{name}_out``.

    Returns:
        The output tensor.
    """
    shortcut = x
    x = conv_bn_relu(x, filters, strides=strides, name=f"{name}_1")
    x = layers.Conv2D(filters, 3, padding="same", use_bias=False, name=f"{name}_2_conv")(x)
    x = layers.BatchNormalization(momentum=BATCH_NORM_MOMENTUM, name=f"{name}_2_bn")(x)
    if strides != 1 or shortcut.shape[-1] != filters:
        shortcut = ZeroPadShortcut(filters, strides, name=f"{name}_0_shortcut")(shortcut)
    x = layers.Add(name=f"{name}_add")([shortcut, x])
    return layers.Activation("relu", name=f"{name}_out")(x)


@keras.saving.register_keras_serializable(package="models")
class ZeroPadShortcut(layers.Layer):
    """The residual shortcut of a block that changes shape, without weights.

    It keeps every ``strides``-th pixel of each row and column, and pads the
    channels with zeros (half before, half after) up to ``filters``: He et
    al.'s "option A", so a ResNet has exactly as many parameters as the same
    stack of convolutions without shortcuts.

    Args:
        filters: the channels of the output, at least those of the input.
        strides: keep every ``strides``-th row and column.
    """

    def __init__(self, filters, strides=1, **kwargs):
        super().__init__(**kwargs)
        self.filters = filters
        self.strides = strides

    def call(self, inputs):
        x = inputs[:, :: self.strides, :: self.strides, :]
        extra = self.filters - x.shape[-1]
        return keras.ops.pad(x, [[0, 0], [0, 0], [0, 0], [extra // 2, extra - extra // 2]])

    def compute_output_shape(self, input_shape):
        n, h, w, _ = input_shape
        return (n, *(None if d is None else -(-d // self.strides) for d in (h, w)), self.filters)

    def get_config(self):
        config = super().get_config()
        config.update({"filters": self.filters, "strides": self.strides})
        return config


def separable_block(x, filters, strides=1, *, name):
    """Adds a depthwise-separable convolution block of MobileNet (Howard et al., 2017).

    A 3x3 convolution from C to F channels mixes space and channels at once, with
    3*3*C*F weights. A separable block does the two apart: a *depthwise* 3x3
    convolution filters each channel on its own (3*3*C weights), then a
    *pointwise* 1x1 convolution mixes the channels (C*F weights); about 8 to 9
    times fewer weights and multiplications. Each is followed by batch
    normalisation and ReLU6 (a ReLU capped at 6), as in ``keras.applications``.

    Args:
        x: the input tensor (NHWC).
        filters: the channels of the output (F).
        strides: 1, or 2 to halve the height and width (in the depthwise step).
        name: the prefix of the layer names: ``{name}_dw_conv``, ``{name}_dw_bn``,
            ``{name}_dw_relu``, ``{name}_pw_conv``, ``{name}_pw_bn``, ``{name}_pw_relu``.

    Returns:
        The output tensor.
    """
    x = layers.DepthwiseConv2D(3, strides=strides, padding="same", use_bias=False, name=f"{name}_dw_conv")(x)
    x = layers.BatchNormalization(momentum=BATCH_NORM_MOMENTUM, name=f"{name}_dw_bn")(x)
    x = layers.Activation("relu6", name=f"{name}_dw_relu")(x)
    return conv_bn_relu(x, filters, kernel_size=1, activation="relu6", name=f"{name}_pw")


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
    input, so colours never mix. The kernel, repeated for every channel, is the
    non-trainable weight ``depthwise_kernel``.

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
        self.kernel = kernel
        self.padding = padding

    def build(self, input_shape):
        channels = input_shape[-1]
        if channels is None:
            raise ValueError("FixedFilter needs a known number of input channels")
        per_channel = np.repeat(self.kernel[:, :, None, None], channels, axis=2)
        self.depthwise_kernel = self.add_weight(
            name="depthwise_kernel",
            shape=per_channel.shape,
            initializer=keras.initializers.Constant(per_channel),
            trainable=False,
        )

    def call(self, inputs):
        return keras.ops.depthwise_conv(inputs, self.depthwise_kernel, strides=1, padding=self.padding)

    def compute_output_shape(self, input_shape):
        if self.padding == "same":
            return input_shape
        kh, kw = self.kernel.shape
        n, h, w, c = input_shape
        return (n, None if h is None else h - kh + 1, None if w is None else w - kw + 1, c)

    def get_config(self):
        config = super().get_config()
        config.update({"kernel": self.kernel.tolist(), "padding": self.padding})
        return config


def fixed_filter_block(x, kernel, padding="same", *, name):
    """Adds a :class:`FixedFilter` layer called ``name`` to ``x``."""
    return FixedFilter(kernel, padding=padding, name=name)(x)


def unet_down_block(x, filters, name):
    """Adds the contracting step of a U-Net to ``x``: two 3x3 ReLU convolutions, then 2x2 max pooling.

    The convolutions' output is returned as well as the pooled one: the
    expanding path concatenates it back in (:func:`unet_up_block`), so the
    decoder gets the fine detail that pooling threw away.

    Args:
        x: the input tensor (NHWC).
        filters: the filters of both convolutions.
        name: the prefix of the layer names: ``{name}_conv1``, ``{name}_conv2``, ``{name}_pool``.

    Returns:
        ``(skip, down)``: the second convolution's output, and it pooled to half the height and width.
    """
    skip = layers.Conv2D(filters, 3, padding="same", activation="relu", name=f"{name}_conv1")(x)
    skip = layers.Conv2D(filters, 3, padding="same", activation="relu", name=f"{name}_conv2")(skip)
    return skip, layers.MaxPooling2D(2, name=f"{name}_pool")(skip)


def unet_up_block(x, skip, filters, name):
    """Adds the expanding step of a U-Net to ``x``: up-sample, concatenate ``skip``, two convolutions.

    A 2x2 transposed convolution with stride 2 doubles the height and width of
    ``x`` (a learned up-sampling); the result and ``skip``, the down block's
    output of that size, are concatenated channel-wise; two 3x3 ReLU
    convolutions mix them.

    Args:
        x: the input tensor (NHWC), half the size of ``skip``.
        skip: the matching :func:`unet_down_block`'s skip tensor.
        filters: the filters of the transposed convolution and both convolutions.
        name: the prefix of the layer names: ``{name}_upconv``, ``{name}_concat``,
            ``{name}_conv1``, ``{name}_conv2``.

    Returns:
        The output tensor, of the skip's height and width with ``filters`` channels.

    Raises:
        ValueError: the up-sampled size differs from the skip's (an odd size
            was pooled, which rounds down); the message names both shapes.
    """
    up = layers.Conv2DTranspose(filters, 2, strides=2, padding="same", name=f"{name}_upconv")(x)
    if tuple(up.shape[1:3]) != tuple(skip.shape[1:3]):
        raise ValueError(
            f"{name}: the up-sampled shape {tuple(up.shape)} does not match the skip's {tuple(skip.shape)} "
            "in height and width: every size pooled on the way down must be even"
        )
    x = layers.Concatenate(name=f"{name}_concat")([up, skip])
    x = layers.Conv2D(filters, 3, padding="same", activation="relu", name=f"{name}_conv1")(x)
    return layers.Conv2D(filters, 3, padding="same", activation="relu", name=f"{name}_conv2")(x)
