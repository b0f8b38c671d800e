import numpy as np
import pytest

from course.harness import compare, describe, load
from course.oracles import ex11_im2col as oracle
from exercises.tests import test_ex05_conv2d as conv2d_tests

exercise = load("ex11_im2col")
im2col, conv2d_im2col = exercise.im2col, exercise.conv2d_im2col


@pytest.mark.parametrize(
    "shape, kernel_size, strides, padding",
    [((1, 4, 4, 1), 2, 1, "VALID"), ((2, 7, 6, 3), 3, 2, "SAME"), ((1, 8, 9, 2), (2, 3), (3, 1), "SAME"),
     ((3, 5, 5, 2), (3, 2), 2, "VALID")],
)  # fmt: skip
def test_im2col_matches_extract_patches(shape, kernel_size, strides, padding):
    x = np.random.default_rng(sum(shape)).normal(size=shape)
    expected = oracle.extract_patches(x, kernel_size, strides, padding)
    compare(im2col(x, kernel_size, strides, padding), expected,
            describe(input=shape, kernel_size=kernel_size, strides=strides, padding=padding),
            mistakes=oracle.im2col_mistakes(x, kernel_size, strides, padding))  # fmt: skip


class TestConv2dCases:
    """Every conv2d test of exercise 5, run against conv2d_im2col."""

    @pytest.fixture(autouse=True)
    def use_im2col(self, monkeypatch):
        monkeypatch.setattr(conv2d_tests, "conv2d", conv2d_im2col)

    test_worked_example_valid_and_same = staticmethod(conv2d_tests.test_worked_example_valid_and_same)
    test_literal_cases_match_tensorflow = staticmethod(conv2d_tests.test_literal_cases_match_tensorflow)
    test_dilations_match_tensorflow = staticmethod(conv2d_tests.test_dilations_match_tensorflow)
    test_random_cases_match_tensorflow = staticmethod(conv2d_tests.test_random_cases_match_tensorflow)
    test_bad_input_raises_value_error = staticmethod(conv2d_tests.test_bad_input_raises_value_error)
