"""The exercise set itself: stubs unsolved, wrong answers diagnosed in words."""

import ast
import textwrap

import pytest

from exercises.catalog import EXERCISES
from tests.conftest import ROOT, run_module


def test_every_exercise_has_a_stub_a_solution_and_tests():
    for exercise in EXERCISES:
        for path in (exercise.stub_path, f"solutions/{exercise.module}.py", exercise.test_path):
            assert (ROOT / path).is_file(), path


def public_functions(path):
    tree = ast.parse((ROOT / path).read_text())
    return {node.name: node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.module)
def test_stub_and_solution_have_the_same_public_api(exercise):
    stub = public_functions(exercise.stub_path)
    solution = public_functions(f"solutions/{exercise.module}.py")
    for name, node in stub.items():
        assert name in solution, f"{exercise.module}: the solution lacks {name}"
        if isinstance(node, ast.FunctionDef):
            assert ast.dump(node.args) == ast.dump(solution[name].args), f"{exercise.module}.{name}"


def test_untouched_stubs_all_read_as_not_started():
    result = run_module("pytest", "exercises", "-p", "no:cacheprovider")
    out = result.stdout
    assert result.returncode == 1
    assert "Traceback" not in out and "NotImplementedError\n" not in out
    assert f"Exercise progress: 0/{len(EXERCISES)} done" in out
    for exercise in EXERCISES:
        assert f"{exercise.number:2}. {exercise.title}" in out and "not started" in out
    assert out.count(" not started\n") == len(EXERCISES)
    assert "Next: exercise 1, 1-D convolution" in out


WRONG_ANSWERS = {
    "conv2d, stride ignored": (
        "ex05_conv2d",
        """
        from solutions.ex05_conv2d import conv2d as right
        def conv2d(input, filters, strides=1, padding="VALID", dilations=1):
            return right(input, filters, 1, padding, dilations)
        """,
        "Likely cause: the stride was ignored",
    ),
    "conv2d, symmetric SAME": (
        "ex05_conv2d",
        """
        from solutions.ex03_output_size import same_padding
        from solutions.ex05_conv2d import conv2d as right
        def conv2d(input, filters, strides=1, padding="VALID", dilations=1):
            if padding == "SAME":
                kh, kw = filters.shape[:2]
                s = (strides, strides) if isinstance(strides, int) else strides
                d = (dilations, dilations) if isinstance(dilations, int) else dilations
                (t, b), (l, r) = (same_padding(n, k, si, di)
                                  for n, k, si, di in zip(input.shape[1:3], (kh, kw), s, d))
                padding = [[0, 0], [b, t], [r, l], [0, 0]]  # the extra row/column on top/left
            return right(input, filters, strides, padding, dilations)
        """,
        "Likely cause: symmetric padding",
    ),
    "conv2d, flipped kernel": (
        "ex05_conv2d",
        """
        from solutions.ex05_conv2d import conv2d as right
        def conv2d(input, filters, strides=1, padding="VALID", dilations=1):
            return right(input, filters[::-1, ::-1], strides, padding, dilations)
        """,
        "Likely cause: the kernel was flipped",
    ),
    "avg_pool2d, counting padding zeros": (
        "ex07_pooling",
        """
        import numpy as np
        from solutions.ex03_output_size import same_padding
        from solutions.ex07_pooling import avg_pool2d as right, max_pool2d
        def avg_pool2d(input, ksize, strides, padding):
            if padding == "SAME":
                k = (ksize, ksize) if isinstance(ksize, int) else ksize
                s = (strides, strides) if isinstance(strides, int) else strides
                pads = [same_padding(n, ki, si) for n, ki, si in zip(input.shape[1:3], k, s)]
                input = np.pad(input, [(0, 0), *pads, (0, 0)])
            return right(input, ksize, strides, "VALID")
        """,
        "Likely cause: the padding zeros were counted",
    ),
}


@pytest.mark.parametrize("case", WRONG_ANSWERS, ids=list(WRONG_ANSWERS))
def test_a_known_mistake_gets_its_diagnosis(tmp_path, case):
    module, source, diagnosis = WRONG_ANSWERS[case]
    package = tmp_path / "student"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / f"{module}.py").write_text(textwrap.dedent(source))
    result = run_module(
        "pytest", f"exercises/tests/test_{module}.py", "-p", "no:cacheprovider",
        env_extra={"EXERCISES_PACKAGE": "student", "PYTHONPATH": f"{ROOT}:{tmp_path}"},
    )  # fmt: skip
    assert result.returncode == 1
    assert diagnosis in result.stdout, result.stdout[-3000:]
    assert "gives a wrong answer" in result.stdout and "Traceback" not in result.stdout
