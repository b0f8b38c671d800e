import numpy as np
import pytest
import tensorflow as tf
from hypothesis import given, settings
from hypothesis import strategies as st

from course.harness import compare, describe, load, other_answers, rejects
from course.oracles import common
from course.oracles import ex24_transposed_conv as oracle

conv2d_transpose = load("ex24_transposed_conv").conv2d_transpose


def check_case(x, filters, output_shape, strides, padding):
    expected = oracle.conv2d_transpose(x, filters, output_shape, strides, padding)
    other_paddings = [
        other
        for other in ("VALID", "SAME")
        if other != padding and oracle.fits(x.shape, filters.shape[:2], output_shape, strides, other)
    ]
    compare(
        conv2d_transpose(x, filters, output_shape, strides, padding),
        expected,
        describe(x=x.shape, filters=filters.shape, output_shape=output_shape, strides=strides, padding=padding),
        mistakes=oracle.conv2d_transpose_mistakes(x, filters, output_shape, strides, padding),
        alternatives=other_answers(oracle.conv2d_transpose, x, filters, output_shape, strides, padding,
                                   vary={"padding": other_paddings}),
    )  # fmt: skip


def random_case(seed, x_shape, kernel_size, out_channels):
    rng = np.random.default_rng(seed)
    return rng.normal(size=x_shape), rng.normal(size=(*kernel_size, out_channels, x_shape[3]))


def test_worked_example_each_pixel_stamps_the_kernel():
    x = np.array([[1.0, 2.0]])[None, :, :, None]
    filters = np.array([[1.0, 2.0], [3.0, 4.0]])[:, :, None, None]
    # By hand (the docstring): pixel 1 stamps [[1, 2, 0], [3, 4, 0]], pixel 2 stamps [[0, 2, 4], [0, 6, 8]].
    expected = [[1, 4, 4], [3, 10, 8]]
    assert oracle.conv2d_transpose(x, filters, (1, 2, 3, 1), 1, "VALID")[0, :, :, 0].tolist() == expected
    check_case(x, filters, (1, 2, 3, 1), 1, "VALID")


@pytest.mark.parametrize(
    "x_shape, kernel_size, out_channels, strides, padding, output_size",
    [
        ((2, 4, 3, 3), (3, 2), 3, 2, "SAME", (8, 6)),  # as many channels out as in; an odd SAME pad to crop
        ((1, 3, 3, 2), (3, 3), 2, 1, "SAME", (3, 3)),
        ((1, 3, 4, 2), (3, 3), 4, 2, "VALID", (7, 9)),  # the smallest output that holds every stamp
        ((2, 3, 3, 1), (3, 3), 2, 2, "VALID", (8, 8)),  # one more row and column, that no stamp reaches
        ((1, 3, 2, 2), (2, 3), 1, 3, "SAME", (9, 5)),
        ((2, 4, 3, 2), (4, 3), 3, (2, 3), "SAME", (7, 9)),  # unequal strides, an even kernel
        ((1, 5, 4, 1), (2, 2), 1, (1, 2), "VALID", (6, 8)),
        ((1, 2, 3, 2), (3, 3), 2, 3, "VALID", (7, 11)),
    ],
)
def test_literal_cases_match_tensorflow(x_shape, kernel_size, out_channels, strides, padding, output_size):
    x, filters = random_case(sum(x_shape), x_shape, kernel_size, out_channels)
    check_case(x, filters, (x_shape[0], *output_size, out_channels), strides, padding)


def transpose_sizes(draw, size, kernel_size, stride, padding):
    """An output size that a conv2d with these settings turns back into ``size``."""
    if padding == "SAME":
        return draw(st.integers((size - 1) * stride + 1, size * stride))
    smallest = (size - 1) * stride + kernel_size
    return draw(st.integers(smallest, smallest + stride - 1))


@st.composite
def cases(draw):
    n, h, w = draw(st.integers(1, 2)), draw(st.integers(1, 4)), draw(st.integers(1, 4))
    c_in, c_out = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    sh, sw, padding = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.sampled_from(["SAME", "VALID"]))
    output_size = (transpose_sizes(draw, h, kh, sh, padding), transpose_sizes(draw, w, kw, sw, padding))
    return (n, h, w, c_in), (kh, kw), c_out, (sh, sw), padding, output_size


