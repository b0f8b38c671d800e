"""Runs the exercise tests on code written as a student would, and returns what pytest printed."""

import importlib
import pkgutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_exercise(pytester, monkeypatch, files, test_module, *options):
    """Puts ``files`` ({"ex05_conv2d.py": source}) in a student's folder and runs ``test_module``'s
    tests on it with the real pytest and plugin, in this process. Returns pytest's RunResult."""
    load_the_checks()
    folder = pytester.path / "student"
    folder.mkdir(exist_ok=True)
    (folder / "__init__.py").write_text("")
    for name, source in files.items():
        (folder / name).write_text(source)
    monkeypatch.setenv("EXERCISES_PACKAGE", str(folder))
    return pytester.runpytest_inprocess(
        str(ROOT / "exercises" / "tests" / f"test_{test_module}.py"), "-p", "no:cacheprovider", "--rootdir", str(ROOT),
        *options,
    )  # fmt: skip


def load_the_checks():
    """Imports the checks (the harness and every oracle), TensorFlow, Keras and Hypothesis for good. Call it
    before pytester's snapshot of sys.modules (from a module-scoped fixture) when a test module makes several
    runs: a run unloads what it imported, and then NumPy can't load again, ``from exercises import isolation``
    finds the unloaded module, still an attribute of the package, whose Crashed is no longer the plugin's
    Failure, and each run spends most of its time importing Hypothesis again."""
    import hypothesis  # noqa: F401
    import keras  # noqa: F401

    import course.harness  # noqa: F401
    import course.oracles
    import course.progress  # noqa: F401

    for oracle in pkgutil.iter_modules(course.oracles.__path__, "course.oracles."):
        importlib.import_module(oracle.name)


def student_folder(parent, solved=(), files=None):
    """A student's copy of the exercises in ``parent/student``: every stub, the solutions of the
    ``solved`` modules, then ``files`` ({"ex05_conv2d.py": source}) written over them."""
    folder = parent / "student"
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    for stub in (ROOT / "exercises").glob("ex[0-9][0-9]_*.py"):
        source = ROOT / "solutions" / stub.name if stub.stem in solved else stub
        (folder / stub.name).write_text(source.read_text())
    for name, source in (files or {}).items():
        (folder / name).write_text(source)
    return folder
