"""What the exercise tests use: the code under test, run apart, and comparisons told in words.

    exercise = load("ex05_conv2d")       # nothing runs yet
    out = exercise.conv2d(x, filters)    # runs in the exercise's own process
    compare(out, common.conv2d(x, filters), describe(input=x.shape), mistakes=oracle.conv2d_mistakes(...))

By default the code under test is yours, in ``exercises/``; ``pytest exercises
--solutions`` (or ``EXERCISES_PACKAGE=solutions``) checks ``solutions/``, and
``EXERCISES_PACKAGE=path/to/folder`` checks the files in that folder.

A failed check raises a :mod:`course.failures` exception whose message says
which case failed and how, and names the likely cause when a known mistake
would give exactly the result that came back. Where none does, it still says
what is true of the difference (``What differs:``, :mod:`course.differences`):
the answer negated, scaled, transposed, a part of it, wrong only at the edges...
and, from the cases of this session that passed and failed, which ones fail.
"""

import contextlib
import inspect
import os
import re

import numpy as np

from course import differences, isolation
from course.catalog import find
from course.failures import Crashed, Failure, Mismatch
from course.worker import FOREIGN

_last_call = {"name": "your function", "args": (), "kwargs": {}, "op": "call", "exercise": None}
_this_test = {"bad_input": False}  # what the current test checked, for the grader's rules (course.teacher.scores)


def begin_test():
    """Called before each test (by :class:`course.progress.Progress`): forgets what the last one checked."""
    _this_test["bad_input"] = False


def checked_bad_input():
    """Whether the current test checked, with :func:`rejects`, that a bad input raises ValueError."""
    return _this_test["bad_input"]


class NoValueError(Failure):
    """A bad input that your function accepted, or answered with another exception than ValueError."""

    headline = "does not reject a bad input."
    status = "accepts a bad input"


class StudentModule:
    """The student's exercise module, seen from the checks: each call runs in the exercise's own process."""

    def __init__(self, module):
        self.exercise = find(module)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return StudentFunction(self.exercise, name)

    def drive(self, driver, *args):
        """Runs the driver ``driver(module, *args)`` (``course/keras_drivers.py``'s for a Keras exercise,
        ``course/drivers.py``'s for a NumPy one) next to the student's module, for what can't leave its
        process (a Keras model, a random mask); returns its plain-data result."""
        _last_call.update(name=driver, args=args, kwargs={}, op="drive", exercise=self.exercise)
        return isolation.drive(self.exercise, driver, args)


class StudentFunction:
    def __init__(self, exercise, name):
        self.exercise = exercise
        self.__name__ = name

    def __call__(self, *args, **kwargs):
        _last_call.update(name=self.__name__, args=args, kwargs=kwargs, op="call", exercise=self.exercise)
        return isolation.call(self.exercise, self.__name__, args, kwargs)


def load(module):
    """The code under test for exercise ``module`` (e.g. ``"ex05_conv2d"``).

    Every test module calls this at its top, so it is also where TensorFlow looks for devices (and
    logs that it found no GPU, which it would otherwise do on its first op): now, while pytest
    collects and keeps the noise to itself, not in the middle of a failing test's output."""
    import tensorflow as tf

    tf.config.list_physical_devices()
    return StudentModule(module)


class Described(str):
    """A case in words that keeps its parts: ``describe(padding="SAME").parts == {"padding": "SAME"}``."""

    parts = {}


_described = {}  # the text of each recent describe() -> its parts, to find them in a longer case text
MAX_DESCRIBED = 512


def describe(**parts):
    """A case in words: ``describe(input=x.shape, padding="SAME")`` -> 'input (1, 5, 5, 1), padding SAME'.

    The text keeps its parts (``.parts``), and is remembered: a check that puts it in a longer text
    (``f"grad_input, {case}"``) still has them, for the rule over the cases seen (:func:`compare`)."""
    text = Described(", ".join(f"{name.replace('_', ' ')} {value}" for name, value in parts.items()))
    text.parts = dict(parts)
    _described.pop(str(text), None)
    _described[str(text)] = text.parts
    while len(_described) > MAX_DESCRIBED:
        del _described[next(iter(_described))]
    return text


