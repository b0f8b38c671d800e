"""Calls into a student's exercise module, which runs in a process of its own.

Each exercise gets a worker process (``course/worker.py``), started on its
first call or earlier (see :func:`prestart`): it imports the student's module
and runs the calls it is sent.
The checks stay in this process. So a student's code cannot end the test run,
hang it, or patch the NumPy, TensorFlow, oracle or test module that judge it:

- every call, and the import, has a time limit (``course.catalog``); a call
  that overruns is stopped and reported, and the next test gets a fresh process;
- an exit (``sys.exit``, ``os._exit``) is reported as such, with where it happened;
- results come back as plain data only: arrays, numbers, strings, lists, tuples
  and dicts. A restricted unpickler refuses anything else, so what the student's
  process sends cannot run code here;
- the arguments come back too, so a function that changed its input is caught.

Everything goes wrong in words: see :mod:`course.failures`.
"""

import builtins
import copy
import io
import os
import pickle
import reprlib
import select
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from course import forking
from course.catalog import EXERCISE_FILE, ROOT
from course.failures import (
    CannotImport,
    Exited,
    Failure,
    InputChanged,
    NotStarted,
    TimedOut,
    UsesFramework,
    crashed,
)
from course.worker import FOREIGN, HEADER

WORKER = Path(__file__).with_name("worker.py")
PRELOAD_SECONDS = 180  # in grading, a Keras zygote imports TensorFlow before its first fork; slow on a busy machine
PRINTED_KEPT = 4_000  # bytes of a student's prints relayed per call; the rest is counted, not kept
MAX_REPLY_BYTES = 64 << 20  # a reply larger than this is not an answer to a check: the call fails
MAX_TEXT = 2_000  # characters kept of any text a worker sends about a failure (a message, a type's name...)
MAX_ITEMS = 50  # items kept of any list in such a text (the frames of a traceback...)
MAX_NODES = 1_000_000  # values in the lists, tuples and dicts of one reply, counted as often as they are reached
NUMPY_MEMORY = 3 << 30  # bytes of address space for a graded NumPy exercise's worker
KERAS_MEMORY = 8 << 30  # ... and for a Keras exercise's, which loads TensorFlow
# Set by the grader (course/teacher/grade.py) to the sandbox's way ("bubblewrap" or "fallback", see
# course/sandbox.py), or "none" for --no-sandbox: every worker then starts inside the sandbox, and
# each exercise's calls share its grading budget (course/catalog.py). None for a student's own checks.
grading = None
# The project's own modules in exercises/: never "your code" in a traceback.
INFRASTRUCTURE = sorted(
    path.name for path in (ROOT / "exercises").glob("*.py") if not EXERCISE_FILE.fullmatch(path.name)
)


@dataclass(frozen=True)
class Location:
    """Where the code under test lives: ``root/package/exNN_*.py``."""

    root: Path
    package: str

    @classmethod
    def current(cls):
        """From ``EXERCISES_PACKAGE``: a package of this project (``exercises``, ``solutions``) or a folder's path."""
        value = os.environ.get("EXERCISES_PACKAGE", "exercises")
        if os.sep in value:
            path = Path(value).resolve()
            return cls(path.parent, path.name)
        return cls(ROOT, value)

    def path(self, module):
        return f"{self.package}/{module}.py"


class RestrictedUnpickler(pickle.Unpickler):
    """Unpickles plain data and NumPy arrays, and refuses every other global: a reply can't run code."""

    ALLOWED = {
        ("numpy", "dtype"),
        ("numpy", "ndarray"),
        ("numpy._core.numeric", "_frombuffer"),
        ("numpy._core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "scalar"),
        ("builtins", "complex"),
    }

    def find_class(self, module, name):
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"a reply may not contain {module}.{name}")
        return super().find_class(module, name)


