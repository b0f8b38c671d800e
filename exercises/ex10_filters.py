"""Exercise 10: classic filters (blur and edges) on real images.

Before CNNs learned their filters, people chose them by hand:

- a **box blur** of size k is the k x k kernel of ones / k**2: every output
  pixel becomes the mean of its k x k neighbourhood;
- the **Sobel** kernels find edges. gx = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]
  answers strongly where brightness changes from left to right: a vertical
  edge (the dark|bright patch [[10, 10, 200]] * 3 gives 760). gy, its transpose,
  finds horizontal edges.

Colour images need the filter applied to each channel **on its own**: a
*depthwise* convolution. ``tf.nn.depthwise_conv2d`` takes filters of shape
(KH, KW, C, M): channel c is cross-correlated (as in exercise 2: no flip) with each of its M filters
filter[:, :, c, m], giving output channel c * M + m. Nothing mixes channels.

Why a common course example's blur turns a photo grey and bright: it uses ``tf.nn.conv2d``
with ``tf.ones([5, 5, 3, 3]) / 25``. conv2d sums over input channels, so every
output channel is box(R) + box(G) + box(B): all three channels equal (grey)
and three times the mean brightness (clipped to 255: washed out). A
depthwise kernel of shape (5, 5, 3, 1) blurs each channel and keeps the colours.

Implement:
- ``box_blur_kernel(size)``: the size x size kernel of ones / size**2;
- ``sobel_kernels()``: ``(gx, gy)``, 3x3 each;
- ``depthwise_conv2d(input, filter, strides, padding)``: like
  ``tf.nn.depthwise_conv2d`` (strides an int or a pair of equal ints, since
  TF's depthwise kernel moves the same on both axes; padding "SAME" or "VALID");
- ``blur_image(image, size=5)``: a uint8 H x W x 3 image in, the same shape
  and dtype out: depthwise box blur with SAME padding, rounded to the nearest
  integer and clipped to 0..255. It must equal ``python -m models blur``.

Checked against: ``tf.nn.depthwise_conv2d``, ``tf.nn.conv2d`` and the zoo's
blur model, on a real photograph that scikit-learn ships.
Bad input: ValueError for a size below 1, filters whose channels differ from
the input's (the channel multiplier is the filter's last axis), or an image
that is not uint8 H x W x C.
"""


def box_blur_kernel(size):
    """Returns the size x size box blur kernel.

    Args:
        size (int): the kernel's height and width.
    """
    raise NotImplementedError


def sobel_kernels():
    """Returns the Sobel kernels (gx, gy)."""
    raise NotImplementedError


def depthwise_conv2d(input, filter, strides, padding):
    """Returns the depthwise convolution of (N, H, W, C) with (KH, KW, C, M).

    Args:
        input (array): the batch, (N, H, W, C).
        filter (array): (KH, KW, C, M).
        strides (int or pair of equal ints): S, or (S, S): TF's depthwise kernel moves the same on both axes.
        padding (str): "SAME" or "VALID".
    """
    raise NotImplementedError


def blur_image(image, size=5):
    """Returns ``image`` (uint8, H x W x C) box-blurred channel by channel.

    Args:
        image (array): uint8, H x W x C.
        size (int): the box's height and width.
    """
    raise NotImplementedError
