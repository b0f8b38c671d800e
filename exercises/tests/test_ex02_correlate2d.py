import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exercises import oracle
from exercises.harness import check, describe, load

correlate2d = load("ex02_correlate2d").correlate2d

SEED_IMAGE = [[1, 2, 3, 0, 1], [0, 1, 2, 3, 1], [1, 0, 1, 2, 0], [2, 1, 0, 1, 2], [1, 2, 1, 0, 1]]
VERTICAL_EDGE = [[1, 0, -1]] * 3
SOBEL_X = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]
LAPLACIAN = [[0, 1, 0], [1, -4, 1], [0, 1, 0]]


def block_image():
    image = np.zeros((10, 10))
    image[3:6, 3:6] = 1
    return image


def tf_answer(image, kernel, stride):
    image, kernel = np.asarray(image, float), np.asarray(kernel, float)
    return oracle.conv2d(image[None, :, :, None], kernel[:, :, None, None], stride)[0, :, :, 0]


def check_case(image, kernel, stride, expected=None):
    image, kernel = np.asarray(image, float), np.asarray(kernel, float)
    tf_result = tf_answer(image, kernel, stride)
    if expected is not None:  # the worked example agrees with TensorFlow
        np.testing.assert_array_equal(tf_result, expected)
    check(
        correlate2d(image, kernel, stride),
        tf_result,
        describe(image=image.shape, kernel=kernel.tolist() if kernel.size <= 9 else kernel.shape, stride=stride),
        mistakes=[
            (oracle.STRIDE_IGNORED, lambda: tf_answer(image, kernel, 1)),
            ("the kernel was flipped. CNNs use cross-correlation: no flip.",
             lambda: tf_answer(image, kernel[::-1, ::-1], stride)),
        ],
    )  # fmt: skip


WORKED = {
    "seed 001: 3x3 image, 2x2 kernel": ([[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 0], [0, -1]], 1, [[-4, -4], [-4, -4]]),
    "seed 002: vertical edge, stride 1": (SEED_IMAGE, VERTICAL_EDGE, 1, [[-4, -2, 4], [0, -4, 0], [2, 0, -1]]),
    "seed 002: vertical edge, stride 2": (SEED_IMAGE, VERTICAL_EDGE, 2, [[-4, 4], [2, -1]]),
    "seed 002: Laplacian on one patch": ([[1, 2, 0], [0, 1, 3], [1, 2, 1]], LAPLACIAN, 1, [[3]]),
    "seed 002: Sobel on a dark|bright edge": ([[10, 10, 200]] * 3, SOBEL_X, 1, [[760]]),
}


@pytest.mark.parametrize("name", WORKED)
def test_seed_worked_examples(name):
    check_case(*WORKED[name])


def test_seed_003_block_example_corrected():
    anti_diagonal = [[0, 0, 1], [0, 1, 0], [1, 0, 0]]
    out = tf_answer(block_image(), anti_diagonal, 1)
    assert out.shape == (8, 8) and out.max() == 3  # not the seed's 10x10 diagonal of ones
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
    "image, kernel, stride",
    [(np.ones((3, 3, 1)), np.ones((2, 2)), 1), (np.ones((3, 3)), np.ones(2), 1),
     (np.ones((3, 3)), np.ones((2, 2)), 0), (np.ones((3, 3)), np.ones((4, 2)), 1)],
)  # fmt: skip
def test_bad_input_raises_value_error(image, kernel, stride):
    with pytest.raises(ValueError):
        correlate2d(image, kernel, stride)
