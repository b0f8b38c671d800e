import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.harness import compare, describe, load, rejects
from course.oracles import common
from course.oracles import ex02_correlate2d as oracle

correlate2d = load("ex02_correlate2d").correlate2d

EXAMPLE_IMAGE = [[1, 2, 3, 0, 1], [0, 1, 2, 3, 1], [1, 0, 1, 2, 0], [2, 1, 0, 1, 2], [1, 2, 1, 0, 1]]
VERTICAL_EDGE = [[1, 0, -1]] * 3
SOBEL_X = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]
LAPLACIAN = [[0, 1, 0], [1, -4, 1], [0, 1, 0]]


def block_image():
    image = np.zeros((10, 10))
    image[3:6, 3:6] = 1
    return image


def check_case(image, kernel, stride, by_hand=None):
    image, kernel = np.asarray(image, float), np.asarray(kernel, float)
    expected = common.correlate2d(image, kernel, stride)
    if by_hand is not None:  # the worked example agrees with TensorFlow
        np.testing.assert_array_equal(expected, by_hand)
    compare(
        correlate2d(image, kernel, stride),
        expected,
        describe(image=image.shape, kernel=kernel.tolist() if kernel.size <= 9 else kernel.shape, stride=stride),
        mistakes=oracle.correlate2d_mistakes(image, kernel, stride),
        explain=lambda index: common.conv2d_window(image[None, :, :, None], kernel[:, :, None, None], stride)(
            (0, *index, 0)
        ),
    )


WORKED = {  # worked by hand in the docstring
    "3x3 image, 2x2 kernel": ([[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 0], [0, -1]], 1, [[-4, -4], [-4, -4]]),
    "vertical edge, stride 1": (EXAMPLE_IMAGE, VERTICAL_EDGE, 1, [[-4, -2, 4], [0, -4, 0], [2, 0, -1]]),
    "vertical edge, stride 2": (EXAMPLE_IMAGE, VERTICAL_EDGE, 2, [[-4, 4], [2, -1]]),
    "Laplacian on one patch": ([[1, 2, 0], [0, 1, 3], [1, 2, 1]], LAPLACIAN, 1, [[3]]),
    "Sobel on a dark|bright edge": ([[10, 10, 200]] * 3, SOBEL_X, 1, [[760]]),
}


@pytest.mark.parametrize("name", WORKED)
def test_worked_examples(name):
    check_case(*WORKED[name])


def test_block_of_ones_with_an_anti_diagonal_kernel():
    # A common course example claims a 10x10 output with a diagonal of ones; VALID gives 8x8, up to 3.
    anti_diagonal = [[0, 0, 1], [0, 1, 0], [1, 0, 0]]
    out = common.correlate2d(block_image(), anti_diagonal, 1)
    assert out.shape == (8, 8) and out.max() == 3
    check_case(block_image(), anti_diagonal, 1)


@settings(max_examples=30, derandomize=True, deadline=None)
@given(
    st.integers(1, 9), st.integers(1, 9), st.integers(1, 4), st.integers(1, 4), st.integers(1, 3), st.integers(0, 99)
)
def test_random_cases_match_tensorflow(h, w, kh, kw, stride, seed):
    rng = np.random.default_rng(seed)
    h, w = max(h, kh), max(w, kw)
    check_case(rng.normal(size=(h, w)), rng.normal(size=(kh, kw)), stride)


@pytest.mark.parametrize(
    "image, kernel, stride, why",
    [(np.ones((3, 3, 1)), np.ones((2, 2)), 1, "a 3-D image"), (np.ones((3, 3)), np.ones(2), 1, "a 1-D kernel"),
     (np.ones((3, 3)), np.ones((2, 2)), 0, "stride 0"),
     (np.ones((3, 3)), np.ones((4, 2)), 1, "a kernel taller than the image")],
)  # fmt: skip
def test_bad_input_raises_value_error(image, kernel, stride, why):
    rejects(lambda: correlate2d(image, kernel, stride), why)