def case_parts(case):
    """``(label, parts)`` of a case text: its parts as :func:`describe` got them (None for a text written by
    hand), and the text around them, '{}' in their place (``"grad_input, {}"``)."""
    if isinstance(case, Described) and case.parts:
        return "{}", case.parts
    text = str(case)
    found = max((described for described in _described if len(described) >= 3 and described in text),
                key=len, default=None)  # fmt: skip
    if found is None:
        return text, None
    return text.replace(found, "{}", 1), _described[found]


# --- The cases seen: which passed and which failed, this session, for each check of each exercise ----------

_seen = {}  # (location, exercise module) -> {check: {frozen parts: outcomes}}
MAX_CASES = 2_000  # per check (a hypothesis test tries hundreds)


def begin_session():
    """Forgets the cases seen: a new test session starts afresh (course/progress.py calls this)."""
    _seen.clear()


def _owner(exercise):
    """Whose cases these are: the code's location and the exercise."""
    try:
        location = isolation.Location.current()
    except Exception:  # a location that can't be read: the cases are no one's in particular
        location = None
    return location, exercise.module if exercise is not None else None


class Cases:
    """The cases of one check seen so far: one test file's cases of one kind of case text, with the same parts."""

    def __init__(self, case):
        self.parts, self.label, self.outcomes = None, str(case), None
        try:
            self._find(case)
        except Exception:  # a case that can't be told apart is not remembered: the check itself goes on
            self.outcomes = None

    def _find(self, case):
        self.label, parts = case_parts(case)
        if parts is None:
            return
        self.parts = {name: differences.freeze(value) for name, value in parts.items()}
        checks = _seen.setdefault(_owner(_last_call.get("exercise")), {})
        test = os.environ.get("PYTEST_CURRENT_TEST", "").split("::")[0]
        check = (test, self.label, tuple(self.parts))  # not the function: describe(function=...) may tell them apart
        self.outcomes = checks.setdefault(check, {})

    def add(self, passed):
        if self.outcomes is None:
            return
        key = tuple(self.parts.items())
        if key in self.outcomes or len(self.outcomes) < MAX_CASES:
            self.outcomes.setdefault(key, set()).add(passed)

    def rule(self):
        """A fact about which of these cases fail, true of every one seen (see differences.case_rule)."""
        if not self.outcomes:
            return None
        return differences.case_rule(self.parts, self.outcomes)

    def name(self):
        """What the compared value is called, where the case text starts with its name: 'grad_input, ...'."""
        match = re.match(r"\s*([A-Za-z_]\w*)(?:,| vs | after )", self.label)
        return match.group(1) if match else None


def call_arguments():
    """The arrays of the last call of a student's function, in words: ("the first argument of relu", x)."""
    if _last_call.get("op") != "call":
        return []
    name = _last_call["name"]
    found = [(f"the {differences.ordinal(i)} argument of {name}", value) for i, value in enumerate(_last_call["args"])]
    found += [(f"the argument {key}= of {name}", value) for key, value in _last_call["kwargs"].items()]
    return [(words, value) for words, value in found if isinstance(value, np.ndarray)]


def close(actual, expected, rtol, atol):
    return actual.shape == expected.shape and np.allclose(actual, expected, rtol=rtol, atol=atol, equal_nan=True)


