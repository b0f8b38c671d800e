"""Exercise 4: zero padding an NHWC batch.

Padding adds zeros around each image so that a kernel can also centre on the
border pixels. Padding the 5x5 image of exercise 2 by 1 gives a 7x7
image with a frame of zeros; a 3x3 kernel then gives a 5x5 output again.

Images in a CNN come in batches shaped (N, H, W, C): batch, height, width,
channels ("NHWC"). Pad only height and width:

- ``pad`` an int p: p zeros on all four sides;
- ``pad`` ((top, bottom), (left, right)): that many on each side, which is how
  TF's SAME pads when the total is odd (the extra one at the bottom/right).

Checked against: ``tf.pad``.
Bad input: ValueError for an input that is not 4-D, a negative pad, or a pad
that is neither an int nor two pairs.
"""


def zero_pad(x, pad):
    """Returns ``x`` (N, H, W, C) with zeros added around height and width.

    Args:
        x (array): the batch, (N, H, W, C).
        pad (int or pair of pairs of ints): p on all four sides, or ((top, bottom), (left, right)).
    """
    raise NotImplementedError
