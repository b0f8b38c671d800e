import keras
import numpy as np
import pytest

from course.harness import compare, compare_equal, describe, load, rejects
from course.oracles import ex21_separable as oracle

exercise = load("ex21_separable")


def check_case(shape, kernel_size, multiplier, out_channels, strides, padding, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=shape)
    depthwise = rng.normal(size=(*kernel_size, shape[3], multiplier))
    pointwise = rng.normal(size=(1, 1, shape[3] * multiplier, out_channels))
    compare(exercise.separable_conv2d(x, depthwise, pointwise, strides, padding),
            oracle.separable_conv2d(x, depthwise, pointwise, strides, padding),
            describe(input=shape, depthwise_filters=depthwise.shape, pointwise_filters=pointwise.shape,
                     strides=strides, padding=padding),
            mistakes=oracle.separable_mistakes(x, depthwise, pointwise, strides, padding))  # fmt: skip


@pytest.mark.parametrize(
    "shape, kernel_size, multiplier, out_channels, strides, padding",
    [
        ((1, 6, 6, 3), (3, 3), 1, 3, 1, "VALID"),  # as many channels out as in, one filter per channel
        ((2, 7, 7, 3), (3, 3), 1, 3, 2, "SAME"),
        ((1, 8, 6, 2), (3, 3), 2, 5, 1, "SAME"),
        ((2, 9, 8, 3), (3, 2), 3, 4, 2, "VALID"),  # a kernel that is not square
        ((1, 5, 5, 4), (3, 3), 2, 1, 3, "SAME"),
        ((2, 7, 10, 2), (2, 3), 2, 3, (2, 2), "SAME"),  # strides as a pair (of equal ints)
    ],
)
def test_separable_conv2d_matches_tensorflow(shape, kernel_size, multiplier, out_channels, strides, padding):
    check_case(shape, kernel_size, multiplier, out_channels, strides, padding, seed=sum(shape))


def test_worked_example_parameter_counts():
    # The docstring's typical layer: 3x3, 128 channels in and out. Keras counts as the docstring does.
    standard = keras.layers.Conv2D(128, 3, use_bias=False)
    standard.build((None, 32, 32, 128))
    assert standard.count_params() == 147_456 and oracle.separable_params(3, 128, 128) == 17_536
    assert round(147_456 / 17_536, 1) == 8.4
    compare_equal(exercise.separable_params(3, 128, 128), 17_536, "kernel size 3, 128 channels in, 128 out")


@pytest.mark.parametrize(
    "kernel_size, in_channels, out_channels, depth_multiplier",
    [(3, 32, 64, 1), ((3, 5), 16, 8, 2), (1, 3, 3, 1), (5, 1, 4, 3), (3, 64, 128, 4)],
)
def test_separable_params_match_keras(kernel_size, in_channels, out_channels, depth_multiplier):
    compare_equal(
        exercise.separable_params(kernel_size, in_channels, out_channels, depth_multiplier),
        oracle.separable_params(kernel_size, in_channels, out_channels, depth_multiplier),
        describe(
            kernel_size=kernel_size,
            in_channels=in_channels,
            out_channels=out_channels,
            depth_multiplier=depth_multiplier,
        ),
        mistakes=oracle.separable_params_mistakes(kernel_size, in_channels, out_channels, depth_multiplier),
    )


X, DEPTHWISE, POINTWISE = np.ones((1, 5, 5, 2)), np.ones((3, 3, 2, 1)), np.ones((1, 1, 2, 4))


@pytest.mark.parametrize(
    "call, why",
    [
        (lambda: exercise.separable_conv2d(np.ones((5, 5, 2)), DEPTHWISE, POINTWISE), "a 3-D x"),
        (
            lambda: exercise.separable_conv2d(X, DEPTHWISE, np.ones((1, 1, 3, 4))),
            "pointwise filters for 3 channels, not 2",
        ),
        (lambda: exercise.separable_conv2d(X, DEPTHWISE, np.ones((3, 3, 2, 4))), "3x3 pointwise filters"),
        (lambda: exercise.separable_conv2d(X, DEPTHWISE, POINTWISE, strides=(1, 2)), "strides (1, 2)"),
        (lambda: exercise.separable_params(3, 0, 4), "in_channels 0"),
        (lambda: exercise.separable_params(3, 4, 4, depth_multiplier=0), "depth_multiplier 0"),
    ],
)
def test_bad_input_raises_value_error(call, why):
    rejects(call, why)
