import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.harness import compare_equal, describe, load, rejects
from course.oracles import common
from course.oracles import ex03_output_size as oracle

exercise = load("ex03_output_size")
conv_output_size, same_padding = exercise.conv_output_size, exercise.same_padding


def check_size(size, kernel_size, stride, padding, dilation=1):
    expected = oracle.output_size(size, kernel_size, stride, padding, dilation)
    compare_equal(
        conv_output_size(size, kernel_size, stride, padding, dilation),
        expected,
        describe(size=size, kernel_size=kernel_size, stride=stride, padding=padding, dilation=dilation),
        mistakes=oracle.output_size_mistakes(size, kernel_size, stride, padding, dilation),
    )


WORKED = [  # (N, K, S, padding, output), worked by hand with floor((N - K + 2P) / S) + 1
    (5, 3, 1, 0, 3), (5, 3, 1, 1, 5), (5, 3, 2, 0, 2), (28, 3, 1, "VALID", 26), (7, 3, 1, 1, 7),
    (5, 5, 1, 2, 5), (7, 3, 2, 4, 7),
]  # fmt: skip


@pytest.mark.parametrize("size, kernel_size, stride, padding, output", WORKED)
def test_worked_examples(size, kernel_size, stride, padding, output):
    assert oracle.output_size(size, kernel_size, stride, padding, 1) == output
    check_size(size, kernel_size, stride, padding)


def test_same_with_a_stride_does_not_keep_the_size():
    # P = (S(N - 1) - N + K) / 2 = 4 keeps N = 7 for K = 3, S = 2; TF's SAME gives ceil(7 / 2) = 4.
    assert oracle.output_size(7, 3, 2, "SAME", 1) == 4
    check_size(7, 3, 2, "SAME")
    expected = common.same_pads(7, 3, 2)
    assert expected == (1, 1)
    compare_equal(same_padding(7, 3, 2), expected, describe(size=7, kernel_size=3, stride=2),
                  mistakes=oracle.same_padding_mistakes(7, 3, 2, 1))  # fmt: skip


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
    same = common.conv2d(x, kernel, (stride, 1), "SAME", (dilation, 1))
    mine = common.conv2d(x, kernel, (stride, 1), [[0, 0], list(pads), [0, 0], [0, 0]], (dilation, 1))
    return same.shape == mine.shape and np.allclose(same, mine)


@pytest.mark.parametrize(
    "size, kernel_size, stride, dilation", [(6, 2, 1, 1), (5, 4, 1, 1), (8, 3, 3, 1), (9, 2, 1, 3)]
)
def test_same_padding_of_even_totals_and_dilations(size, kernel_size, stride, dilation):
    check_same_padding(size, kernel_size, stride, dilation)


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.integers(1, 20), st.integers(1, 6), st.integers(1, 4), st.integers(1, 3))
def test_same_padding_matches_tensorflow(size, kernel_size, stride, dilation):
    if stride > 1:
        dilation = 1
    check_same_padding(size, kernel_size, stride, dilation)


def check_same_padding(size, kernel_size, stride, dilation):
    expected = common.same_pads(size, kernel_size, stride, dilation)
    assert same_equivalent(size, kernel_size, stride, dilation, expected)  # the oracle agrees with TF
    compare_equal(
        same_padding(size, kernel_size, stride, dilation),
        expected,
        describe(size=size, kernel_size=kernel_size, stride=stride, dilation=dilation),
        mistakes=oracle.same_padding_mistakes(size, kernel_size, stride, dilation),
    )


@pytest.mark.parametrize(
    "args, why",
    [((0, 3), "size 0"), ((5, 0), "kernel size 0"), ((5, 3, 0), "stride 0"), ((5, 3, 1, "FULL"), "padding 'FULL'"),
     ((5, 3, 1, -1), "padding -1"), ((5, 7, 1, "VALID"), "a kernel larger than the input"),
     ((5, 3, 1, "VALID", 0), "dilation 0")],
)  # fmt: skip
def test_bad_input_raises_value_error(args, why):
    rejects(lambda: conv_output_size(*args), why)


def test_same_padding_rejects_a_zero_stride():
    rejects(lambda: same_padding(5, 3, 0), "stride 0")
