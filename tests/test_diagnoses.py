"""Every known mistake, written as a student would, gets its diagnosis through the real pytest output."""

from pathlib import Path

import pytest

from tests.students import ROOT, load_the_checks, run_exercise

pytest_plugins = ["pytester"]
# About 0.7 s a mistake (each runs the checks and a worker process), 80 s in all.
pytestmark = pytest.mark.slow
FOLDER = Path(__file__).parent / "wrong_answers"
WRONG_ANSWERS = sorted(FOLDER.glob("ex*__*.py"))

# Exercise 9 chains exercises 5 to 8. Beside a correct forward (wrong_answers/ex09_forward.py), one wrong
# earlier exercise must be named as the first stage that differs; the other exercises are the solutions.
FIRST_WRONG_STAGE = {
    "conv": "ex05_conv2d__flipped_kernel.py",
    "relu": "ex06_activations__relu_abs.py",
    "pool": "ex07_pooling__output_rounded_up.py",  # its wrong shape makes dense crash; the report still says why
    "flatten": "ex08_dense__channels_first_flatten.py",
    "dense": "ex08_dense__bias_left_out.py",
    "softmax": "ex06_activations__softmax_wrong_axis.py",
}
CHAINED = ("ex05_conv2d", "ex06_activations", "ex07_pooling", "ex08_dense")


@pytest.fixture(scope="module", autouse=True)
def checks_loaded():
    load_the_checks()


def module_of(path):
    return path.stem.split("__")[0]


def diagnosis(path):
    """The line a wrong answer's output must hold: its docstring's first line."""
    return path.read_text().split('"""')[1].splitlines()[0]


def assert_told_in_words(result, *expected):
    output = result.stdout.str()
    assert result.ret == 1, output
    for line in expected:
        assert line in output, output[-3000:]
    assert "Traceback" not in output and "site-packages" not in output, output[-3000:]
    return output


@pytest.mark.parametrize("path", WRONG_ANSWERS, ids=lambda path: path.stem)
def test_a_known_mistake_gets_its_diagnosis(pytester, monkeypatch, path):
    module = module_of(path)
    result = run_exercise(pytester, monkeypatch, {f"{module}.py": path.read_text()}, module)
    assert_told_in_words(result, diagnosis(path))


@pytest.mark.parametrize("stage", FIRST_WRONG_STAGE)
def test_a_forward_pass_names_the_first_stage_that_differs(pytester, monkeypatch, stage):
    wrong = FOLDER / FIRST_WRONG_STAGE[stage]
    files = {f"{module}.py": (ROOT / "solutions" / f"{module}.py").read_text() for module in CHAINED}
    files[f"{module_of(wrong)}.py"] = wrong.read_text()
    files["ex09_forward.py"] = (FOLDER / "ex09_forward.py").read_text()
    result = run_exercise(pytester, monkeypatch, files, "ex09_forward")
    assert_told_in_words(result, f"the first that differs from TensorFlow is {stage}: your ")


CONV2D_EINSUM_CRASH = """import numpy as np


def conv2d(input, filters, strides=1, padding="VALID", dilations=1):
    kh, kw = filters.shape[:2]
    out = np.zeros((len(input), input.shape[1] - kh + 1, input.shape[2] - kw + 1, filters.shape[3]))
    for i in range(out.shape[1]):
        for j in range(out.shape[2]):
            out[:, i, j] = np.einsum("nhwc,hwc->n", input[:, i : i + kh, j : j + kw], filters)
    return out
"""


def test_a_crash_names_the_students_line_and_no_library_frames(pytester, monkeypatch):
    result = run_exercise(pytester, monkeypatch, {"ex05_conv2d.py": CONV2D_EINSUM_CRASH}, "ex05_conv2d")
    output = assert_told_in_words(
        result, "Exercise 5 (conv2d like tf.nn.conv2d) crashed in your code:", "ValueError: ",
        "at student/ex05_conv2d.py:9, in conv2d", 'np.einsum("nhwc,hwc->n"',
    )  # fmt: skip
    assert "numpy/" not in output and "_core" not in output, output[-3000:]


@pytest.mark.parametrize(
    "relu, expected, not_expected",
    [
        ("np.maximum(x, 1e-3)", "expected 0, got 0.001 (off by 0.001)", "relative error"),  # a floor above 0
        ("np.where(x > 0, x, np.nan)", "got NaN (not a number", "off by"),
    ],
)
def test_a_wrong_value_where_zero_is_expected_is_told_plainly(pytester, monkeypatch, relu, expected, not_expected):
    source = f"import numpy as np\n\n\ndef relu(x):\n    return {relu}\n"
    result = run_exercise(pytester, monkeypatch, {"ex06_activations.py": source}, "ex06_activations")
    output = assert_told_in_words(result, "expected 0, got ", expected)
    assert not_expected not in output, output[-3000:]


RESIDUAL_BLOCK_THAT_WARNS = '''import warnings

from solutions.ex22_residual import residual_block as solved


def residual_block(x, filters, stride=1, name="res"):
    warnings.warn("a warning of my own")
    return solved(x, 2 * filters, stride, name)  # twice the filters: every count is wrong
'''


def test_a_keras_exercise_shows_the_warnings_of_the_students_own_lines(pytester, monkeypatch):
    # Only a warning raised at a line of the student's files reaches the student. (Keras's own, about a line
    # of its files in site-packages, do not: the wrong answer ex15_train__one_epoch makes Keras warn.)
    result = run_exercise(pytester, monkeypatch, {"ex22_residual.py": RESIDUAL_BLOCK_THAT_WARNS}, "ex22_residual")
    assert_told_in_words(result, "student/ex22_residual.py:7: UserWarning: a warning of my own")


RELU_THAT_WARNS = '''import warnings

import numpy as np


def relu(x):
    np.mean(np.array([]))  # NumPy's own RuntimeWarning, at a line of numpy's files
    warnings.warn("a warning of my own")
    return np.abs(x)  # wrong for negative values


def softmax(x, axis=-1):
    raise NotImplementedError
'''


def test_a_numpy_exercise_shows_the_students_warnings_and_not_numpys(pytester, monkeypatch):
    result = run_exercise(pytester, monkeypatch, {"ex06_activations.py": RELU_THAT_WARNS}, "ex06_activations")
    output = assert_told_in_words(result, "student/ex06_activations.py:8: UserWarning: a warning of my own")
    assert "Mean of empty slice" not in output, output[-3000:]
