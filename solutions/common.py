"""Input checks shared by the solutions. Each raises ValueError saying what was wrong."""

import numpy as np


def as_array(x, name, ndim):
    """``x`` as a float array of rank ``ndim``: float32 stays float32 (fast), the rest become float64."""
    x = np.asarray(x)
    x = x.astype(np.result_type(x.dtype, np.float32) if x.dtype.kind == "f" else np.float64, copy=False)
    if x.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimensions, got shape {x.shape}")
    return x


def positive_ints(**values):
    """Checks that every keyword's value is an int of at least 1."""
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")


def positive_pair(value, name):
    """An int or a pair of ints, each at least 1 -> a pair."""
    pair = (value, value) if isinstance(value, (int, np.integer)) else tuple(value)
    if len(pair) != 2 or not all(isinstance(v, (int, np.integer)) and v >= 1 for v in pair):
        raise ValueError(f"{name} must be a positive int or a pair of them, got {value!r}")
    return tuple(int(v) for v in pair)


def check_padding(padding):
    """'SAME', 'VALID' or explicit NHWC pads -> the same, validated."""
    if isinstance(padding, str):
        if padding not in ("SAME", "VALID"):
            raise ValueError(f"padding must be 'SAME', 'VALID' or explicit pads, got {padding!r}")
        return padding
    pads = np.asarray(padding)
    if pads.shape != (4, 2) or np.any(pads < 0) or np.any(pads[[0, 3]] != 0):
        raise ValueError(
            f"explicit padding must be [[0, 0], [top, bottom], [left, right], [0, 0]] "
            f"with non-negative ints, got {padding!r}"
        )
    return [tuple(int(p) for p in row) for row in pads]
