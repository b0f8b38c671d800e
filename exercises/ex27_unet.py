"""Exercise 27: a U-Net's down and up blocks, in the Keras functional API.

A classifier shrinks an image to one answer. A segmentation network must give
*every pixel* an answer (exercise 26 scores them), so after shrinking the image
to find what is in it, it must grow it back to full size. U-Net (Ronneberger
et al., 2015) does it in the shape of a U:

    input 20x28 --down--> 10x14 --down--> 5x7 (the bottom)
                                           |
    output 20x28 <--up-- 10x14 <--up-------+

and, across the U, each down block hands its full-size features, the *skip*,
to the up block of the same size. Pooling threw away where exactly things
were; the skip brings that detail back.

**The down block** (the contracting path): two 3x3 convolutions with ReLU,
padding "same" (the size is kept), both with ``filters`` filters; their
output is the skip. Then 2x2 max pooling halves the height and width:

    skip = conv 3x3 relu -> conv 3x3 relu      (H, W, filters)
    down = max pool 2x2 of skip                (H // 2, W // 2, filters)

It returns both, ``(skip, down)``: the skip is taken **before** the pooling.

**The up block** (the expanding path): a 2x2 transposed convolution with
stride 2 (exercise 24) doubles the height and width of ``x``, with ``filters``
filters: a *learned* up-sampling. The result and the skip, now of the same
size, are **concatenated** along the channels (both kept, side by side, not
added), then two 3x3 ReLU convolutions mix them:

    up = conv transpose 2x2 stride 2 of x      (2h, 2w, filters)
    y  = concatenate [up, skip]                (2h, 2w, filters + skip's channels)
    y  = conv 3x3 relu -> conv 3x3 relu        (2h, 2w, filters)

**Odd sizes**: pooling 21 rows gives 10 (it rounds down), and up-sampling 10
gives 20, not 21: the up block can't concatenate. Check the up-sampled height
and width against the skip's and raise ValueError naming both shapes (a
U-Net's input sizes must be divisible by 2 once per down block).

Build them with ``keras.layers``: ``Conv2D(filters, 3, padding="same",
activation="relu")``, ``MaxPooling2D(2)``, ``Conv2DTranspose(filters, 2,
strides=2, padding="same")`` and ``Concatenate()``. Name the layers after
``name``, as ``keras.applications`` does, so that a checker (or a saved
file) finds each one: ``{name}_conv1``, ``{name}_conv2`` and ``{name}_pool``
in the down block; ``{name}_upconv``, ``{name}_concat``, ``{name}_conv1`` and
``{name}_conv2`` in the up block.

Parameters (a convolution has KH * KW * C_in * C_out weights + C_out biases;
pooling and concatenation have none), worked by hand:

- down block on 3 channels, ``filters=4``: 3*3*3*4 + 4 = 112 and
  3*3*4*4 + 4 = 148: 260 in all.
- up block on x with 8 channels and a skip with 4, ``filters=4``: the
  up-convolution 2*2*8*4 + 4 = 132; the concatenation has 4 + 4 = 8 channels,
  so 3*3*8*4 + 4 = 292, then 148: 572 in all.

Checked against: reference blocks the tests build from Keras layers: the
outputs' shapes and the parameter counts of each block on non-square inputs,
then a small U-Net built from your two blocks, given the reference's weights
layer by layer, on a batch of images.
Bad input: ValueError for ``filters`` below 1, and for an up block whose
up-sampled height and width differ from the skip's.
"""


def unet_down_block(x, filters, name):
    """Returns (skip, down): two 3x3 ReLU convolutions' output, and it max pooled to half the size.

    Args:
        x (Keras tensor): keras.Input(...) or an earlier layer's output, (batch, H, W, C).
        filters (int): the filters of both convolutions.
        name (str): the prefix of the layers' names: {name}_conv1, {name}_conv2, {name}_pool.
    """
    raise NotImplementedError


def unet_up_block(x, skip, filters, name):
    """Returns the output tensor: x up-sampled by a 2x2 stride-2 transposed convolution, concatenated with
    skip, then two 3x3 ReLU convolutions; of the skip's height and width, with ``filters`` channels.

    Args:
        x (Keras tensor): the tensor to up-sample, (batch, h, w, C), half the skip's height and width.
        skip (Keras tensor): the matching down block's skip, (batch, 2h, 2w, C_skip).
        filters (int): the filters of the transposed convolution and of both convolutions.
        name (str): the prefix of the layers' names: {name}_upconv, {name}_concat, {name}_conv1, {name}_conv2.
    """
    raise NotImplementedError
