"""Each exercise's last verdict, kept beside the student's code: ``python -m exercises`` checks again
only the exercises whose verdict could have changed, and shows the others at once.

A verdict (an exercise's status and the worded failures behind it) is kept under a key, a hash of
everything it depends on:

- the engine: every ``.py`` file of ``course/`` (the oracles too), ``models/``, ``solutions/``
  and the project's own files in ``exercises/`` (its stubs too, when the code under test lives
  elsewhere), ``pyproject.toml`` (pytest's settings); Python's version, the installed
  distributions, names and versions (every ``*.dist-info`` on ``sys.path``), and the environment
  variables that change how the checks run (``KERAS_*``, ``TF_*``, ``PYTEST_ADDOPTS``...) and Keras's
  ``keras.json``;
- the exercise's test file and the test files it names (``test_ex11`` imports ``test_ex05``'s cases);
- the student's files: the exercise's own, the package's ``__init__.py``, every file its process
  imported (the worker reports them, ``isolation.imported_files``), and every file of the student's
  folder that one of these, or one of the test files, names in its code, over and over: a file is
  named where a name or a string (not a comment, not a docstring) holds its module name as a word.
  That finds an import inside a function, ``importlib.import_module("exercises.ex05_conv2d")``, and
  exercise 9's checks, which call your exercises 5 to 8. Where the import failed, every file of the
  folder counts.

Only a key equal to the one computed from the files as they are now shows a verdict, so a stale
one is never shown. A verdict is kept only when nothing it depends on changed while its checks ran,
and only while the engine and the tests are those this process loaded: a ``watch`` imports them
once, so after they are edited it keeps nothing new until it is started again. Not kept: "an error
in the checks" (about the checks, not the code).

Not followed: what the student's code reads that is no Python file of their folder (a data file, a
module of their own elsewhere on ``PYTHONPATH``), and a module name put together at run time. A
verdict of checks that draw random cases (hypothesis) is that of one draw, as a run's would be.

The file, ``.exercise-verdicts.json`` beside the student's package, is written whole
(``models.files``); an unreadable or damaged one is ignored. Only the student's commands use it
(``course.cli``: the table, ``check`` and ``watch``): never grading, ``--solutions`` or
``--every-test``, which check everything afresh.

This module imports nothing heavy (no pytest, NumPy or TensorFlow), so that the progress table
with nothing changed comes in a fraction of a second.
"""

import ast
import hashlib
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from course.catalog import EXERCISE_FILE, EXERCISES, ROOT, TESTS
from models.files import save_json

DONE, NOT_STARTED = "done", "not started"
CHANGED = "changed since its last check"  # for watch: a verdict whose files changed since
VERDICTS_FILE = ".exercise-verdicts.json"  # in the folder that holds the student's package
FORMAT = 1  # of the file and of the keys: another format is ignored
CHECKS_FAILED = "failing (an error in the checks, see above)"  # about the checks, not the code: never kept
ENGINE_FOLDERS = ("course", "models", "solutions")
# The variables that change how the checks run. Not PYTHONPATH: the engine is hashed wherever it is found,
# and the distributions on every folder of sys.path are listed (``installed``).
SETTINGS = re.compile(r"(KERAS|TF|XLA|CUDA|JAX|TORCH|HYPOTHESIS|OMP|MKL|OPENBLAS)_\w+|PYTHONHASHSEED|PYTEST_ADDOPTS")
INSTALLED = (".dist-info", ".egg-info", ".egg-link", ".pth")
WORD = re.compile(r"\w+")
MAX_FEEDBACK = 10  # failure messages kept per verdict (each cut to progress.MAX_MESSAGE characters)


@dataclass(frozen=True)
class Location:
    """Where the code under test lives, ``root/package/exNN_*.py``: ``isolation.Location`` without NumPy."""

    root: Path
    package: str

    def path(self, module):
        return f"{self.package}/{module}.py"


def current_location():
    """From ``EXERCISES_PACKAGE``, as ``isolation.Location.current()`` reads it (a test holds them equal)."""
    value = os.environ.get("EXERCISES_PACKAGE", "exercises")
    if os.sep in value:
        path = Path(value).resolve()
        return Location(path.parent, path.name)
    return Location(ROOT, value)