class Worker:
    """One exercise module running in its own process."""

    def __init__(self, location, exercise):
        self.location = location
        self.exercise = exercise
        self.path = location.path(exercise.module)
        self.files = []  # the student's files the module imported, for `watch`
        self.public = []  # the functions and classes the module defines
        self.printed = bytearray()
        self.printed_total = 0
        self.unread = bytearray()  # reply bytes read but not yet taken
        keras = exercise.kind == "keras"
        start = {"package": location.package, "module": exercise.module, "infrastructure": INFRASTRUCTURE,
                 "keras": keras, "import_seconds": exercise.import_seconds,
                 "import_wall_seconds": exercise.import_wall_seconds}  # fmt: skip
        if grading in ("bubblewrap", "fallback"):
            # A zygote in the sandbox forks the worker (course/zygote.py), which gets the submission's files
            # from here: the sandbox holds no submission, and nothing of one worker is left for the next.
            self.process = forking.spawn(keras, exercise.packages)
            memory = KERAS_MEMORY if keras else NUMPY_MEMORY
            start.update(paths=self.process.zygote.walls.paths,
                         confine={"memory_bytes": memory}, sources=sources(location))  # fmt: skip
        else:
            paths = [str(location.root)] + ([str(ROOT)] if location.root != ROOT else [])
            self.process = subprocess.Popen([sys.executable, "-P", str(WORKER)], cwd=location.root,
                                            env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}, stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
            start.update(paths=paths, root=str(location.root))
        os.set_blocking(self.process.stderr.fileno(), False)
        self.imported = False
        self.send(start)

    def wait_imported(self):
        """Waits for the student's module to finish importing; raises :class:`CannotImport` if it doesn't.

        The import's clock starts when the worker begins it (it says when), so a worker started early,
        while the checks were still loading TensorFlow, has had that time already."""
        if self.imported:
            return
        try:
            ready = self.receive(PRELOAD_SECONDS, "starting")
            # The worker stops an import past its CPU limit itself; the clock's limit here is a backstop.
            reply = self.receive(self.exercise.import_wall_seconds + 5, f"importing {self.path}", started=ready["at"])
        except Failure as failure:
            raise self.import_failure(failure) from None
        if reply["op"] != "imported":
            self.stop()
            raise self.import_failure(reply)
        self.files, self.public, self.imported = reply["files"], reply["public"], True

    def import_failure(self, problem):
        """A :class:`CannotImport` for a failed import: a reply, or the Failure that ended it."""
        if isinstance(problem, TimedOut) or problem == {"op": "import_timeout"}:  # stopped by us, or by itself
            return CannotImport(
                f"It did not finish importing within {self.exercise.import_seconds} s, so it was stopped: "
                f"an endless loop at the top of {self.path}?",
                status=f"cannot be imported: no end to its import within {self.exercise.import_seconds} s",
            )
        if isinstance(problem, Failure):
            return CannotImport(str(problem), status=f"cannot be imported: {problem.status}")
        if problem["op"] == "framework":
            return uses_framework(problem, f"importing {self.path}")
        if problem["op"] == "exited":
            where = at(problem["frames"])
            return CannotImport(f"It calls {problem['how']}{where} while being imported.",
                                status=f"cannot be imported: {problem['how']}{where}")  # fmt: skip
        if "syntax" in problem:
            file, line, text, message = problem["syntax"]
            return CannotImport(
                f"{problem['type']} at {file}:{line}\n    {line} | {text}\n  {message}",
                status=f"cannot be imported: {problem['type']} at {file}:{line}",
            )
        where = at(problem["frames"][-1:])
        return CannotImport(
            f"{problem['type']}{where}: {problem['message']}" + frame_lines(problem["frames"]),
            status=f"cannot be imported: {problem['type']}{where}",
        )

    def send(self, message):
        data = pickle.dumps(message, protocol=5)
        try:
            self.process.stdin.write(HEADER.pack(len(data)) + data)
            self.process.stdin.flush()
        except BrokenPipeError:
            pass  # the process has ended; receive() says how

    def receive(self, seconds, doing, started=None):
        """The next reply, within ``seconds`` of ``started`` (default: now); relays the student's prints."""
        deadline = (started or time.monotonic()) + seconds
        replies, printed = self.process.stdout.fileno(), self.process.stderr.fileno()
        watched = [replies, printed]
        while True:
            if len(self.unread) >= HEADER.size:
                end = HEADER.size + HEADER.unpack_from(self.unread)[0]
                if len(self.unread) >= end:
                    self.relay()
                    message, self.unread = bytes(self.unread[HEADER.size : end]), self.unread[end:]
                    return self.unpickle(message, doing)
            remaining = max(deadline - time.monotonic(), 0)
            try:
                readable = select.select(watched, [], [], remaining)[0]
            except KeyboardInterrupt:
                self.stop()
                raise
            if replies not in readable and remaining == 0:  # (a worker started early may have answered already)
                self.relay()
                self.stop()
                raise TimedOut(f"{doing[0].upper()}{doing[1:]} did not finish within {seconds:g} s, so it was "
                               "stopped: an endless loop, or far too much work?")  # fmt: skip
            if printed in readable and not self.relay():
                watched.remove(printed)  # the student's code closed stderr
            if replies in readable:
                chunk = os.read(replies, 1 << 20)
                if not chunk:
                    self.relay()
                    raise self.ended(doing)
                self.unread += chunk
                if len(self.unread) > MAX_REPLY_BYTES + HEADER.size:
                    self.stop()
                    raise Failure(f"While {doing}, its process sent back more than {MAX_REPLY_BYTES >> 20} MB: "
                                  "that is not an answer to this check.")  # fmt: skip

    def unpickle(self, data, doing):
        try:
            reply = RestrictedUnpickler(io.BytesIO(data)).load()
            if not isinstance(reply, dict) or not isinstance(reply.get("op"), str):
                raise ValueError("not a reply")
        except Exception as error:
            self.stop()
            raise Failure(f"While {doing}, its process sent back something that is not plain data "
                          f"({shorter(str(error))}).") from None  # fmt: skip
        if not small_enough(reply):
            self.stop()
            raise Failure(f"While {doing}, its process sent back more than {MAX_NODES:,} values in lists, tuples "
                          "and dicts: that is not an answer to this check.")  # fmt: skip
        return {key: value if key in ANSWERS else shorter(value) for key, value in reply.items()}

    def relay(self):
        """Keeps what the student's code printed; False once its stderr is closed."""
        try:
            chunk = os.read(self.process.stderr.fileno(), 1 << 20)
        except BlockingIOError:
            return True
        self.printed_total += len(chunk)
        self.printed += chunk[: max(PRINTED_KEPT - len(self.printed), 0)]
        return bool(chunk)

    def take_printed(self):
        """What the student's code printed since the last call, cut to a readable length."""
        text = self.printed.decode(errors="replace")
        if self.printed_total > len(self.printed):
            text += f"\n... ({self.printed_total - len(self.printed):,} more bytes of output not shown)\n"
        self.printed, self.printed_total = bytearray(), 0
        return text

    def ended(self, doing):
        code = self.process.wait()
        if code < 0:
            return Exited(f"Python itself crashed (signal {-code}) while {doing}.")
        return Exited(f"The process exited with status {code} while {doing}, without returning: "
                      "does your code call os._exit()? Return a value instead.")  # fmt: skip

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout, self.process.stderr):
            try:
                pipe.close()
            except OSError:
                pass

    @property
    def alive(self):
        return self.process.poll() is None


