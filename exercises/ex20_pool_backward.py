"""Exercise 20: the backward pass of average pooling.

Average pooling (exercise 7) outputs the mean of each window. A mean of k
values is each value times 1/k, so going backwards each output's gradient
is **shared equally** among the pixels its window averaged: each of them
gets grad_out / k. Where windows overlap (a stride smaller than the window),
a pixel collects a share from every window that covered it: add with +=.

With SAME padding, a window at the edge hangs over the padding. TF's average
pooling divides by the number of **real** pixels in the window (exercise 7),
so k is that count, and the padding receives nothing. Dividing by KH*KW
instead would count the padding zeros.

Worked examples, by hand, with grad_out all ones:

- x 3x3, 2x2 windows, stride 1, VALID: four windows, each gives 1/4 to each
  of its pixels. The corners are in one window, the edge middles in two, the
  centre in all four: [[1/4, 1/2, 1/4], [1/2, 1, 1/2], [1/4, 1/2, 1/4]].
- x 3x3, 2x2 windows, stride 2, SAME: the output is 2x2, with one padded row
  at the bottom and one padded column at the right. The top-left window has 4
  real pixels, the top-right and bottom-left 2, the bottom-right only 1, so:
  [[1/4, 1/4, 1/2], [1/4, 1/4, 1/2], [1/2, 1/2, 1]].

``avg_pool2d_backward(grad_out, x, ksize, strides, padding)`` returns
dLoss/dx, of x's shape; ``ksize`` and ``strides`` are an int or a pair,
``padding`` "SAME" or "VALID", as in exercise 7.

Checked against: ``tf.GradientTape`` through ``tf.nn.avg_pool2d`` in float64,
with SAME and VALID, strides, overlapping windows, and windows and strides
that are not square.
Bad input: ValueError for an x that is not 4-D, a ksize or stride below 1,
an unknown padding, a window larger than the VALID input, or a grad_out
whose shape is not the pooled output's.
"""


def avg_pool2d_backward(grad_out, x, ksize, strides, padding):
    """Returns dLoss/dx for y = avg_pool2d(x, ksize, strides, padding).

    Args:
        grad_out (array): dLoss/dy, of the pooled output's shape.
        x (array): the batch, (N, H, W, C).
        ksize (int or pair of ints): K, or (KH, KW).
        strides (int or pair of ints): S, or (SH, SW).
        padding (str): "SAME" or "VALID".
    """
    raise NotImplementedError