def not_an_array(actual, name, dtype=None):
    """Why ``actual`` is not what an array-returning exercise must return, or None if it is."""
    if actual is None:
        return f"{name} returned None. Did you forget `return`?"
    if isinstance(actual, dict) and FOREIGN in actual:
        kind = actual[FOREIGN]
        exercise = _last_call["exercise"]
        if kind.startswith(("tensorflow.", "keras.")) and exercise is not None and exercise.kind == "keras":
            return (f"{name} returned a TensorFlow tensor ({kind}); return a NumPy array: tensor.numpy() "
                    "or keras.ops.convert_to_numpy(tensor) makes one.")  # fmt: skip
        if kind.startswith(("tensorflow.", "keras.")):
            return (f"{name} returned a TensorFlow tensor ({kind}). The exercise is to write {name} "
                    "in NumPy, and TensorFlow is what checks it: return a NumPy array.")  # fmt: skip
        return f"{name} returned a {kind} ({actual['repr']}); return a NumPy array."
    if isinstance(actual, (list, tuple)):
        return f"{name} returned a {type(actual).__name__}; return a NumPy array (np.array(...) makes one)."
    if not isinstance(actual, (np.ndarray, np.generic)):
        return f"{name} returned {actual!r}, a {type(actual).__name__}; return a NumPy array."
    if dtype is not None and actual.dtype != dtype:
        wanted = np.dtype(dtype).name
        return f"{name} returned an array of {actual.dtype}; return {wanted} (.astype(np.{wanted}))."
    if dtype is None and actual.dtype.kind != "f":
        return (f"{name} returned an array of {actual.dtype} values; return floating-point values "
                "(np.zeros(shape) and np.asarray(x, dtype=np.float64) give float64).")  # fmt: skip
    return None


def compare(actual, expected, case, rtol=1e-6, atol=1e-9, mistakes=(), dtype=None, explain=None, alternatives=()):
    """Raises :class:`Mismatch` unless ``actual`` matches ``expected``.

    Args:
        actual: what the code under test returned.
        expected: the oracle's answer (TensorFlow's, or a worked example's), computed
            before the call.
        case: the inputs in words, from :func:`describe` (alone or in a longer text).
        rtol, atol: the tolerance, as in ``np.allclose``.
        mistakes: ``(explanation, compute)`` pairs. ``compute()`` returns what a known
            mistake gives on this case (None where it can't happen). A mistake is named
            only if it differs from ``expected`` and matches ``actual``, both at this
            tolerance: then it is the mistake, not a guess.
        dtype: the exact dtype required (e.g. ``np.uint8``); by default any floating type.
        explain: ``explain(index)`` returns lines that show how the value at ``index``
            is computed (the window and kernel taps of a convolution).
        alternatives: ``(words, compute)`` pairs, as from :func:`other_answers`: the answer
            for other arguments ("padding VALID"). Where one matches ``actual`` (and not
            ``expected``), a line says so, as a fact, not a cause.

    A failure also says what is true of the difference (``What differs:``, see
    :mod:`course.differences`), and the case is remembered for the rule over the cases seen.
    """
    cases = Cases(case)
    problem = not_an_array(actual, _last_call["name"], dtype)
    if problem:
        cases.add(False)
        raise Mismatch(f"For {case}:\n  {problem}")
    actual = np.asarray(actual)
    expected = np.asarray(expected, dtype=actual.dtype if dtype is not None else np.float64)
    if close(actual, expected, rtol, atol):
        cases.add(True)
        return
    cases.add(False)
    if actual.shape != expected.shape:
        lines = [f"expected shape {expected.shape}, got {actual.shape}"]
    else:
        lines = worst_value(actual.astype(np.float64), expected.astype(np.float64), rtol, atol)
        if explain is not None:
            lines += explain(worst_index(actual.astype(np.float64), expected.astype(np.float64), rtol, atol))
    matched = matched_mistakes(actual, expected, mistakes, rtol, atol)
    causes = [explanation for explanation, _ in matched]
    if actual.dtype in (np.float32, np.float16) and expected.dtype == np.float64 and float32_close(actual, expected):
        causes.append(
            f"your result is {actual.dtype}, which keeps about 7 significant digits; "
            f"the checks expect float64's 15 (to a relative error of {rtol:g}). Compute in float64."
        )
        facts = [_safely(cases.rule)]  # the rest is rounding: nothing about it is worth a line
    else:
        facts = what_differs(actual, expected, rtol, atol, cases, alternatives, [variant for _, variant in matched])
    lines += [f"What differs: {fact}" for fact in facts if fact]
    lines += [f"Likely cause: {explanation}" for explanation in causes]
    raise Mismatch(f"For {case}:\n  " + "\n  ".join(lines))


