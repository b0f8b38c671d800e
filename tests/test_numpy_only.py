"""The solutions of the NumPy exercises use no deep-learning framework: NumPy alone computes the answer
that TensorFlow checks. (A student's NumPy exercise runs in a process that refuses the frameworks.)"""

import ast
import subprocess
import sys

import pytest

from course.catalog import EXERCISES
from course.worker import FRAMEWORKS
from tests.conftest import ROOT

NUMPY_SOLUTIONS = [f"solutions.{exercise.module}" for exercise in EXERCISES if exercise.kind == "numpy"]
PROJECT_PACKAGES = ("solutions", "exercises", "models")


def imported_names(path):
    """Every module a file imports, at the top or inside a function: ``import a.b`` and ``from a.b import c``."""
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def project_file(module):
    """The project's file of a module name, or None (a library, or a name imported from a module)."""
    path = ROOT.joinpath(*module.split("."))
    return next(
        (candidate for candidate in (path.with_suffix(".py"), path / "__init__.py") if candidate.is_file()), None
    )


def frameworks_reached(module):
    """(file, framework) for each framework import in ``module`` and the project modules it imports, transitively."""
    found, seen, todo = [], set(), [module]
    while todo:
        path = project_file(todo.pop())
        if path is None or path in seen:
            continue
        seen.add(path)
        for name in imported_names(path):
            if name.partition(".")[0] in FRAMEWORKS:
                found.append((str(path.relative_to(ROOT)), name))
            elif name.partition(".")[0] in PROJECT_PACKAGES:
                todo.append(name)
    return found


def test_every_numpy_exercise_is_checked_here():
    assert len(NUMPY_SOLUTIONS) >= 19 and "solutions.ex23_numpy_cnn" in NUMPY_SOLUTIONS


@pytest.mark.parametrize("module", NUMPY_SOLUTIONS)
def test_no_framework_import_in_the_solution_or_what_it_uses(module):
    assert frameworks_reached(module) == [], f"{module} reaches a framework (even inside a function)"


LOAD_EACH = f"""
import importlib, sys

class Refuse:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {FRAMEWORKS!r}:
            raise ImportError("refused: " + name)

sys.meta_path.insert(0, Refuse())
for module in {NUMPY_SOLUTIONS!r}:
    try:
        importlib.import_module(module)
    except ImportError as error:
        print(module, error)
"""


def test_importing_each_solution_loads_no_framework():
    # A framework is refused, not loaded, so that each solution that reaches one is caught, not only the first.
    result = subprocess.run([sys.executable, "-c", LOAD_EACH], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "", result.stdout
