import numpy as np
import pytest
import tensorflow as tf
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.datasets import load_sample_image

from course.harness import compare, describe, load, rejects
from course.oracles import common
from course.oracles import ex10_filters as oracle
from models.zoo.blur import blur_array

exercise = load("ex10_filters")
box_blur_kernel, sobel_kernels = exercise.box_blur_kernel, exercise.sobel_kernels
depthwise_conv2d, blur_image = exercise.depthwise_conv2d, exercise.blur_image


@pytest.fixture(scope="module")
def photo():
    return load_sample_image("china.jpg")  # a real 427 x 640 photograph


@pytest.mark.parametrize("size", [1, 3, 5])
def test_box_blur_kernel(size):
    expected = tf.ones((size, size)).numpy() / size**2
    compare(box_blur_kernel(size), expected, describe(size=size))


def test_sobel_finds_a_vertical_edge():
    gx_by_hand = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
    # On a dark|bright patch [[10, 10, 200]] * 3, TensorFlow gives 190 + 2*190 + 190 = 760.
    assert common.correlate2d([[10, 10, 200]] * 3, gx_by_hand)[0, 0] == 760
    gx, gy = sobel_kernels()
    compare(gx, gx_by_hand, "gx, the vertical-edge Sobel kernel")
    compare(gy, gx_by_hand.T, "gy, the horizontal-edge Sobel (gx transposed)")


def check_depthwise(x, filters, strides, padding):
    expected = common.depthwise_conv2d(x, filters, strides, padding)
    compare(
        depthwise_conv2d(x, filters, strides, padding),
        expected,
        describe(input=x.shape, filter=filters.shape, strides=strides, padding=padding),
        mistakes=oracle.depthwise_mistakes(x, filters, strides, padding),
    )


@pytest.mark.parametrize(
    "shape, filter_shape, strides, padding",
    [((1, 6, 5, 3), (3, 3, 3, 2), 1, "SAME"), ((2, 7, 7, 2), (2, 2, 2, 3), 2, "VALID"),
     ((2, 9, 6, 2), (3, 2, 2, 2), (2, 2), "SAME"), ((1, 8, 7, 3), (1, 3, 3, 1), 3, "VALID")],  # kernels not square
)  # fmt: skip
def test_depthwise_with_several_channels_and_filters_per_channel(shape, filter_shape, strides, padding):
    rng = np.random.default_rng(sum(shape))
    check_depthwise(rng.normal(size=shape), rng.normal(size=filter_shape), strides, padding)


@settings(max_examples=25, derandomize=True, deadline=None)
@given(
    st.integers(1, 2), st.integers(3, 9), st.integers(3, 9), st.integers(1, 3), st.integers(1, 3),
    st.integers(1, 3), st.integers(1, 3), st.integers(1, 3), st.sampled_from(["SAME", "VALID"]),
)  # fmt: skip
def test_depthwise_matches_tensorflow(n, h, w, channels, multiplier, kh, kw, stride, padding):
    # TF's depthwise kernel takes the same stride on both axes; the kernel may be any KH x KW.
    rng = np.random.default_rng(h * w + kh * kw)
    x, filters = rng.normal(size=(n, h, w, channels)), rng.normal(size=(kh, kw, channels, multiplier))
    check_depthwise(x, filters, (stride, stride), padding)


def test_blur_image_equals_the_zoo_blur_model(photo):
    expected, crop = blur_array(photo, 5), blur_array(photo[:60, :80], 3)
    compare(blur_image(photo), expected, "the china.jpg photo, size 5, against `python -m models blur`", dtype=np.uint8)
    compare(blur_image(photo[:60, :80], size=3), crop, "a crop, size 3", dtype=np.uint8)


@pytest.mark.parametrize(
    "call, why",
    [(lambda: box_blur_kernel(0), "size 0"),
     (lambda: depthwise_conv2d(np.ones((1, 5, 5, 3)), np.ones((3, 3, 2, 1)), 1, "SAME"), "2-channel filters on 3"),
     (lambda: depthwise_conv2d(np.ones((5, 5, 3)), np.ones((3, 3, 3, 1)), 1, "SAME"), "an input without batch"),
     (lambda: blur_image(np.ones((5, 5, 3))), "a float image"),
     (lambda: blur_image(np.ones((5, 5), np.uint8)), "an image without channels")],
)  # fmt: skip
def test_bad_input_raises_value_error(call, why):
    rejects(call, why)