def sources(location):
    """{file name: text} of the Python files of the student's package: what a forked worker imports."""
    folder = location.root / location.package
    return {path.name: path.read_text(encoding="utf-8", errors="replace") for path in sorted(folder.glob("*.py"))}


# The parts of a reply that are the student's answer, compared as they are; everything else a
# worker says is text about a failure, and is cut short first (see :func:`shorter`).
ANSWERS = {"op", "value", "args", "kwargs", "names"}


def small_enough(reply):
    """Whether ``reply`` holds at most MAX_NODES values, counting a list each time it is reached: a few
    hundred bytes of pickle whose lists share their items would otherwise unfold into gigabytes here."""
    budget, stack = MAX_NODES, [reply]
    while stack:
        value = stack.pop()
        if isinstance(value, (list, tuple)):
            items = value
        elif isinstance(value, dict):
            items = [*value.keys(), *value.values()]
        else:
            continue
        budget -= len(items)
        if budget < 0:
            return False
        stack.extend(items)
    return True


def shorter(value, depth=0):
    """``value`` with every text cut to MAX_TEXT characters and every list to MAX_FRAMES items: a
    hostile worker's 1 MB exception name never reaches feedback or results.json whole."""
    if isinstance(value, str):
        return value if len(value) <= MAX_TEXT else value[:MAX_TEXT] + " ... (cut short)"
    if isinstance(value, (list, tuple)) and depth < 3:
        return type(value)(shorter(item, depth + 1) for item in value[-MAX_ITEMS:])
    if isinstance(value, dict) and depth < 3:
        return {shorter(key, depth + 1): shorter(item, depth + 1) for key, item in list(value.items())[:MAX_ITEMS]}
    return value