@settings(max_examples=5, derandomize=True, deadline=None)
@given(cases())
def test_random_cases_match_tensorflow(case):
    x_shape, kernel_size, out_channels, strides, padding, output_size = case
    x, filters = random_case(sum(x_shape) + sum(output_size), x_shape, kernel_size, out_channels)
    check_case(x, filters, (x_shape[0], *output_size, out_channels), strides, padding)


@pytest.mark.parametrize(
    "x_shape, f_shape, strides, padding",
    [((2, 7, 6, 2), (3, 3, 2, 3), 2, "SAME"), ((1, 8, 9, 3), (3, 2, 3, 2), (3, 2), "VALID"),
     ((2, 6, 5, 1), (2, 2, 1, 2), 1, "SAME")],
)  # fmt: skip
def test_it_is_the_gradient_of_conv2d_with_respect_to_its_input(x_shape, f_shape, strides, padding):
    # conv2d's filters (KH, KW, C_in, C_out), read from the transpose's side, are (KH, KW, C_out, C_in):
    # the same array turns conv2d's upstream gradient back into the gradient of its input.
    x, filters = np.random.default_rng(1).normal(size=x_shape), np.random.default_rng(2).normal(size=f_shape)
    upstream = np.random.default_rng(3).normal(size=common.conv2d(x, filters, strides, padding).shape)
    (expected,) = common.gradients(lambda v: tf.nn.conv2d(v, filters, strides, padding), [x], upstream)
    case = describe(x=upstream.shape, filters=f_shape, output_shape=x_shape, strides=strides, padding=padding)
    compare(conv2d_transpose(upstream, filters, x_shape, strides, padding), expected,
            f"the gradient of conv2d's input, {case}",
            mistakes=oracle.conv2d_transpose_mistakes(upstream, filters, x_shape, strides, padding))  # fmt: skip


X, FILTERS = np.ones((1, 3, 3, 2)), np.ones((3, 3, 1, 2))


@pytest.mark.parametrize(
    "call, why",
    [
        (lambda: conv2d_transpose(np.ones((3, 3, 2)), FILTERS, (1, 3, 3, 1), 1, "SAME"), "an x without a batch axis"),
        (lambda: conv2d_transpose(X, np.ones((3, 3, 2)), (1, 3, 3, 1), 1, "SAME"), "3-D filters"),
        (lambda: conv2d_transpose(X, np.ones((3, 3, 1, 3)), (1, 3, 3, 1), 1, "SAME"),
         "x with 2 channels for filters (3, 3, 1, 3) that take 3"),
        (lambda: conv2d_transpose(X, FILTERS, (1, 3, 3, 2), 1, "SAME"),
         "output_shape with 2 channels for filters (3, 3, 1, 2) that give 1"),
        (lambda: conv2d_transpose(X, FILTERS, (1, 3, 3), 1, "SAME"), "an output_shape of 3 sizes"),
        (lambda: conv2d_transpose(X, FILTERS, (1, 9, 9, 1), 2, "SAME"),
         "output_shape (1, 9, 9, 1) for a 3x3 x, stride 2, SAME: conv2d would make 9 rows into 5, not 3"),
        (lambda: conv2d_transpose(X, FILTERS, (1, 4, 4, 1), 1, "VALID"),
         "output_shape (1, 4, 4, 1) for a 3x3 x, a 3x3 kernel, stride 1, VALID: conv2d would give 2 rows, not 3"),
        (lambda: conv2d_transpose(X, FILTERS, (1, 3, 3, 1), 1, "same"), "padding 'same' (TF's names are upper case)"),
        (lambda: conv2d_transpose(X, FILTERS, (1, 3, 3, 1), 0, "SAME"), "strides 0"),
    ],
)  # fmt: skip
def test_bad_input_raises_value_error(call, why):
    rejects(call, why)
