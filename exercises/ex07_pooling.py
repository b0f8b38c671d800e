"""Exercise 7: max and average pooling, like ``tf.nn.max_pool2d`` and ``tf.nn.avg_pool2d``.

Pooling shrinks feature maps: it reduces their height and width. It slides a
KH x KW window over each channel **on its own** and keeps either the maximum
(max pooling: "is the pattern somewhere here?") or the mean (average
pooling). No weights are learned. For example, the max of [1, 2, 89] is 89;
a 2x2 map of zeros after ReLU pools to 0.

Input (N, H, W, C) -> output (N, OH, OW, C). ``ksize`` and ``strides`` are an
int or a pair; ``padding`` is "VALID" or "SAME", with output sizes and pads
as in exercise 3. ``max_pool2d`` also takes explicit padding
[[0, 0], [top, bottom], [left, right], [0, 0]], as ``tf.nn.max_pool2d`` does:
padded with -inf too, and TF requires each pad to be smaller than the window
(so no window is all padding). ``tf.nn.avg_pool2d`` takes no explicit
padding, and neither does your ``avg_pool2d``.

Two details of TF's SAME padding:
- max pooling pads with -inf, not 0, so a padded position never wins
  (with 0, a window of negative numbers would wrongly give 0);
- average pooling divides by the number of **real** pixels in the window, not
  by KH*KW: the padding zeros are not counted.

Checked against: ``tf.nn.max_pool2d`` and ``tf.nn.avg_pool2d`` in float64,
on batches of several channels, with windows and strides square or not.
Bad input: ValueError for a non-4-D input, a ksize or stride below 1, an
unknown padding, a window larger than the VALID input, and explicit padding
that pads the batch or channels, has a pad as large as the window, or is
given to ``avg_pool2d``.
"""


def max_pool2d(input, ksize, strides, padding):
    """Returns the max of each window, per channel.

    Args:
        input (array): the batch, (N, H, W, C).
        ksize (int or pair of ints): K, or (KH, KW).
        strides (int or pair of ints): S, or (SH, SW).
        padding (str or list of 4 pairs of ints): "SAME", "VALID", or [[0, 0], [top, bottom], [left, right], [0, 0]].
    """
    raise NotImplementedError


def avg_pool2d(input, ksize, strides, padding):
    """Returns the mean of the real pixels of each window, per channel.

    Args:
        input (array): the batch, (N, H, W, C).
        ksize (int or pair of ints): K, or (KH, KW).
        strides (int or pair of ints): S, or (SH, SW).
        padding (str): "SAME" or "VALID".
    """
    raise NotImplementedError