def summary_lines(status, bar_width=0):
    """The progress table: one line per exercise in ``status``, a count and the next step."""
    ran = [exercise for exercise in EXERCISES if exercise in status]
    done = sum(status[exercise] == DONE for exercise in ran)
    lines = [f"  {exercise.number:2}. {exercise.title:45} {status[exercise]}" for exercise in ran]
    count = f"{done}/{len(ran)} done"
    if bar_width:
        filled = round(bar_width * done / len(ran)) if ran else 0
        count = f"[{'#' * filled}{'.' * (bar_width - filled)}] {count}"
    lines.append(f"Exercise progress: {count}")
    pending = [exercise for exercise in ran if status[exercise] != DONE]
    if pending:
        first = pending[0]
        lines.append(
            f"Next: exercise {first.number}, {first.title} ({status[first]}): "
            f"edit {current_location().path(first.module)}, "
            f"then `pytest exercises -k {first.module[:4]}`. Hint: `python -m exercises hint {first.number}`."
        )
    elif len(ran) == len(EXERCISES):
        lines.append("Every exercise is done. Now train a real CNN: `make train`.")
    return lines


def digest(data):
    """A file's content hash; '' for a file that could not be read (or does not exist)."""
    return hashlib.sha256(data).hexdigest() if data is not None else ""


def read(path):
    try:
        return Path(path).read_bytes()
    except OSError:
        return None


def code_words(source):
    """The words of a student's file that can name another file: in names and strings, not in comments
    or docstrings (a stub's docstring that suggests ``from exercises.ex03_output_size import ...`` is no
    import). Every word of the text where the file does not parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set(WORD.findall(source.decode(errors="replace")))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    words = set()
    for node in ast.walk(tree):
        if id(node) in docstrings:
            continue
        for _, value in ast.iter_fields(node):
            if isinstance(value, bytes):
                value = value.decode(errors="replace")
            if isinstance(value, str):
                words.update(WORD.findall(value))
    return words


def text_words(source):
    """Every word of a file: how a test file names the test files and the student's modules it uses."""
    return set(WORD.findall(source.decode(errors="replace"))) if source is not None else set()


def python_files(folder, skip=()):
    """Every ``.py`` file under ``folder``, but not in ``__pycache__``, hidden folders or ``skip``."""
    found = []
    for top, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if name != "__pycache__" and not name.startswith(".")
                            and Path(top, name) not in skip)  # fmt: skip
        found += [Path(top, name) for name in sorted(files) if name.endswith(".py")]
    return found


def installed():
    """The installed distributions (their folders' names hold their versions) and ``.pth`` files on ``sys.path``."""
    names = set()
    for folder in dict.fromkeys(sys.path):
        try:
            names.update(name for name in os.listdir(folder or ".") if name.endswith(INSTALLED))
        except OSError:
            continue
    return sorted(names)


_environment = []


def environment():
    """What the checks' results depend on besides files: Python, the installed packages, some variables.

    Read once per process, before the checks load (pytest adds to ``sys.path``, TensorFlow may set
    variables): the environment this process runs in, not what it did to itself."""
    if not _environment:
        machine = os.uname().machine if hasattr(os, "uname") else ""
        settings = sorted((name, value) for name, value in os.environ.items() if SETTINGS.fullmatch(name))
        keras_home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
        keras = digest(read(os.path.join(keras_home, "keras.json")))  # Keras's backend, where no variable names it
        _environment.append([sys.version, sys.platform, machine, installed(), settings, keras])
    return _environment[0]


@dataclass
class State:
    """The files a verdict may depend on, as they are at one moment: their hashes and the words they use."""

    engine: str  # one hash of the engine's files and the environment
    student: dict = field(default_factory=dict)  # "package/ex05_conv2d.py" (from the root) -> (hash, words)
    tests: dict = field(default_factory=dict)  # "exercises/tests/test_ex05_conv2d.py" (from ROOT) -> (hash, words)
    named: dict = field(default_factory=dict)  # word -> the student's files it names
    named_tests: dict = field(default_factory=dict)  # word -> the test files it names

    def digest(self, name):
        """The hash of a student's file ('' when missing)."""
        return self.student.get(name, ("", ()))[0]