def at(frames):
    """' at file:line' of the innermost frame, or ''."""
    return f" at {frames[-1][0]}:{frames[-1][1]}" if frames else ""


def frame_lines(frames):
    lines = []
    for file, line, function, code in frames:
        lines.append(f"\n  at {file}:{line}, in {function}")
        if code:
            lines.append(f"\n      {code}")
    return "".join(lines)


_shorter = reprlib.Repr()
_shorter.maxstring = _shorter.maxother = 40


def describe_value(value):
    if isinstance(value, np.ndarray):
        return f"array {value.shape}"
    if isinstance(value, (list, tuple)) and any(isinstance(item, np.ndarray) for item in value):
        return f"{type(value).__name__} of {len(value)} arrays"
    return _shorter.repr(value)


def describe_call(function, args, kwargs):
    """``conv2d(array (1, 5, 5, 1), array (3, 3, 1, 1), strides=2)``: a call in a line."""
    parts = [describe_value(a) for a in args] + [f"{k}={describe_value(v)}" for k, v in kwargs.items()]
    return f"{function}({', '.join(parts)})"


_workers = {}
_import_failures = {}  # (location, module) -> why it does not import, for the rest of the session
# (location, module, function) -> a failure raised again at once, without running the function:
_exited = {}  # it ended its process, in the current test (hypothesis calls again while it shrinks a case)
_timed_out = {}  # it ran past its limit, this session: grading every test would otherwise wait that long again
_not_started = {}  # it still raises NotImplementedError, this session
_unstarted = {}  # (location, module) -> {a function or class of the module: NotStarted} seen this session
_called = set()  # (op, name) of every request of the current test
_spent = {}  # (location, module) -> seconds its calls took, this session (a graded exercise has a budget)


def begin_test():
    """Called before each test: an exit in one test does not fail the next."""
    _exited.clear()
    _called.clear()


def called_in_this_test():
    """The student's functions the current test called (``call``), and the checks it ran in the
    student's process (``drive``), as sorted ``(op, name)`` pairs."""
    return sorted(_called)


def reset():
    """Stops every worker and forgets every failure: a new test session starts afresh."""
    for worker in _workers.values():
        worker.stop()
    _workers.clear()
    for known in (_import_failures, _exited, _timed_out, _not_started, _unstarted):
        known.clear()
    if not grading:  # a graded exercise's budget lasts for its hidden tests' session too
        _spent.clear()


def stop(module):
    """Stops the workers of one exercise module (its tests are over)."""
    for key in [key for key in _workers if key[1] == module]:
        _workers.pop(key).stop()


