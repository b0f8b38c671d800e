"""Exercise 12: backpropagation through conv2d, max pooling and ReLU.

A CNN learns its filters by gradient descent, end to end, using
backpropagation. Backpropagation runs the chain rule
backwards: each layer receives ``grad_output`` = dLoss/dOutput (same shape as
its output) and returns dLoss/dInput (and dLoss/dWeights).

- ``relu_backward(x, grad_output)``: the gradient passes where x > 0 and is 0
  elsewhere (TF uses 0 at exactly x == 0 too).
- ``max_pool2d_backward(input, grad_output, ksize, strides, padding)``: each
  window's gradient goes, whole, to the position of that window's maximum.
  When a window holds the maximum more than once (a tie), TF gives it all to
  the first one in row-major order: top row first, left to right
  (``argmax`` of the flattened window finds it). Overlapping windows add up:
  use ``+=``, not ``=``.
- ``conv2d_backward(input, filters, grad_output, strides=1, padding="VALID")
  -> (grad_input, grad_filters)``. For every output position (i, j) and its
  window W of the padded input:

      grad_filters += W (KH, KW, C_in) outer grad_output[n, i, j, :] (C_out)
      grad_padded_input[window] += filters @ grad_output[n, i, j, :]

  (filters @ g contracts the last axis, C_out, giving (KH, KW, C_in).) This
  sends each gradient back to the very pixels its window read, which is
  a full convolution with the kernel turned around; a version that slides
  the unflipped kernel over grad_output gets it wrong.

  then crop the padding off grad_padded_input. padding is "SAME", "VALID"
  or explicit, as in exercise 5.

Checked against: ``tf.GradientTape`` in float64, to 1e-6 relative error, over
SAME and VALID padding, several strides, odd and even kernels, and windows
and kernels that are not square. A second, independent check compares with
**numeric gradients by central differences**: (L(w + h) - L(w - h)) / 2h
with h = 1e-6. Their truncation
error grows with h**2 times the third derivative, which is 0 here: the loss
is linear in each input and each weight. What is left is round-off, about
eps * |L| / h (1e-16 * 10 / 1e-6 = 1e-9), so a relative error below 1e-6
passes; a wrong gradient is typically off by 1e-1 or more.

Bad input: ValueError for a grad_output whose shape is not the forward
output's shape, and everything conv2d and max_pool2d reject.
"""


def relu_backward(x, grad_output):
    """Returns dLoss/dx for y = relu(x).

    Args:
        x (array): relu's input.
        grad_output (array): dLoss/dy, of x's shape.
    """
    raise NotImplementedError


def max_pool2d_backward(input, grad_output, ksize, strides, padding):
    """Returns dLoss/dinput for y = max_pool2d(input, ksize, strides, padding).

    Args:
        input (array): the batch, (N, H, W, C).
        grad_output (array): dLoss/dy, of the pooled output's shape.
        ksize (int or pair of ints): K, or (KH, KW).
        strides (int or pair of ints): S, or (SH, SW).
        padding (str): "SAME" or "VALID".
    """
    raise NotImplementedError


def conv2d_backward(input, filters, grad_output, strides=1, padding="VALID"):
    """Returns (dLoss/dinput, dLoss/dfilters) for y = conv2d(input, filters, strides, padding).

    Args:
        input (array): the batch, (N, H, W, C_in).
        filters (array): (KH, KW, C_in, C_out).
        grad_output (array): dLoss/dy, of the convolution's output shape.
        strides (int or pair of ints): S, or (SH, SW).
        padding (str or list of 4 pairs of ints): "SAME", "VALID", or [[0, 0], [top, bottom], [left, right], [0, 0]].
    """
    raise NotImplementedError
