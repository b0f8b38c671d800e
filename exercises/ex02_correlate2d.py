"""Exercise 2: 2-D sliding-window sums (cross-correlation), VALID padding.

A CNN layer slides a small kernel over the image and, at each position,
multiplies the window element-wise with the kernel and sums. Unlike the
convolution of exercise 1, the kernel is **not flipped**; this is
cross-correlation, and it is what ``tf.nn.conv2d`` computes.

    out[i, j] = sum over (a, b) of image[i*stride + a, j*stride + b] * kernel[a, b]

The kernel must fit inside the image (VALID), so the output is
((H - kh) // stride + 1) x ((W - kw) // stride + 1).

Worked examples, by hand:

    image [[1, 2, 3],      kernel [[1,  0],     output [[-4, -4],
           [4, 5, 6],              [0, -1]]             [-4, -4]]
           [7, 8, 9]]
    top-left window [[1, 2], [4, 5]]: 1*1 + 2*0 + 4*0 + 5*(-1) = -4

    The 5x5 image [[1, 2, 3, 0, 1], [0, 1, 2, 3, 1], [1, 0, 1, 2, 0],
    [2, 1, 0, 1, 2], [1, 2, 1, 0, 1]] with the vertical-edge kernel [[1, 0, -1]] * 3
    gives [[-4, -2, 4], [0, -4, 0], [2, 0, -1]] at stride 1 and
    [[-4, 4], [2, -1]] at stride 2.

A common course example gets this wrong. It correlates a 3x3 block of ones
in a 10x10 image with the anti-diagonal kernel [[0, 0, 1], [0, 1, 0],
[1, 0, 0]], calls it a vertical-edge detector, and prints a 10x10 output with
a diagonal of ones (after saying the output is smaller). In fact VALID output
is 8x8, and the values reach 3 in the middle of the block, where all three
kernel taps sit on ones. The kernel responds to anti-diagonal lines, not to
vertical edges. The test checks the right answer.

Checked against: ``tf.nn.conv2d`` on a (1, H, W, 1) batch, padding "VALID".
Bad input: ValueError for a non-2-D image or kernel, a stride below 1, or a
kernel larger than the image.
"""


def correlate2d(image, kernel, stride=1):
    """Returns the VALID cross-correlation of a 2-D ``image`` with a 2-D ``kernel``.

    Args:
        image (array): the 2-D image, H x W.
        kernel (array): the 2-D kernel, KH x KW, no larger than the image.
        stride (int): how far the window moves, down and across.
    """
    raise NotImplementedError
