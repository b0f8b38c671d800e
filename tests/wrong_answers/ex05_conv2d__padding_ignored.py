"""What differs: your result equals the answer with padding VALID

No named cause foresees this mistake: the line says what is true of the result (an
alternative of the check: the answer for other arguments)."""

from solutions.ex05_conv2d import conv2d as solved


def conv2d(input, filters, strides=1, padding="VALID", dilations=1):
    # SAME and explicit pads never applied: every case is computed as VALID.
    return solved(input, filters, strides, "VALID", dilations)
