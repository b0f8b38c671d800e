"""relu changed its argument `x` in place"""

from solutions.ex06_activations import softmax  # noqa: F401  (checked too)


def relu(x):
    x[x < 0] = 0  # zeroes the caller's array
    return x