def index(files, skip_first):
    """word -> the files it names: a file's module name and the names of its folders (``helpers`` names
    ``helpers/__init__.py`` and ``helpers/tools.py``), below its first ``skip_first`` folders."""
    named = {}
    for name in files:
        parts = list(Path(name).parts[skip_first:])
        parts[-1] = parts[-1].removesuffix(".py")
        for word in set(parts) - {"__init__"}:
            named.setdefault(word, []).append(name)
    return named


def closure(start, files, named):
    """``start`` and every file that one of them names, and so on."""
    found, queue = set(start), list(start)
    while queue:
        for word in files.get(queue.pop(), ("", ()))[1]:
            for other in named.get(word, ()):
                if other not in found:
                    found.add(other)
                    queue.append(other)
    return found


class Verdicts:
    """The verdicts of the code in ``location``: looked up, recorded after a run of its checks, and saved.

    ``persistent=False`` keeps them in memory only (``watch --solutions``); ``engine_files`` replaces
    the engine's list of files (a test's way to change "the engine")."""

    def __init__(self, location, persistent=True, engine_files=None):
        self.location = location
        self.folder = Path(location.root) / location.package
        self.file = Path(location.root) / VERDICTS_FILE
        self.persistent = persistent
        self.engine_list = None if engine_files is None else [Path(path) for path in engine_files]
        self.entries = self.load() if persistent else {}
        self.changed = set()  # the modules whose entries this process recorded or dropped
        self.loaded = self.snapshot()  # the engine and tests this process runs (it imports them once)

    # -- the files -------------------------------------------------------------------------------------

    def student_files(self):
        """The student's Python files. In the project's own ``exercises/``, the exNN files only: the
        rest (``__init__.py``, ``conftest.py``...) is the engine's, and the tests are the tests'."""
        files = python_files(self.folder, skip={TESTS})
        if self.folder == ROOT / "exercises":
            files = [path for path in files if path.parent != self.folder or EXERCISE_FILE.fullmatch(path.name)]
        return files

    def engine_files(self, student):
        if self.engine_list is not None:
            return self.engine_list
        files = [path for folder in ENGINE_FOLDERS for path in python_files(ROOT / folder)]
        files += sorted((ROOT / "exercises").glob("*.py")) + [ROOT / "pyproject.toml"]
        return [path for path in files if path not in student]

    def snapshot(self):
        """The :class:`State` of every file a verdict may depend on, now."""
        root = Path(self.location.root)
        paths = self.student_files()
        student = {}
        for path in paths:
            data = read(path)
            student[path.relative_to(root).as_posix()] = (digest(data), code_words(data) if data else set())
        tests = {}
        for path in python_files(TESTS):
            data = read(path)
            tests[path.relative_to(ROOT).as_posix()] = (digest(data), text_words(data))
        engine = hashlib.sha256(json.dumps([FORMAT, environment()]).encode())
        for path in self.engine_files(set(paths)):
            name = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
            engine.update(f"{name}\0{digest(read(path))}\0".encode())
        return State(engine.hexdigest(), student, tests, index(student, 1), index(tests, 2))

    # -- what a verdict depends on -----------------------------------------------------------------------

    def test_files(self, exercise, state):
        """The exercise's test file, the test files it names, and the tests' package files."""
        start = {exercise.test_path, "exercises/tests/__init__.py", "exercises/tests/conftest.py"}
        return sorted(closure(start, state.tests, state.named_tests))

    def dependencies(self, exercise, imported, state):
        """The student's files the verdict of ``exercise`` depends on, from what its process ``imported``
        (None: unknown, as where the import failed: every file)."""
        start = {self.location.path(exercise.module), f"{self.location.package}/__init__.py"}
        start.update(imported if imported else state.student)
        for test in self.test_files(exercise, state):
            for word in state.tests.get(test, ("", ()))[1]:
                start.update(state.named.get(word, ()))
        return sorted(closure(start, state.student, state.named))

    def parts(self, exercise, state, dependencies):
        """The three parts of a key: the engine's, the tests' and the student's files'."""
        tests = [(name, state.tests.get(name, ("", ()))[0]) for name in self.test_files(exercise, state)]
        return state.engine, tests, [(name, state.digest(name)) for name in dependencies]

    def key(self, exercise, engine, tests, student):
        parts = [FORMAT, self.location.package, exercise.module, engine, tests, student]
        return hashlib.sha256(json.dumps(parts).encode()).hexdigest()

    # -- looking up ---------------------------------------------------------------------------------------

    def lookup(self, exercise, state):
        """``(entry, dependencies)``: the entry is the kept verdict if it still holds in ``state``, else None."""
        entry = self.entries.get(exercise.module)
        if not isinstance(entry, dict):
            return None, []
        imported = entry.get("imported")
        if not (imported is None or isinstance(imported, list) and all(isinstance(name, str) for name in imported)):
            return None, []
        dependencies = self.dependencies(exercise, imported, state)
        valid = isinstance(entry.get("status"), str) and entry.get("key") == self.key(
            exercise, *self.parts(exercise, state, dependencies)
        )
        return (entry if valid else None), dependencies

    def statuses(self, exercises, state=None):
        """{exercise: status} of the ``exercises`` whose kept verdict still holds."""
        state = state or self.snapshot()
        found = {}
        for exercise in exercises:
            entry, _ = self.lookup(exercise, state)
            if entry is not None:
                found[exercise] = entry["status"]
        return found

    def view(self, exercises, state=None):
        """For ``watch``: {module: {"status", "files"}} of every kept verdict; "changed since its last
        check" where it no longer holds. "files": the student's files it depends on."""
        state = state or self.snapshot()
        view = {}
        for exercise in exercises:
            entry, dependencies = self.lookup(exercise, state)
            if entry is not None:
                view[exercise.module] = {"status": entry["status"], "files": dependencies}
            elif isinstance(self.entries.get(exercise.module), dict):
                files = self.entries[exercise.module].get("files")
                files = [name for name in files if isinstance(name, str)] if isinstance(files, list) else []
                view[exercise.module] = {"status": CHANGED, "files": sorted({*files, *dependencies})}
        return view

    # -- recording ----------------------------------------------------------------------------------------

    def record(self, results, before):
        """Keeps the verdicts of a run of checks that began in State ``before``, and saves them.

        ``results``: {exercise: {"status", "imported", "feedback"}}, "imported" the student's files its
        process imported ([] where unknown). A verdict is kept only when nothing it depends on changed
        during the run, and the engine and tests are still those this process loaded."""
        after = self.snapshot()
        for exercise, result in results.items():
            module = exercise.module
            self.entries.pop(module, None)
            self.changed.add(module)
            status = result["status"]
            if status == CHECKS_FAILED:
                continue
            imported = sorted(result["imported"]) or None
            dependencies = self.dependencies(exercise, imported, after)
            engine, tests, student = self.parts(exercise, after, dependencies)
            loaded_engine, loaded_tests, _ = self.parts(exercise, self.loaded, dependencies)
            _, _, student_before = self.parts(exercise, before, dependencies)
            if (engine, tests, student) != (loaded_engine, loaded_tests, student_before):
                continue  # the run may have seen other files than those now
            self.entries[module] = {
                "key": self.key(exercise, engine, tests, student),
                "status": status,
                "feedback": list(result.get("feedback", ()))[:MAX_FEEDBACK],
                "imported": imported,
                "files": dependencies,
                "checked": time.time(),
            }
        self.save()

    # -- the file -----------------------------------------------------------------------------------------

    def read_file(self):
        """The whole file's data, or a new one where it is missing, unreadable or damaged."""
        try:
            data = json.loads(self.file.read_bytes())
        except Exception:  # whatever is wrong with it (OSError, bad JSON, nested too deep...): start anew
            data = None
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("verdicts"), dict):
            return {"format": FORMAT, "verdicts": {}}
        return data

    def load(self):
        section = self.read_file()["verdicts"].get(self.location.package)
        return {module: entry for module, entry in section.items() if isinstance(entry, dict)} if isinstance(
            section, dict
        ) else {}  # fmt: skip

    def save(self):
        """Writes this process's verdicts into the file, whole; the other entries stay as they are there now."""
        if not self.persistent or not self.changed:
            return
        data = self.read_file()
        section = data["verdicts"].get(self.location.package)
        section = data["verdicts"][self.location.package] = section if isinstance(section, dict) else {}
        for module in self.changed:
            if module in self.entries:
                section[module] = self.entries[module]
            else:
                section.pop(module, None)
        try:
            save_json(self.file, data)
        except (OSError, ValueError, TypeError):
            pass  # a read-only folder still gets its results on screen
