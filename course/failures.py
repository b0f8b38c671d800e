"""The ways an exercise can fail, each told in words.

Every failure the checks raise is one of these. ``course.progress`` prints
``Exercise N (title) <headline>`` and then the failure's message, and shows
``status`` in the progress table. An exercise that still raises
NotImplementedError is not a failure but :class:`NotStarted`.
"""


class Failure(Exception):
    """A check failed for a reason the message gives in words."""

    headline = "fails a check."
    status = "failing"


class Mismatch(Failure):
    """Your result differs from TensorFlow's (or is not an array of the right kind)."""

    headline = "gives a wrong answer."
    status = "wrong answer"


class InputChanged(Failure):
    """Your function changed an argument in place."""

    headline = "changes its input."
    status = "changes its input"


class Crashed(Failure):
    """Your code raised an exception. Subclasses also derive from the exception's
    built-in type, so ``pytest.raises(ValueError)`` still catches a ValueError."""

    headline = "crashed in your code:"
    status = "crashed"


class TimedOut(Failure):
    """A call (or the import) did not finish within the exercise's time limit."""

    headline = "took too long."
    status = "too slow (stopped)"


class Exited(Failure):
    """Your code ended its own process: sys.exit, os._exit, or a crash of Python itself."""

    headline = "ended the process."
    status = "ends the process"


class CannotImport(Failure):
    """The exercise file does not import: a syntax error, an exception, an exit or a loop at the top."""

    headline = "cannot be imported."
    status = "cannot be imported"

    def __init__(self, message, status=None):
        super().__init__(message)
        if status:
            self.status = status


class UsesFramework(Failure):
    """A NumPy exercise that imported TensorFlow (or Keras, PyTorch, JAX) to get its answer."""

    headline = "must be written in NumPy."
    status = "uses TensorFlow"


class NotStarted(NotImplementedError):
    """The function still raises NotImplementedError: the exercise (or this part) is not started."""

    def __init__(self, function, path):
        super().__init__(function, path)
        self.function = function
        self.path = path

    def __str__(self):
        return f"{self.function} in {self.path} still raises NotImplementedError"


_CRASH_CLASSES = {}


def crashed(message, builtin_types):
    """A :class:`Crashed` that is also an instance of each of ``builtin_types`` (where Python allows the mix)."""
    key = tuple(builtin_types)
    if not key:  # the student's own exception class, on Exception alone
        return Crashed(message)
    if key not in _CRASH_CLASSES:
        _CRASH_CLASSES[key] = Crashed
        for bases in (key, *((base,) for base in key)):  # all of them, else the first that mixes
            try:
                _CRASH_CLASSES[key] = type(f"Crashed{bases[0].__name__}", (Crashed, *bases), {})
                break
            except TypeError:  # an incompatible layout, such as OSError's
                continue
    return _CRASH_CLASSES[key](message)
