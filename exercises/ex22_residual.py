"""Exercise 22: a ResNet basic block, in the Keras functional API.

Stacking more layers should never make a network worse: at worst, the extra
layers could learn to pass their input through. In practice plain deep
stacks train worse than shallow ones, because layers find the identity hard
to learn. A residual block makes it easy: it computes a correction F(x) and
**adds** it to its input, so F = 0 passes x through unchanged, and the
gradient flows back through the addition undiminished. This is the block of
ResNet-18 and -34 (He et al., 2016), the "basic" block:

    main path:  conv 3x3 (stride) -> batch norm -> ReLU -> conv 3x3 -> batch norm
    shortcut:   the input x itself
    output:     ReLU(shortcut + main path)

The ReLU comes **after** the addition. The stride (1, or 2 to halve the
height and width) is on the **first** 3x3 convolution; the second always
has stride 1. Both use padding "same".

**When the shapes differ**, x cannot be added as it is: with a stride of 2,
or a ``filters`` different from x's channels, the shortcut becomes a
*projection*: a 1x1 convolution with the same stride and ``filters``
filters, then batch norm. Otherwise the shortcut is x itself, with no
weights at all.

Write ``residual_block(x, filters, stride=1, name="res")``: it takes and
returns a Keras tensor (``x = keras.Input(...)`` or an earlier layer's
output) and builds the block with ``keras.layers``:

- ``Conv2D(..., use_bias=False)`` for every convolution: the batch norm that
  follows subtracts the mean, so a bias would be undone; its beta is the bias.
- ``BatchNormalization()`` with its defaults (exercise 16).
- ``Activation("relu")`` and ``Add()``.

Name the layers as ``keras.applications``'s ResNet does, so that a checker
(or a pretrained file) can find each one: ``{name}_1_conv``, ``{name}_1_bn``,
``{name}_1_relu``, ``{name}_2_conv``, ``{name}_2_bn``, the projection's
``{name}_0_conv`` and ``{name}_0_bn``, then ``{name}_add`` and ``{name}_out``.

Parameters, for x with 16 channels, ``filters=32``, stride 2: the 3x3
convolutions have 3*3*16*32 = 4,608 and 3*3*32*32 = 9,216 weights, the
projection 16*32 = 512, and each of the three batch norms 4*32 = 128 (gamma,
beta and the two moving statistics): 14,720 in all.

Checked against: a reference block the tests build from Keras layers, given
the same weights: the kinds of layer along the main path and the shortcut,
in order; the parameter count; and the outputs in training and in inference
mode.
Bad input: ValueError for ``filters`` or ``stride`` below 1.
"""


def residual_block(x, filters, stride=1, name="res"):
    """Returns relu(shortcut(x) + bn(conv(relu(bn(conv(x)))))): a basic residual block's output tensor.

    Args:
        x (Keras tensor): keras.Input(...) or an earlier layer's output, (batch, H, W, C).
        filters (int): the output channels.
        stride (int): 1, or 2 to halve the height and width.
        name (str): the prefix of the layers' names.
    """
    raise NotImplementedError
