"""Exercise 1: 1-D convolution, with a flipped kernel.

A convolution slides a kernel along a signal and, at each step, multiplies and
sums. True convolution **flips the kernel first**:

    out[n] = sum over k of signal[n - k] * kernel[k]

Worked example: signal f = [3, 2, 1, 0], kernel h = [1, 0, -1].
The flipped kernel is [-1, 0, 1]. Slide it from "just touching" on the left
to "just touching" on the right:

    3*1                      =  3
    3*0 + 2*1                =  2
    3*(-1) + 2*0 + 1*1       = -2
    2*(-1) + 1*0 + 0*1       = -2
    1*(-1) + 0*0             = -1
    0*(-1)                   =  0

so convolve1d([3, 2, 1, 0], [1, 0, -1]) == [3, 2, -2, -2, -1, 0].

Modes, exactly as ``np.convolve``:
- "full": every position where signal and kernel overlap at all:
  len(signal) + len(kernel) - 1 values (the example above).
- "same": the middle max(len(signal), len(kernel)) values of "full". When
  an odd number of values must go, the extra one goes from the end: "full"
  of length 5 cut to 4 keeps values 0..3, dropping only the last.
- "valid": only positions where they overlap completely:
  max(M, N) - min(M, N) + 1 values.

CNN layers skip the flip (exercise 2): that is cross-correlation, which deep
learning libraries call "convolution" anyway.

Checked against: ``np.convolve``.
Bad input: raise ValueError for an empty or non-1-D signal or kernel, or an unknown mode.
"""


def convolve1d(signal, kernel, mode="full"):
    """Returns the 1-D convolution of ``signal`` and ``kernel`` as a float array.

    Args:
        signal (array or list of numbers): the 1-D signal, not empty.
        kernel (array or list of numbers): the 1-D kernel, not empty.
        mode (str): "full", "same" or "valid", as in np.convolve.
    """
    raise NotImplementedError
