"""The exercise set itself: each exercise has its stub, solution and tests, and the stubs are unsolved."""

import ast
import re
import subprocess

import pytest

from course.catalog import EXERCISES
from tests.conftest import ROOT, run_module

EXERCISE_NAME = re.compile(r"ex\d\d_[a-z0-9]+(?:_[a-z0-9]+)*?(?=__|\.py|$)")


def test_every_exercise_has_a_stub_a_solution_tests_and_an_oracle():
    for exercise in EXERCISES:
        for path in (exercise.stub_path, f"solutions/{exercise.module}.py", exercise.test_path,
                     f"course/oracles/{exercise.module}.py"):  # fmt: skip
            assert (ROOT / path).is_file(), path
    assert [exercise.number for exercise in EXERCISES] == list(range(1, len(EXERCISES) + 1))


def test_every_file_named_after_an_exercise_belongs_to_one_in_the_catalog():
    modules = {exercise.module for exercise in EXERCISES}
    for path in ROOT.glob("**/*ex[0-9][0-9]_*.py"):
        if not {".venv", ".venv-backends"} & set(path.relative_to(ROOT).parts):
            assert EXERCISE_NAME.search(path.name)[0] in modules, path


def test_exercises_holds_only_what_a_student_edits():
    """The stubs, the tests a student reads, and the two small files that call the engine."""
    tracked = subprocess.run(["git", "ls-files", "exercises"], cwd=ROOT, capture_output=True, text=True, check=True)
    files = set(tracked.stdout.split())
    stubs = {exercise.stub_path for exercise in EXERCISES}
    tests = {exercise.test_path for exercise in EXERCISES} | {"exercises/tests/__init__.py"}
    entry_points = {"exercises/__init__.py", "exercises/__main__.py", "exercises/conftest.py"}
    assert files == stubs | tests | entry_points, sorted(files ^ (stubs | tests | entry_points))
    for name in ("__main__.py", "conftest.py"):
        code = [line for line in (ROOT / "exercises" / name).read_text().splitlines()
                if line.strip() and not line.startswith(('"""', "#"))]  # fmt: skip
        assert len(code) <= 2, f"exercises/{name} calls the engine and does nothing else: {code}"


@pytest.mark.slow
def test_every_solution_passes_the_tests_of_its_exercise():
    """``pytest exercises --solutions``, as CI and a teacher run it. It runs here, in a process of its
    own, so that `make test` is one pytest run whose workers share both cores: on its own after
    tests/, it kept one core for about 25 s."""
    result = run_module("pytest", "exercises", "--solutions", "-q", "-p", "no:cacheprovider", timeout=600)
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    assert f"Exercise progress: {len(EXERCISES)}/{len(EXERCISES)} done" in result.stdout, result.stdout[-3000:]


def public_definitions(path):
    tree = ast.parse((ROOT / path).read_text())
    return {node.name: node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.module)
def test_stub_and_solution_have_the_same_public_api(exercise):
    stub = public_definitions(exercise.stub_path)
    solution = public_definitions(f"solutions/{exercise.module}.py")
    for name, node in stub.items():
        assert name in solution, f"{exercise.module}: the solution lacks {name}"
        if isinstance(node, ast.FunctionDef):
            assert ast.dump(node.args) == ast.dump(solution[name].args), f"{exercise.module}.{name}"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.module)
def test_every_stub_teaches_then_raises_not_implemented(exercise):
    tree = ast.parse((ROOT / exercise.stub_path).read_text())
    assert len(ast.get_docstring(tree) or "") > 300, "a teaching docstring"
    functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")]
    assert functions
    for function in functions:
        last = function.body[-1]
        assert isinstance(last, ast.Raise) and ast.unparse(last.exc) == "NotImplementedError", function.name


def test_no_text_refers_to_files_a_reader_does_not_have():
    paths = [*ROOT.glob("exercises/**/*.py"), *ROOT.glob("solutions/*.py"), ROOT / "README.md"]
    for path in paths:
        text = path.read_text().lower()
        assert "seed 00" not in text and "seeds 00" not in text and "shared/seeds" not in text, path