def imported_files(module):
    """The student's files that ``module``'s running worker imported (its own and those it uses)."""
    worker = _workers.get((Location.current(), module))
    return list(worker.files) if worker else []


def nothing_started(module):
    """Whether every function and class of the student's ``module`` was seen to raise NotImplementedError."""
    location = Location.current()
    worker = _workers.get((location, module))
    unstarted = _unstarted.get((location, module), {})
    return bool(worker and worker.public) and set(worker.public) <= unstarted.keys()


def worker_for(exercise, location=None):
    """The running worker of ``exercise``, started (and its module imported) if need be."""
    location = location or Location.current()
    key = (location, exercise.module)
    if key in _import_failures:
        raise copy.copy(_import_failures[key])
    worker = _workers.get(key)
    if worker is None or (worker.imported and not worker.alive):
        worker = _workers[key] = Worker(location, exercise)
    started = time.monotonic()
    try:
        worker.wait_imported()
    except Failure as failure:
        _import_failures[key] = failure
        raise copy.copy(failure) from None
    finally:  # a module that ends its process in every call is imported again each time, on its budget
        _spent[key] = _spent.get(key, 0.0) + time.monotonic() - started
    return worker


def prestart(exercises):
    """Starts the workers of these exercises now, so that their imports (and a Keras exercise's
    TensorFlow) load on the other core while the checks load TensorFlow or check another exercise.
    A worker whose import does not end within its limit stops itself."""
    location = Location.current()
    for exercise in exercises:
        if (location, exercise.module) not in _workers:
            _workers[(location, exercise.module)] = Worker(location, exercise)


def call(exercise, function, args, kwargs):
    """Runs ``function(*args, **kwargs)`` of the student's module; returns its result, as plain data."""
    return _request(exercise, "call", function, args, kwargs)


def drive(exercise, driver, args):
    """Runs ``<drivers>.<driver>(module, *args)`` in the student's process (see course/drivers.py)."""
    return _request(exercise, "drive", driver, args, {})


def _request(exercise, op, name, args, kwargs):
    location = Location.current()
    key = (location, exercise.module, name)
    _called.add((op, name))
    for known in (_exited, _timed_out, _not_started):
        if key in known:
            raise copy.copy(known[key])
    worker = worker_for(exercise, location)
    if nothing_started(exercise.module):  # say so at once, without asking the worker
        raise copy.copy(next(iter(_unstarted[(location, exercise.module)].values())))
    doing = f"computing {describe_call(name, args, kwargs)}" if op == "call" else f"running the check {name}"
    seconds = exercise.call_seconds
    if grading:
        left = exercise.grading_seconds - _spent.get((location, exercise.module), 0.0)
        if left <= 0:
            raise TimedOut(f"Exercise {exercise.number} has used its {exercise.grading_seconds} s of grading time, "
                           "so its remaining checks were not run.")  # fmt: skip
        seconds = min(seconds, left)
    worker.send({"op": op, "name": name, "args": args, "kwargs": kwargs})
    started = time.monotonic()
    try:
        return outcome(worker.receive(seconds, doing), worker, op, name, args, kwargs, doing)
    except (TimedOut, Exited, NotStarted) as failure:
        {TimedOut: _timed_out, Exited: _exited, NotStarted: _not_started}[type(failure)][key] = failure
        if isinstance(failure, NotStarted):
            _unstarted.setdefault((location, exercise.module), {})[failure.function.split(".")[0]] = failure
        raise
    finally:
        _spent[(location, exercise.module)] = _spent.get((location, exercise.module), 0.0) + time.monotonic() - started
        printed = worker.take_printed()
        if printed:
            sys.stdout.write(printed)  # pytest shows it under the test that failed


