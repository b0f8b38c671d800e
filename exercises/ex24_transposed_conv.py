"""Exercise 24: transposed convolution, exactly like ``tf.nn.conv2d_transpose``.

A convolution with stride 2 makes an image smaller: 8x8 becomes 4x4. Networks
that must draw an image back at full size (segmentation, autoencoders, GAN
generators) need the opposite step, one that makes it *bigger*: the transposed
convolution, sometimes called "deconvolution" (it undoes the shapes, not the
values).

What it does, in a beginner's words: every input pixel **stamps a copy of the
kernel**, scaled by that pixel's value, onto the output. The stamps of
neighbouring pixels land ``stride`` pixels apart, and where they overlap they
add up. For one channel, an input [[1, 2]] (1x2) and a 2x2 kernel
[[1, 2], [3, 4]] with stride 1 and VALID padding give a 2x3 output:

    pixel 1 stamps  [[1, 2, 0],      pixel 2 stamps  [[0, 2, 4],
                     [3, 4, 0]]                       [0, 6, 8]]

    their sum:      [[1, 4, 4],
                     [3, 10, 8]]

With channels, input pixel x[n, i, j, :] (C_in values) stamps
``filters[a, b] @ x[n, i, j, :]`` (C_out values) at output row i * SH + a,
column j * SW + b:

    out_padded[n, i*SH + a, j*SW + b, :] += filters[a, b, :, :] @ x[n, i, j, :]

The filters are shaped as in TF: (KH, KW, C_out, C_in), **out before in**, the
reverse of conv2d's (KH, KW, C_in, C_out). No kernel flip: the stamp is the
kernel as it is.

Why it is the gradient of conv2d: conv2d reads a window of its input for each
output value. Going backwards (exercise 12), each output's gradient is sent
back to the very pixels its window read, times the same kernel taps: that is
exactly a stamp. So ``conv2d_transpose(g, filters, x.shape, strides, padding)``
is dLoss/dx of ``conv2d(x, filters, strides, padding)`` for an upstream
gradient g: the same filters array, read as (KH, KW, C_out, C_in) from the
transpose's side. The tests check this against ``tf.GradientTape``.

``output_shape`` is the full NHWC shape of the result, (N, OH, OW, C_out):
the shape of the input of the conv2d that this undoes. Padding works as in
that conv2d:

- "VALID": no padding; the stamps cover (H - 1) * SH + KH rows, and OH may be
  that or up to SH - 1 more (rows that no stamp reaches stay 0), because a
  strided VALID conv2d of all those sizes gives H rows: (OH - KH) // SH + 1 == H.
- "SAME": the conv2d padded OH by ``same_padding(OH, KH, SH)`` (exercise 3),
  (top, bottom) with the odd extra row at the bottom; so stamp into an output
  padded that way, then crop the top ``top`` rows and keep OH (the same for
  columns). A SAME conv2d of OH rows gives ceil(OH / SH) rows, so that must
  be H.

Arguments, as in ``tf.nn.conv2d_transpose``:
- ``x``: (N, H, W, C_in).
- ``filters``: (KH, KW, C_out, C_in).
- ``output_shape``: (N, OH, OW, C_out).
- ``strides``: an int or (SH, SW).
- ``padding``: "SAME" or "VALID".

Checked against: ``tf.nn.conv2d_transpose`` in float64, on odd sizes,
non-square images and kernels, batches, strides 1 to 3 and unequal strides;
and against ``tf.GradientTape``'s gradient of ``tf.nn.conv2d`` with respect to
its input.
Bad input: ValueError for an x or filters that are not 4-D, an output_shape
that is not 4 sizes, x's channels other than the filters' C_in, output_shape's
batch or channels other than x's batch and the filters' C_out, an unknown
padding, a stride below 1, or an output_shape that conv2d with these strides
and padding would not turn back into x's height and width.
"""


def conv2d_transpose(x, filters, output_shape, strides, padding="SAME"):
    """Returns the transposed convolution of an NHWC batch, of shape output_shape.

    Args:
        x (array): the batch, (N, H, W, C_in).
        filters (array): (KH, KW, C_out, C_in): out channels before in channels.
        output_shape (shape): (N, OH, OW, C_out), the shape of the result.
        strides (int or pair of ints): S, or (SH, SW).
        padding (str): "SAME" or "VALID".
    """
    raise NotImplementedError
