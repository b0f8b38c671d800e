"""The process that runs one of a student's exercise modules, apart from the checks.

``course/isolation.py`` starts ``python -P worker.py`` for each exercise; when a
class is graded, a zygote in the sandbox forks it instead (``course/zygote.py``).
This process imports the student's module and answers calls; the checks
(pytest, TensorFlow's answers, every comparison) stay in the parent. So
whatever the student's code does here -- exit, loop forever, patch NumPy or
TensorFlow -- it cannot turn a wrong answer into a pass: the parent times each
call, stops this process when it overruns, and compares with its own copies.

Messages are length-prefixed pickles: requests arrive on what was stdin,
replies leave on what was stdout. The student's prints go to stderr, which the
parent relays. Replies hold only plain data (see :func:`plain`), because the
parent unpickles nothing else. This file imports nothing from the project by
name, so a student's package cannot shadow it; the project files it uses, the
checks' drivers (``drivers.py``, or ``keras_drivers.py`` for a Keras exercise),
``models/quiet.py`` and, when a class is graded, ``confine.py``, it loads by path.
When a class is graded it runs inside the sandbox of ``course/sandbox.py``, which
lays those files out for it as they are here, and gets the submission's files from
the grader in its start message.
"""

import importlib
import importlib.machinery
import importlib.util
import inspect
import linecache
import os
import pickle
import reprlib
import signal
import struct
import sys
import tempfile
import threading
import time
import traceback
import warnings
from pathlib import Path

HEADER = struct.Struct("!Q")
FRAMEWORKS = ("tensorflow", "keras", "torch", "jax", "tf_keras")
FOREIGN = "__foreign_type__"  # marks a value the parent cannot receive as itself
MAX_DEPTH = 20
STUDENT_FRAMES_SHOWN = 3


def read_message(fd):
    """The next request, or None when the parent has closed the pipe."""
    header = _read_exactly(fd, HEADER.size)
    return None if header is None else pickle.loads(_read_exactly(fd, HEADER.unpack(header)[0]))


