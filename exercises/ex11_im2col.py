"""Exercise 11: fast convolution with im2col.

The loop in your ``conv2d`` visits every output pixel in Python: slow. The
im2col trick ("image to columns") does the same arithmetic as one big matrix
product, which NumPy hands to an optimised BLAS library.

1. ``im2col(input, kernel_size, strides=1, padding="VALID")``: for each image
   and output position, copy its KH x KW x C window into one row:

       (N, H, W, C) -> (N * OH * OW, KH * KW * C)

   Rows go image by image, then row by row, then column by column of the
   output; each row holds its window in (KH, KW, C) order, as a row-major
   reshape gives. ``tf.image.extract_patches`` builds the same windows.

2. ``conv2d_im2col(input, filters, strides=1, padding="VALID", dilations=1)``:

       im2col(x) @ filters.reshape(KH * KW * C_in, C_out) -> reshape to (N, OH, OW, C_out)

   A dilated kernel is a bigger kernel with zeros between its taps
   (K_eff = D * (K - 1) + 1), so dilations need no special case in im2col.

No Python loop over pixels: gather every window at once, with
``np.lib.stride_tricks.sliding_window_view`` or fancy indexing. A loop over
the few kernel taps is fine. ``benchmarks/conv2d_speed.py`` times your
result against TensorFlow.

Checked against: ``tf.image.extract_patches`` and ``tf.nn.conv2d`` on every
case the conv2d tests cover.
Bad input: ValueError, as in conv2d.
"""


def im2col(input, kernel_size, strides=1, padding="VALID"):
    """Returns the windows of an NHWC batch as rows of a matrix.

    Args:
        input (array): the batch, (N, H, W, C).
        kernel_size (int or pair of ints): K, or (KH, KW).
        strides (int or pair of ints): S, or (SH, SW).
        padding (str): "SAME" or "VALID".
    """
    raise NotImplementedError


def conv2d_im2col(input, filters, strides=1, padding="VALID", dilations=1):
    """Returns the same as conv2d, computed as one matrix product.

    Args:
        input (array): the batch, (N, H, W, C_in).
        filters (array): (KH, KW, C_in, C_out).
        strides (int or pair of ints): S, or (SH, SW).
        padding (str or list of 4 pairs of ints): "SAME", "VALID", or [[0, 0], [top, bottom], [left, right], [0, 0]].
        dilations (int or pair of ints): D, or (DH, DW).
    """
    raise NotImplementedError