def outcome(reply, worker, op, name, args, kwargs, doing):
    """The call's result, or the failure its reply describes."""
    kind = reply["op"]
    if kind == "returned":
        if op == "call":
            if not {"args", "kwargs", "names"} <= reply.keys():  # a worker the student's code changed
                raise Failure(f"While {doing}, its process answered without sending back the arguments, so "
                              "whether your code changed its input cannot be checked.")  # fmt: skip
            check_unchanged(name, args, kwargs, reply)
        return reply["value"]
    if kind == "missing":
        raise Failure(f"{worker.path} has no `{name}`: did you rename or delete it? The checks call it by that name.")
    if kind == "exited":
        worker.stop()
        raise Exited(f"Your code called {reply['how']}{at(reply['frames'])} while {doing}. "
                     "An exercise returns its answer; it must not end the program.")  # fmt: skip
    if kind == "framework":
        raise uses_framework(reply, doing)
    if kind == "unsendable":
        raise Failure(f"The result of {name} could not be sent back for checking: {reply['message']}. "
                      "Return NumPy arrays, numbers, lists or tuples.")  # fmt: skip
    # A library's NotImplementedError (a feature it lacks) is a crash, not an exercise still to do.
    if "NotImplementedError" in reply["builtins"] and reply["raised_in_student_code"]:
        raise not_started(reply, worker, name)
    message = f"{reply['type']}: {reply['message']}" + frame_lines(reply["frames"])
    if not reply["frames"]:
        message += "\n  (raised inside a library; no line of your exercise files is on the stack)"
    # Only Exception's built-in kinds: a KeyboardInterrupt or SystemExit the student raised must not stop the
    # checks, and a name the worker made up is no kind at all.
    builtin_types = [kind for name in reply["builtins"] if isinstance(kind := getattr(builtins, str(name), None), type)
                     and issubclass(kind, Exception)]  # fmt: skip
    raise crashed(f"{message}\n  while {doing}", builtin_types)


def not_started(reply, worker, name):
    """NotImplementedError from the exercise's own file means 'not started'; from another exercise's
    file, that this one depends on an exercise that is not done."""
    frames = reply["frames"]
    if not frames or frames[-1][0] == worker.path:
        return NotStarted(frames[-1][2] if frames else name, worker.path)
    file, line, function, _ = frames[-1]
    return Failure(f"{name} uses {function} from {file}, which still raises NotImplementedError "
                   f"(line {line}). Finish that exercise first.")  # fmt: skip


def uses_framework(reply, doing):
    return UsesFramework(
        f"Your code imports {reply['name']}{at(reply['frames'])} (while {doing}). This exercise is written "
        "with NumPy only: TensorFlow is what checks your answer, so an answer from TensorFlow proves nothing."
    )


def check_unchanged(name, args, kwargs, reply):
    """Raises :class:`InputChanged` if the call changed one of its arguments in place."""
    named = [*zip(reply["names"], args, reply["args"], strict=True)]
    named += [(keyword, kwargs[keyword], reply["kwargs"][keyword]) for keyword in kwargs]
    for argument, before, after in named:
        if isinstance(after, dict) and FOREIGN in after:  # not plain data (a random Generator): not compared
            continue
        if not same(before, after):
            detail = ""
            if isinstance(before, np.ndarray) and isinstance(after, np.ndarray) and before.shape == after.shape:
                changed = int(np.sum(~np.isclose(before, after, rtol=0, atol=0, equal_nan=True)))
                detail = f" ({changed} of {before.size} values)"
            raise InputChanged(
                f"{name} changed its argument `{argument}` in place{detail}. Compute into a new array "
                "(np.maximum(x, 0), x.copy(), np.zeros(...)) and leave the caller's input as it was."
            )


def same(a, b):
    """Whether two plain values are equal, arrays exactly (NaN equals NaN)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            type(a) is type(b) and a.shape == b.shape and a.dtype == b.dtype
            and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")
        )  # fmt: skip
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, dict):
        return type(b) is dict and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b or (a != a and b != b)
