"""What the exercise tests use: load the code under test, compare it in words.

By default the tests check your code in ``exercises/``; ``pytest exercises
--solutions`` (or ``EXERCISES_PACKAGE=solutions``) checks ``solutions/``.
"""

import importlib
import os

import numpy as np


class Mismatch(AssertionError):
    """Your result differs from TensorFlow's. The message says where and how."""


def package():
    return os.environ.get("EXERCISES_PACKAGE", "exercises")


def load(module):
    """The module under test: ``exercises.<module>`` or ``solutions.<module>``."""
    return importlib.import_module(f"{package()}.{module}")


def describe(**parts):
    """A case in words: ``describe(input=x.shape, padding="SAME")`` -> 'input (1, 5, 5, 1), padding SAME'."""
    return ", ".join(f"{name.replace('_', ' ')} {value}" for name, value in parts.items())


def _close(actual, expected, rtol, atol):
    return actual.shape == expected.shape and np.allclose(actual, expected, rtol=rtol, atol=atol)


def check(actual, expected, case, rtol=1e-6, atol=1e-9, mistakes=()):
    """Raises :class:`Mismatch` unless ``actual`` matches ``expected``.

    Args:
        actual: what the code under test returned.
        expected: the oracle's answer (TensorFlow's, or a worked example's).
        case: the inputs in words, from :func:`describe`.
        rtol, atol: the tolerance, as in ``np.allclose``.
        mistakes: ``(explanation, compute)`` pairs: ``compute()`` returns what
            a known mistake would give. If ``actual`` matches one, the message
            names it.
    """
    if actual is None:
        raise Mismatch(f"For {case}:\n  your function returned None. Did you forget `return`?")
    actual = np.asarray(actual, dtype=np.float64) if not isinstance(actual, tuple) else actual
    expected = np.asarray(expected, dtype=np.float64)
    if isinstance(actual, tuple) or actual.dtype == object:
        raise Mismatch(f"For {case}:\n  expected one array of shape {expected.shape}, got {type(actual)}")
    if _close(actual, expected, rtol, atol):
        return
    if actual.shape != expected.shape:
        lines = [f"expected shape {expected.shape}, got {actual.shape}"]
    else:
        error = np.abs(actual - expected) - atol - rtol * np.abs(expected)
        error = np.where(np.isnan(actual), np.inf, error)
        worst = np.unravel_index(np.argmax(error), error.shape)
        relative = abs(actual[worst] - expected[worst]) / max(abs(expected[worst]), 1e-12)
        wrong = int(np.sum(error > 0))
        lines = [
            f"{wrong} of {expected.size} values are wrong; the worst is at index {tuple(map(int, worst))}:",
            f"  expected {expected[worst]:.6g}, got {actual[worst]:.6g} (relative error {relative:.2g})",
        ]
    for explanation, compute in mistakes:
        if _close(actual, np.asarray(compute(), dtype=np.float64), rtol=1e-5, atol=1e-6):
            lines.append(f"Likely cause: {explanation}")
            break
    raise Mismatch(f"For {case}:\n  " + "\n  ".join(lines))


def check_equal(actual, expected, case, mistakes=()):
    """Raises :class:`Mismatch` unless ``actual == expected`` (ints, tuples...)."""
    if actual == expected:
        return
    lines = [f"expected {expected!r}, got {actual!r}"]
    for explanation, compute in mistakes:
        if actual == compute():
            lines.append(f"Likely cause: {explanation}")
            break
    raise Mismatch(f"For {case}:\n  " + "\n  ".join(lines))
