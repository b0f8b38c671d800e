"""Exercise 5: conv2d, exactly like ``tf.nn.conv2d``.

A convolution layer slides every filter over every image of a batch. Shapes:

- input: (N, H, W, C_in), "NHWC";
- filters: (KH, KW, C_in, C_out), "HWIO": one KH x KW x C_in filter per output channel;
- output: (N, OH, OW, C_out).

Each output value is a window of the input times one filter, summed over
height, width **and all input channels** (a 3x3x3 filter on a colour image
reads red, green and blue together):

    out[n, i, j, o] = sum over a, b, c of
        x_padded[n, i*SH + a*DH, j*SW + b*DW, c] * filters[a, b, c, o]

No flip: like ``tf.nn.conv2d`` this is cross-correlation (exercise 2).

Arguments, as in ``tf.nn.conv2d``:
- ``strides``: an int or (SH, SW): how far the window moves.
- ``padding``: "VALID" (none), "SAME" (``same_padding`` from exercise 3, so
  OH = ceil(H / SH), extra zero at the bottom/right), or explicit
  [[0, 0], [top, bottom], [left, right], [0, 0]].
- ``dilations``: an int or (DH, DW): the gap between a kernel's taps.

Your ``zero_pad`` (exercise 4) and ``same_padding`` (exercise 3) help:
``from exercises.ex03_output_size import same_padding``.

Checked against: ``tf.nn.conv2d`` in float64, on SAME, VALID and explicit
padding, strides 1 to 3, odd and even kernels, non-square shapes, batches,
several channels and dilations.
Bad input: ValueError for an input or filters that are not 4-D, input
channels that differ from the filters' C_in, an unknown padding, a stride or
dilation below 1, or a kernel larger than the padded input.
"""


def conv2d(input, filters, strides=1, padding="VALID", dilations=1):
    """Returns the 2-D convolution of an NHWC batch with HWIO filters.

    Args:
        input (array): the batch, (N, H, W, C_in).
        filters (array): (KH, KW, C_in, C_out).
        strides (int or pair of ints): S, or (SH, SW).
        padding (str or list of 4 pairs of ints): "SAME", "VALID", or [[0, 0], [top, bottom], [left, right], [0, 0]].
        dilations (int or pair of ints): D, or (DH, DW).
    """
    raise NotImplementedError