def _read_exactly(fd, size):
    chunks, left = [], size
    while left:
        chunk = os.read(fd, left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def write_message(fd, message):
    data = pickle.dumps(message, protocol=5)
    view = memoryview(HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


class Student:
    """Where the student's code lives, and how to tell its files and frames from the rest."""

    def __init__(self, root, package, infrastructure):
        self.root = Path(root)
        self.package_dir = self.root / package
        self.infrastructure = set(infrastructure)

    def owns(self, filename):
        path = Path(filename)
        return path.parent == self.package_dir and path.suffix == ".py" and path.name not in self.infrastructure

    def display(self, filename):
        return str(Path(filename).relative_to(self.root))

    def loaded_files(self):
        files = {getattr(module, "__file__", None) for module in list(sys.modules.values())}
        return sorted(self.display(name) for name in files if name and self.owns(name))

    def frames(self, error):
        """The student's frames of ``error``'s traceback, outermost first: (file, line, function, code)."""
        frames = [
            (self.display(frame.f_code.co_filename), line, frame.f_code.co_qualname,
             linecache.getline(frame.f_code.co_filename, line).strip())
            for frame, line in traceback.walk_tb(error.__traceback__)
            if self.owns(frame.f_code.co_filename)
        ]  # fmt: skip
        return frames[-STUDENT_FRAMES_SHOWN:]

    def raised_here(self, error):
        """Whether ``error`` was raised by a line of the student's files, not inside a library they called."""
        stack = list(traceback.walk_tb(error.__traceback__))
        return bool(stack) and self.owns(stack[-1][0].f_code.co_filename)


class FreshSourceLoader(importlib.machinery.SourceFileLoader):
    """Compiles a student's file from its source every time: a stale .pyc, written in the
    same second as an edit of the same size, can never hide that edit."""

    def get_code(self, fullname):
        path = self.get_filename(fullname)
        return compile(self.get_data(path), path, "exec", dont_inherit=True)


class FreshSourceFinder:
    """Finds modules as usual, but loads the student's package with :class:`FreshSourceLoader`."""

    def __init__(self, package_dir):
        self.package_dir = package_dir

    def find_spec(self, fullname, path=None, target=None):
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec and spec.origin and spec.origin.endswith(".py") and Path(spec.origin).parent == self.package_dir:
            spec.loader = FreshSourceLoader(fullname, spec.origin)
        return spec


class FrameworkImported(ImportError):
    """Raised in a NumPy exercise's process when the student's code imports TensorFlow, Keras, PyTorch or JAX."""


class NoFrameworks:
    """Refuses the deep-learning frameworks in a NumPy exercise's process: the answer must come from
    the student's NumPy, and TensorFlow is what checks it. Refusing at once is also quicker than
    letting TensorFlow load and run into the import's time limit."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname.partition(".")[0] in FRAMEWORKS:
            raise FrameworkImported(fullname.partition(".")[0])
        return None


class OnlyInstalled:
    """In the grading fallback's NumPy exercise: a package of ``site_packages`` outside ``allowed`` is
    missing. Landlock already refuses its files (course/confine.py); this makes its import fail
    with ModuleNotFoundError, as it does in bubblewrap's sandbox, where the package is not there."""

    def __init__(self, site_packages, allowed):
        self.site_packages = Path(site_packages)
        self.allowed = set(allowed)

    def find_spec(self, fullname, path=None, target=None):
        if "." in fullname or fullname in self.allowed:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname)
        places = [spec.origin] if spec and spec.origin else list(spec.submodule_search_locations or []) if spec else []
        if any(Path(place).is_relative_to(self.site_packages) for place in places):
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        return None


def plain(value, depth=0):
    """``value`` as plain data the parent accepts: None, numbers, strings, NumPy arrays and scalars
    of numbers, and lists, tuples and dicts of those. Anything else becomes a description."""
    if value is None or type(value) in (bool, int, float, complex, str, bytes):
        return value
    if depth > MAX_DEPTH:
        return foreign(value)
    np = sys.modules.get("numpy")  # imported in main(), after the walls (a value can't be an array before)
    if np and (type(value) is np.ndarray or (isinstance(value, np.generic) and type(value).__module__ == "numpy")):
        return value if value.dtype.kind in "biufc" else foreign(value)
    if type(value) in (list, tuple):
        return type(value)(plain(item, depth + 1) for item in value)
    if type(value) is dict:
        return {plain(key, depth + 1): plain(item, depth + 1) for key, item in value.items()}
    return foreign(value)


def foreign(value):
    kind = type(value)
    description = {FOREIGN: f"{kind.__module__}.{kind.__qualname__}", "repr": reprlib.repr(value)[:300]}
    for attribute in ("shape", "dtype"):
        try:
            description[attribute] = str(getattr(value, attribute))
        except Exception:  # a student's object may have anything, or nothing, there
            pass
    return description


def without_graph_stack(message):
    """A TensorFlow graph error's message without the library's stack it lists first (``Detected at node
    ... defined at``, then ``File ...`` lines in site-packages): the node, and the reason, which comes last."""
    if not message.startswith("Graph execution error"):
        return message
    return "\n".join(line for line in message.splitlines() if line.strip() and not line.startswith("  File "))


def failure_reply(error, student):
    """What went wrong, as plain data: an exit, or an exception with the student's frames."""
    frames = student.frames(error)
    if isinstance(error, SystemExit):
        return {"op": "exited", "how": f"sys.exit({error.code!r})", "frames": frames}
    if isinstance(error, FrameworkImported):
        return {"op": "framework", "name": error.args[0], "frames": frames}
    try:
        message = str(error)
    except Exception:  # a student's exception can break even str()
        message = repr(error)
    reply = {
        "op": "raised",
        "type": type(error).__name__,
        "builtins": [cls.__name__ for cls in type(error).__mro__ if cls.__module__ == "builtins"
                     and cls not in (BaseException, Exception, object)],
        "message": without_graph_stack(message)[:2000],
        "frames": frames,
        "raised_in_student_code": student.raised_here(error),
    }  # fmt: skip
    if isinstance(error, SyntaxError) and error.filename and student.owns(error.filename):
        reply["syntax"] = (student.display(error.filename), error.lineno, (error.text or "").rstrip(), error.msg)
    return reply


def argument_names(function, args):
    """The parameter names of the positional ``args``, as far as the signature tells."""
    try:
        parameters = list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        parameters = []
    return [parameters[i] if i < len(parameters) else f"argument {i + 1}" for i in range(len(args))]


def answer(request, module, student, drivers):
    """Runs one call or driver (a function of the module ``drivers``); returns the reply."""
    name, args, kwargs = request["name"], request["args"], request.get("kwargs", {})
    if request["op"] == "drive":
        target = getattr(drivers, name)
        args = (module, *args)
    elif hasattr(module, name):
        target = getattr(module, name)
    else:
        return {"op": "missing", "name": name}
    caught = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            value = target(*args, **kwargs)
        sys.stdout.flush()
    except BaseException as error:
        return failure_reply(error, student)
    finally:
        show_students_warnings(caught, student)
    reply = {"op": "returned", "value": plain(value)}
    if request["op"] == "call":  # the parent compares these with what it sent: were they changed?
        reply.update(args=plain(args), kwargs=plain(kwargs), names=argument_names(target, args))
    return reply


def show_students_warnings(caught, student):
    """Shows the warnings of ``caught`` raised at a line of the student's files, and no other: a library's
    warning (Keras's "`shuffle=True` ... will be ignored", NumPy's deprecations) is about the library's
    own line, which the student neither wrote nor can read, and would name a site-packages path."""
    for warning in caught:
        if student.owns(warning.filename):
            warnings.showwarning(warning.message, warning.category, student.display(warning.filename),
                                 warning.lineno, line=warning.line)  # fmt: skip


def load_by_path(path, name):
    """The module in file ``path``, loaded by its path rather than imported by name, so that a
    student's package of the same name cannot stand in for it."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_drivers(keras):
    """The checks' drivers for this exercise's kind: ``keras_drivers.py`` or ``drivers.py``, the one
    project file a NumPy exercise's process gets (it imports no framework)."""
    name = "keras_drivers" if keras else "drivers"
    return load_by_path(Path(__file__).with_name(f"{name}.py"), f"_exercise_{name}")


def import_tensorflow_quietly():
    """Imports TensorFlow with stderr silenced (the zoo's ``models/quiet.py``): its C++ start-up notices
    would be relayed as if the student printed them. Keras, imported after it, prints nothing."""
    load_by_path(Path(__file__).parent.parent / "models" / "quiet.py", "_quiet").import_tensorflow()
    import keras  # noqa: F401


class QuietTensorFlow:
    """Imports TensorFlow quietly the first time anything asks for it: the student's ``import keras``,
    or a driver's. Until then a Keras exercise's process has not paid for TensorFlow, so a stub that
    does not start is told so at once."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "tensorflow":
            return None
        sys.meta_path.remove(self)
        import_tensorflow_quietly()
        return importlib.util.spec_from_loader(fullname, AlreadyImported())


class AlreadyImported:
    """The loader of a module that is already in sys.modules: it hands that module over as it is."""

    def create_module(self, spec):
        return sys.modules[spec.name]

    def exec_module(self, module):
        pass


def exit_with_parent():
    """Ends this process soon after the parent dies, even in the middle of an endless loop."""
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def stop_unfinished_import(replies, seconds, wall_seconds, finished, lock):
    """Ends this process if the student's module has not finished importing within ``seconds`` of CPU
    time (or ``wall_seconds`` on the clock, for an import that waits without computing).

    CPU time, because an endless loop at the top of a file spends it as fast as the machine allows,
    while an honest import on a busy machine (TensorFlow's, beside other jobs) only waits longer. The
    parent enforces the clock's limit too, but only once its checks reach this exercise: a worker started
    early (while another exercise is checked) must not spin in an endless loop until then."""

    def watch():
        cpu, clock = time.process_time(), time.monotonic()
        while not finished.wait(0.1):
            if time.process_time() - cpu > seconds or time.monotonic() - clock > wall_seconds:
                with lock:
                    if not finished.is_set():
                        write_message(replies, {"op": "import_timeout"})
                        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def settle(scratch, start):
    """A forked worker's place in its scratch folder: the submission's files, as the grader sent them, in
    ``scratch/<package>`` (which its walls make read-only), and ``scratch/tmp``, where it may write, as its
    working folder, home and temporary folder. Updates ``start`` to match."""
    folder = Path(scratch) / start["package"]
    folder.mkdir()
    for name, text in start.pop("sources").items():
        (folder / name).write_text(text, encoding="utf-8")
    writable = Path(scratch) / "tmp"
    writable.mkdir()
    os.environ.update(HOME=str(writable), TMPDIR=str(writable))
    tempfile.tempdir = None
    os.chdir(writable)
    start["confine"].update(write=[str(writable), "/dev/null"])
    start.update(root=scratch, paths=[scratch, *start["paths"]])


def main(forked=None):
    """Imports the student's module and answers the parent's requests until it closes the pipe.

    ``forked``: for a worker forked by a zygote (``course/zygote.py``), its scratch folder (``"scratch"``),
    what else it may read (``"read"``), the drivers the zygote already loaded
    (``"drivers"``) and ``"only_installed"``. The submission's files then arrive in the start message
    (see :func:`settle`)."""
    forked = forked or {}
    requests, replies = os.dup(0), os.dup(1)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)  # input() gets end-of-file, never a request
    os.dup2(2, 1)  # the student's prints go to stderr, which the parent relays
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops this process
    start = read_message(requests)
    if forked:
        start["confine"].update(read=[*forked["read"], forked["scratch"]])
        start.update(only_installed=forked["only_installed"])
        settle(forked["scratch"], start)
    if start.get("confine"):
        # Grading: the kernel's walls (course/confine.py) go up first, while this is the only thread (Landlock
        # holds a thread and the threads it starts): NumPy's and TensorFlow's threads start inside them.
        load_by_path(Path(__file__).with_name("confine.py"), "_confine").confine(**start["confine"])
    import numpy  # noqa: F401  the checks' arrays arrive as NumPy arrays

    exit_with_parent()
    sys.path[:0] = start["paths"]
    student = Student(start["root"], start["package"], start["infrastructure"])
    sys.meta_path.insert(0, FreshSourceFinder(student.package_dir))
    if not start["keras"]:
        sys.meta_path.insert(0, NoFrameworks())
    elif start.get("confine"):
        import_tensorflow_quietly()  # now, not when the student's code asks: the import's clock is short
    else:
        sys.meta_path.insert(0, QuietTensorFlow())
    if start.get("only_installed"):
        sys.meta_path.insert(0, OnlyInstalled(**start["only_installed"]))
    write_message(replies, {"op": "ready", "at": time.monotonic()})  # the import's clock starts here
    imported, lock = threading.Event(), threading.Lock()
    stop_unfinished_import(replies, start["import_seconds"], start["import_wall_seconds"], imported, lock)
    try:
        module = importlib.import_module(f"{start['package']}.{start['module']}")
        sys.stdout.flush()
    except BaseException as error:
        reply = failure_reply(error, student)
        with lock:
            imported.set()
            write_message(replies, reply)
        return
    public = sorted(name for name, value in vars(module).items()
                    if not name.startswith("_") and getattr(value, "__module__", None) == module.__name__)  # fmt: skip
    with lock:
        imported.set()
        write_message(replies, {"op": "imported", "files": student.loaded_files(), "public": public})

    drivers = forked.get("drivers")
    while (request := read_message(requests)) is not None:
        if request["op"] == "drive" and drivers is None:
            drivers = load_drivers(start["keras"])
        reply = answer(request, module, student, drivers)
        try:
            write_message(replies, reply)
        except Exception as error:  # e.g. a student's object that cannot be pickled inside a dict key
            write_message(replies, {"op": "unsendable", "type": type(error).__name__, "message": str(error)[:500]})


if __name__ == "__main__":
    main()