def what_differs(actual, expected, rtol, atol, cases, alternatives=(), named=()):
    """The facts of a failed comparison (course.differences), without repeating a named cause: an
    alternative that gives what a matched mistake gives is left out. A detector's own error is no
    student's business: it costs its lines, never the message."""
    try:
        offered = []
        for words, compute in alternatives:
            value = _computed(compute)
            if value is not None and not any(value.shape == v.shape and close(value, v, rtol, atol) for v in named):
                offered.append((words, value))
        return differences.differences(
            actual, expected, rtol, atol, name=cases.name(), inputs=call_arguments(), alternatives=offered,
            rule=cases.rule(),
        )  # fmt: skip
    except Exception:
        return []


def _computed(compute):
    """``compute()`` as a float64 array, or None where it can't be computed (an alternative that does not apply)."""
    try:
        value = compute()
        return None if value is None else np.asarray(value, dtype=np.float64)
    except Exception:
        return None


def other_answers(oracle, *args, vary, **kwargs):
    """``alternatives`` for :func:`compare`: the oracle's answer with one argument changed at a time.

        other_answers(common.conv2d, x, filters, strides=2, padding="SAME",
                      vary={"padding": ["VALID"], "strides": [1],
                            "filters": {"the kernel flipped": filters[::-1, ::-1]}})

    ``vary`` names arguments of ``oracle``: a list of other values (told as "padding VALID"), or a
    dict of words -> value. Each is computed only when a comparison fails."""
    bound = inspect.signature(oracle).bind(*args, **kwargs)
    bound.apply_defaults()
    found = []
    for name, options in vary.items():
        told = options.items() if isinstance(options, dict) else ((f"{name} {value}", value) for value in options)
        for words, value in told:
            arguments = {**bound.arguments, name: value}
            found.append((words, lambda arguments=arguments: oracle(**arguments)))
    return found


def compare_each(results, case, rtol=1e-6, atol=1e-9, mistakes=None):
    """Compares several results of one call, each named: ``{"grad_input": (actual, expected), ...}``.

    Every one is compared; the first that differs fails, and its message also says which of the
    others are right ("grad_filters is right; only grad_input differs"). ``mistakes``: {name: pairs}."""
    failures, right = [], []
    for name, (actual, expected) in results.items():
        try:
            compare(actual, expected, f"{name}, {case}", rtol, atol, mistakes=(mistakes or {}).get(name, ()))
            right.append(name)
        except Mismatch as mismatch:
            failures.append((name, mismatch))
    if not failures:
        return
    wrong = [name for name, _ in failures]
    first = str(failures[0][1])
    if right:
        verb = "is" if len(right) == 1 else "are"
        fact = f"What differs: {differences.listed(right)} {verb} right; only {differences.listed(wrong)} "
        fact += "differs" if len(wrong) == 1 else "differ"
        lines = first.split("\n")
        at = next((i for i, line in enumerate(lines) if line.strip().startswith(("What differs:", "Likely cause:"))),
                  len(lines))  # fmt: skip
        facts = [line for line in lines[at:] if line.strip().startswith("What differs:")]
        if len(facts) >= differences.MAX_LINES:
            lines.remove(facts[-1])
        lines.insert(at, f"  {fact}")
        first = "\n".join(lines)
    raise Mismatch(first)


