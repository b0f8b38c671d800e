import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.harness import compare, describe, load, other_answers, rejects
from course.oracles import common
from course.oracles import ex05_conv2d as oracle

conv2d = load("ex05_conv2d").conv2d


def check_case(x, filters, strides=1, padding="VALID", dilations=1):
    expected = common.conv2d(x, filters, strides, padding, dilations)
    other_paddings = [other for other in ("VALID", "SAME") if other != padding]
    compare(
        conv2d(x, filters, strides=strides, padding=padding, dilations=dilations),
        expected,
        describe(input=x.shape, filters=filters.shape, strides=strides, padding=padding, dilations=dilations),
        mistakes=oracle.conv2d_mistakes(x, filters, strides, padding, dilations),
        explain=common.conv2d_window(x, filters, strides, padding, dilations),
        alternatives=other_answers(common.conv2d, x, filters, strides, padding, dilations, vary={
            "padding": other_paddings, "strides": [1] if strides != 1 else [],
            "dilations": [1] if dilations != 1 else [], "filters": {"the kernel flipped": filters[::-1, ::-1]}}),
    )


def random_case(seed, n, h, w, c_in, kh, kw, c_out):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, h, w, c_in)), rng.normal(size=(kh, kw, c_in, c_out))


EXAMPLE_IMAGE = [[1, 2, 3, 0, 1], [0, 1, 2, 3, 1], [1, 0, 1, 2, 0], [2, 1, 0, 1, 2], [1, 2, 1, 0, 1]]


def test_worked_example_valid_and_same():
    x = np.array(EXAMPLE_IMAGE, float)[None, :, :, None]
    filters = np.array([[1, 0, -1]] * 3, float)[:, :, None, None]  # a vertical-edge detector
    assert common.conv2d(x, filters)[0, :, :, 0].tolist() == [[-4, -2, 4], [0, -4, 0], [2, 0, -1]]  # by hand
    check_case(x, filters)
    # Padding 1 (SAME for a 3x3 kernel) keeps 5x5; the first row, by hand, is [-3, -4, 0, 3, 3].
    assert common.conv2d(x, filters, padding="SAME")[0, 0, :, 0].tolist() == [-3, -4, 0, 3, 3]
    check_case(x, filters, padding="SAME")


@pytest.mark.parametrize(
    "shape, strides, padding",
    [
        ((1, 6, 5, 2, 3, 3, 2), 1, "VALID"),  # as many output as input channels
        ((2, 7, 7, 3, 3, 3, 4), 1, "SAME"),
        ((1, 8, 6, 2, 2, 2, 3), 1, "SAME"),  # even kernel: the odd extra pad goes bottom/right
        ((1, 7, 9, 2, 3, 2, 2), 2, "SAME"),  # strides that don't divide the size
        ((2, 10, 7, 1, 4, 3, 2), (3, 2), "SAME"),
        ((1, 9, 9, 2, 3, 3, 2), 3, "VALID"),
        ((3, 6, 5, 4, 2, 3, 5), (2, 1), "VALID"),
        ((1, 6, 6, 1, 3, 3, 1), 2, [[0, 0], [2, 1], [0, 3], [0, 0]]),
    ],
)
def test_literal_cases_match_tensorflow(shape, strides, padding):
    x, filters = random_case(sum(shape), *shape)
    check_case(x, filters, strides, padding)


@pytest.mark.parametrize("dilations, padding", [(2, "VALID"), ((2, 3), "SAME"), (3, "SAME")])
def test_dilations_match_tensorflow(dilations, padding):
    x, filters = random_case(4, 2, 11, 12, 2, 3, 2, 3)
    check_case(x, filters, 1, padding, dilations)


@settings(max_examples=30, derandomize=True, deadline=None)
@given(
    st.integers(1, 2), st.integers(1, 8), st.integers(1, 8), st.integers(1, 3), st.integers(1, 4),
    st.integers(1, 4), st.integers(1, 3), st.integers(1, 3), st.integers(1, 3), st.sampled_from(["SAME", "VALID"]),
)  # fmt: skip
def test_random_cases_match_tensorflow(n, h, w, c_in, kh, kw, c_out, sh, sw, padding):
    h, w = max(h, kh), max(w, kw)
    x, filters = random_case(n + h * w + kh, n, h, w, c_in, kh, kw, c_out)
    check_case(x, filters, (sh, sw), padding)


@pytest.mark.parametrize(
    "x_shape, f_shape, kwargs, why",
    [
        ((5, 5, 1), (3, 3, 1, 1), {}, "an input without a batch axis"),
        ((1, 5, 5, 1), (3, 3, 1), {}, "3-D filters"),
        ((1, 5, 5, 3), (3, 3, 2, 1), {}, "3 input channels for filters that expect 2"),
        ((1, 5, 5, 1), (3, 3, 1, 1), {"padding": "same"}, "padding 'same' (TF's names are upper case)"),
        ((1, 5, 5, 1), (3, 3, 1, 1), {"strides": 0}, "strides 0"),
        ((1, 5, 5, 1), (3, 3, 1, 1), {"dilations": -1}, "dilations -1"),
        ((1, 2, 5, 1), (3, 3, 1, 1), {"padding": "VALID"}, "a kernel taller than the input"),
    ],
)
def test_bad_input_raises_value_error(x_shape, f_shape, kwargs, why):
    rejects(lambda: conv2d(np.ones(x_shape), np.ones(f_shape), **kwargs), why)
