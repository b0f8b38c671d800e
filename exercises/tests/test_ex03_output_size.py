import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exercises import oracle
from exercises.harness import check_equal, describe, load

exercise = load("ex03_output_size")
conv_output_size, same_padding = exercise.conv_output_size, exercise.same_padding

FLOOR_CEIL = "floor and ceil were swapped: VALID uses floor((N - K) / S) + 1, SAME uses ceil(N / S)."
SEED_FORMULA = (
    "the seeds' P = (S(N-1) - N + F) / 2 keeps the output at N, but TF's SAME gives ceil(N / S) when S > 1."
)


def tf_output_size(size, kernel_size, stride, padding, dilation):
    """The height of tf.nn.conv2d's output on a (1, size, 1, 1) input."""
    x = np.zeros((1, size, 1, 1))
    kernel = np.zeros((kernel_size, 1, 1, 1))
    if isinstance(padding, int):
        padding = [[0, 0], [padding, padding], [0, 0], [0, 0]]
    return oracle.conv2d(x, kernel, (stride, 1), padding, (dilation, 1)).shape[1]


def check_size(size, kernel_size, stride, padding, dilation=1):
    effective = dilation * (kernel_size - 1) + 1
    pad = 0 if padding == "VALID" else padding
    if padding == "SAME":
        swapped = lambda: size // stride  # noqa: E731
    else:
        swapped = lambda: math.ceil((size - effective + 2 * pad) / stride) + 1  # noqa: E731
    check_equal(
        conv_output_size(size, kernel_size, stride, padding, dilation),
        tf_output_size(size, kernel_size, stride, padding, dilation),
        describe(size=size, kernel_size=kernel_size, stride=stride, padding=padding, dilation=dilation),
        mistakes=[
            (oracle.STRIDE_IGNORED, lambda: tf_output_size(size, kernel_size, 1, padding, dilation)),
            (FLOOR_CEIL, swapped),
            (SEED_FORMULA, lambda: size),
            ("the dilation was ignored: a dilated kernel covers D*(K-1)+1 pixels.",
             lambda: tf_output_size(size, kernel_size, stride, padding, 1)),
        ],
    )  # fmt: skip


SEED_CASES = [  # (N, K, S, padding, output) from seed 002
    (5, 3, 1, 0, 3), (5, 3, 1, 1, 5), (5, 3, 2, 0, 2), (28, 3, 1, "VALID", 26), (7, 3, 1, 1, 7),
    (5, 5, 1, 2, 5), (7, 3, 2, 4, 7),
]  # fmt: skip


@pytest.mark.parametrize("size, kernel_size, stride, padding, output", SEED_CASES)
def test_seed_worked_examples(size, kernel_size, stride, padding, output):
    assert tf_output_size(size, kernel_size, stride, padding, 1) == output
    check_size(size, kernel_size, stride, padding)


def test_seed_padding_formula_is_not_tf_same_for_stride_2():
    # The seed pads 7 with P=4 for F=3, S=2 and keeps 7; TF's SAME gives ceil(7/2) = 4.
    assert tf_output_size(7, 3, 2, "SAME", 1) == 4
    check_size(7, 3, 2, "SAME")
    check_equal(same_padding(7, 3, 2), (1, 1), describe(size=7, kernel_size=3, stride=2))


@settings(max_examples=60, derandomize=True, deadline=None)
@given(
    st.integers(1, 20), st.integers(1, 6), st.integers(1, 4), st.sampled_from(["SAME", "VALID", 0, 1, 2]),
    st.integers(1, 3),
)  # fmt: skip
def test_output_size_matches_tensorflow(size, kernel_size, stride, padding, dilation):
    if stride > 1:
        dilation = 1  # tf.nn.conv2d on CPU does not combine them
    effective = dilation * (kernel_size - 1) + 1
    pad = {"SAME": 0, "VALID": 0}.get(padding, padding)
    if padding != "SAME" and effective > size + 2 * pad:
        return
    check_size(size, kernel_size, stride, padding, dilation)


def same_equivalent(size, kernel_size, stride, dilation, pads):
    """Whether tf.nn.conv2d with these explicit pads equals padding='SAME'."""
    rng = np.random.default_rng(0)
    x, kernel = rng.normal(size=(1, size, 1, 1)), rng.normal(size=(kernel_size, 1, 1, 1))
    same = oracle.conv2d(x, kernel, (stride, 1), "SAME", (dilation, 1))
    mine = oracle.conv2d(x, kernel, (stride, 1), [[0, 0], list(pads), [0, 0], [0, 0]], (dilation, 1))
    return same.shape == mine.shape and np.allclose(same, mine)


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.integers(1, 20), st.integers(1, 6), st.integers(1, 4), st.integers(1, 3))
def test_same_padding_matches_tensorflow(size, kernel_size, stride, dilation):
    if stride > 1:
        dilation = 1
    expected = oracle.same_pads(size, kernel_size, stride, dilation)
    assert same_equivalent(size, kernel_size, stride, dilation, expected)  # the oracle agrees with TF
    before, after = expected
    seed_p = (stride * (size - 1) - size + dilation * (kernel_size - 1) + 1) / 2
    check_equal(
        tuple(same_padding(size, kernel_size, stride, dilation)),
        expected,
        describe(size=size, kernel_size=kernel_size, stride=stride, dilation=dilation),
        mistakes=[
            (oracle.SYMMETRIC, lambda: (after, before)),
            (SEED_FORMULA, lambda: (math.floor(seed_p), math.ceil(seed_p))),
            (oracle.STRIDE_IGNORED, lambda: oracle.same_pads(size, kernel_size, 1, dilation)),
        ],
    )


@pytest.mark.parametrize(
    "args",
    [(0, 3), (5, 0), (5, 3, 0), (5, 3, 1, "FULL"), (5, 3, 1, -1), (5, 7, 1, "VALID"), (5, 3, 1, "VALID", 0)],
)
def test_bad_input_raises_value_error(args):
    with pytest.raises(ValueError):
        conv_output_size(*args)


def test_same_padding_rejects_a_zero_stride():
    with pytest.raises(ValueError):
        same_padding(5, 3, 0)
