"""Exercise 3: how big is the output? Output sizes and TF's SAME padding.

For one axis of size N, a kernel of size K, stride S and padding P on each side:

    output = floor((N - K + 2P) / S) + 1

Examples: N=5, K=3, P=0, S=1 -> 3; P=1 -> 5; N=5, K=3, P=0, S=2 -> 2;
N=28, K=3 -> 26. When (N - K + 2P) is not a multiple of S the last pixels
that don't fill a window are dropped: floor, not ceil.

A dilation D spaces the kernel's taps D pixels apart, so the kernel covers
K_eff = D * (K - 1) + 1 pixels; use K_eff in place of K.

TensorFlow names two paddings:
- "VALID": P = 0, so output = floor((N - K_eff) / S) + 1.
- "SAME": output = ceil(N / S), whatever the kernel. TF pads
  total = max((output - 1) * S + K_eff - N, 0) zeros and puts
  before = total // 2 at the top/left and after = total - before at the
  bottom/right: the odd extra one goes after.

A common course text says: to keep the output at N, solve
N = (N - F + 2P)/S + 1 for P = (S(N - 1) - N + F) / 2, "valid for any
stride". That does keep the size at N, but it is not what SAME does once
S > 1: SAME does not keep the size, it gives ceil(N / S). For N=7, F=3, S=2
that formula pads P=4 on each side (output 7); TF's SAME pads (1, 1) and
outputs 4. Striding is meant to shrink.

Implement:
- ``conv_output_size(size, kernel_size, stride=1, padding="VALID", dilation=1)``,
  where padding is "VALID", "SAME" or an int P (the same P on both sides).
- ``same_padding(size, kernel_size, stride=1, dilation=1) -> (before, after)``,
  the zeros TF's SAME adds before and after.

Checked against: the output shapes of ``tf.nn.conv2d`` (for same_padding:
the pads with which ``tf.nn.conv2d`` with explicit padding equals "SAME").
Bad input: ValueError for a size, kernel size, stride or dilation below 1, a
negative P, an unknown padding string, or a kernel larger than the padded input.
"""


def conv_output_size(size, kernel_size, stride=1, padding="VALID", dilation=1):
    """Returns the output size of one axis, as an int.

    Args:
        size (int): N, the input's size along the axis.
        kernel_size (int): K.
        stride (int): S.
        padding (str or int): "VALID", "SAME", or P, the zeros added on each side.
        dilation (int): D, the gap between the kernel's taps.
    """
    raise NotImplementedError


def same_padding(size, kernel_size, stride=1, dilation=1):
    """Returns TF's SAME padding of one axis as (before, after).

    Args:
        size (int): N, the input's size along the axis.
        kernel_size (int): K.
        stride (int): S.
        dilation (int): D.
    """
    raise NotImplementedError