def float32_close(actual, expected):
    """Whether ``actual`` is ``expected`` up to float32 rounding. (Two float32 computations that add
    in different orders agree only to float32's precision, so this is the one cause matched at a
    looser tolerance than the answer's: what it names is the dtype, which is a fact.)"""
    scale = max(float(np.max(np.abs(expected), initial=0.0)), 1.0)
    return close(actual.astype(np.float64), expected, rtol=1e-4, atol=1e-5 * scale)


def worst_index(actual, expected, rtol, atol):
    error = np.abs(actual - expected) - atol - rtol * np.abs(expected)
    error = np.where(np.isnan(actual) != np.isnan(expected), np.inf, np.nan_to_num(error, nan=-np.inf))
    return tuple(int(i) for i in np.unravel_index(np.argmax(error), error.shape))


def worst_value(actual, expected, rtol, atol):
    """The wrong values in words: how many, and the worst with its expected value."""
    wrong = int(np.sum(~np.isclose(actual, expected, rtol=rtol, atol=atol, equal_nan=True)))
    index = worst_index(actual, expected, rtol, atol)
    want, got = expected[index], actual[index]
    if np.isnan(got):
        detail = f"expected {want:.6g}, got NaN (not a number: from 0/0, inf - inf or an overflow?)"
    elif np.isinf(got):
        detail = f"expected {want:.6g}, got {got} (an overflow?)"
    elif abs(want) < 1e-6 * max(float(np.max(np.abs(expected))), 1e-300):  # 0, or next to nothing
        detail = f"expected {want:.6g}, got {got:.6g} (off by {abs(got - want):.2g})"
    else:
        detail = f"expected {want:.6g}, got {got:.6g} (relative error {abs(got - want) / abs(want):.2g})"
    where = f" at index {index}" if actual.ndim else ""
    nans = int(np.sum(np.isnan(actual) & ~np.isnan(expected)))
    lines = [f"{wrong} of {expected.size} values are wrong; the worst{where}:", f"  {detail}"]
    if nans:
        lines.append(f"  {nans} of your values are NaN.")
    return lines


def named_mistakes(actual, expected, mistakes, rtol, atol):
    """The explanations of the known mistakes that are the mistake here (see :func:`compare`)."""
    return [explanation for explanation, _ in matched_mistakes(actual, expected, mistakes, rtol, atol)]


def matched_mistakes(actual, expected, mistakes, rtol, atol):
    """``(explanation, what the mistake gives)`` of the known mistakes that are the mistake here."""
    found = []
    for explanation, compute in mistakes:
        variant = compute()
        if variant is None or explanation in (known for known, _ in found):
            continue
        variant = np.asarray(variant, dtype=np.float64)
        if not close(variant, expected, rtol, atol) and close(actual.astype(np.float64), variant, rtol, atol):
            found.append((explanation, variant))
    return found


def parts(result, names, function):
    """A tuple result as its parts: ``(out, mask) = parts(result, ("out", "mask"), "dropout_forward")``."""
    if not isinstance(result, (tuple, list)) or len(result) != len(names):
        shown = f"a {type(result).__name__} of {len(result)}" if isinstance(result, (tuple, list)) else repr(result)
        shown = shown if len(shown) < 80 else shown[:77] + "..."
        raise Mismatch(f"{function} returned {shown}; return a tuple of {len(names)}: ({', '.join(names)}).")
    return [np.float64(part) if isinstance(part, (int, float)) and not isinstance(part, bool) else part
            for part in result]  # fmt: skip


