"""What differs: your result is the answer with axes 1 and 2 swapped

No named cause foresees this mistake: the line says what is true of the result."""

from solutions.ex05_conv2d import conv2d as solved


def conv2d(input, filters, strides=1, padding="VALID", dilations=1):
    # Each output pixel written at [n, column, row, c]: the two loop indices the wrong way round.
    return solved(input, filters, strides, padding, dilations).transpose(0, 2, 1, 3)