def kind_problem(actual, expected, name):
    """Why ``actual`` is not the same kind of value as ``expected`` (an int, a tuple of ints...), or None."""
    if isinstance(expected, bool):
        ok = isinstance(actual, (bool, np.bool_))
    elif isinstance(expected, int):
        ok = isinstance(actual, (int, np.integer)) and not isinstance(actual, (bool, np.bool_))
        if not ok and isinstance(actual, (float, np.floating)):
            return (f"{name} returned {actual!r}, a float; return an int "
                    "(// divides whole numbers and rounds down; int(...) converts).")  # fmt: skip
    elif isinstance(expected, (tuple, list)):
        if not isinstance(actual, (tuple, list)) or len(actual) != len(expected):
            kind = f"{type(expected).__name__} of {len(expected)}"
            return f"{name} returned {actual!r}; return a {kind}, like {expected!r}."
        return next(filter(None, map(kind_problem, actual, expected, [name] * len(actual))), None)
    else:
        return None
    return None if ok else f"{name} returned {actual!r}; return a {type(expected).__name__}, like {expected!r}."


def compare_equal(actual, expected, case, mistakes=()):
    """Raises :class:`Mismatch` unless ``actual == expected`` (ints, tuples...) with the same kinds of value.

    ``mistakes`` are ``(explanation, compute)`` pairs as in :func:`compare`: named only when
    ``compute()`` differs from ``expected`` and equals ``actual``.
    """
    cases = Cases(case)
    problem = kind_problem(actual, expected, _last_call["name"])
    if problem:
        cases.add(False)
        raise Mismatch(f"For {case}:\n  {problem}")
    if isinstance(expected, tuple) and isinstance(actual, list):
        actual = tuple(actual)
    if actual == expected:
        cases.add(True)
        return
    cases.add(False)
    lines = [f"expected {expected!r}, got {actual!r}"]
    rule = _safely(cases.rule)
    if rule:
        lines.append(f"What differs: {rule}")
    for explanation, compute in mistakes:
        variant = compute()
        if variant is not None and variant != expected and actual == variant:
            lines.append(f"Likely cause: {explanation}")
    raise Mismatch(f"For {case}:\n  " + "\n  ".join(lines))


def _safely(fact):
    try:
        return fact()
    except Exception:  # a detector's own error costs its line, never the message
        return None


def unchanged(function, **before_and_after):
    """Raises :class:`course.failures.InputChanged` if a driver's call of ``function`` changed one of its
    arguments in place: ``x=(x, what the driver saw in x after the call)``. (A plain call is watched so
    by itself; a driver returns the arguments it passed for this.)"""
    before = tuple(pair[0] for pair in before_and_after.values())
    after = tuple(pair[1] for pair in before_and_after.values())
    isolation.check_unchanged(function, before, {}, {"names": list(before_and_after), "args": after, "kwargs": {}})


def rejects(call, why):
    """Passes if ``call()`` raises ValueError: the student's code refusing a bad input. The test is then
    a bad-input check, whose points count only when its exercise's value checks pass (README: grading)."""
    _this_test["bad_input"] = True
    try:
        call()
    except ValueError:
        return
    except Crashed as crash:  # an exception, but not a ValueError
        raise NoValueError(
            f"For {why}:\n  {describe_last_call()} raised another exception than ValueError:\n  {crash}\n"
            "  Check the argument yourself and raise ValueError with a message that says what is wrong."
        ) from None
    raise NoValueError(
        f"For {why}:\n  {describe_last_call()} returned instead of raising ValueError.\n"
        "  Check the argument and raise ValueError with a message that says what is wrong."
    )


@contextlib.contextmanager
def crash_causes(*causes):
    """Names the cause of a known crash: ``(explanation, pattern)`` pairs. A crash whose message
    matches the regular expression ``pattern`` gets a ``Likely cause:`` line; others pass unchanged."""
    try:
        yield
    except Crashed as crash:
        found = [explanation for explanation, pattern in causes if re.search(pattern, str(crash))]
        crash.args = (str(crash) + "".join(f"\n  Likely cause: {explanation}" for explanation in found),)
        raise


def describe_last_call():
    return isolation.describe_call(_last_call["name"], _last_call["args"], _last_call["kwargs"])
