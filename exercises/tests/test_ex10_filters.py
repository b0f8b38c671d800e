import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.datasets import load_sample_image

from exercises import oracle
from exercises.harness import check, describe, load
from models.images import blur_array

exercise = load("ex10_filters")
box_blur_kernel, sobel_kernels = exercise.box_blur_kernel, exercise.sobel_kernels
depthwise_conv2d, blur_image = exercise.depthwise_conv2d, exercise.blur_image


@pytest.fixture(scope="module")
def photo():
    return load_sample_image("china.jpg")  # a real 427 x 640 photograph


@pytest.mark.parametrize("size", [1, 3, 5])
def test_box_blur_kernel(size):
    check(box_blur_kernel(size), oracle.tf.ones((size, size)).numpy() / size**2, describe(size=size))


def test_sobel_finds_the_seed_vertical_edge():
    gx, gy = sobel_kernels()
    check(gx, [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], "gx, seed 002's vertical-edge Sobel")
    check(gy, np.transpose(gx), "gy, the horizontal-edge Sobel (gx transposed)")
    patch = np.array([[10.0, 10.0, 200.0]] * 3)[None, :, :, None]
    check(oracle.conv2d(patch, np.asarray(gx, float)[:, :, None, None])[0, 0, 0, 0], 760.0,
          "gx on seed 002's dark|bright patch")  # fmt: skip


def check_depthwise(x, filters, strides, padding):
    check(
        depthwise_conv2d(x, filters, strides, padding),
        oracle.depthwise_conv2d(x, filters, strides, padding),
        describe(input=x.shape, filter=filters.shape, strides=strides, padding=padding),
        mistakes=[(oracle.STRIDE_IGNORED, lambda: oracle.depthwise_conv2d(x, filters, 1, padding))],
    )


@settings(max_examples=25, derandomize=True, deadline=None)
@given(
    st.integers(1, 2), st.integers(3, 9), st.integers(3, 9), st.integers(1, 3), st.integers(1, 3),
    st.integers(1, 3), st.integers(1, 3), st.sampled_from(["SAME", "VALID"]),
)  # fmt: skip
def test_depthwise_matches_tensorflow(n, h, w, channels, multiplier, k, stride, padding):
    rng = np.random.default_rng(h * w + k)
    x, filters = rng.normal(size=(n, h, w, channels)), rng.normal(size=(k, k, channels, multiplier))
    check_depthwise(x, filters, (stride, stride), padding)


def test_blur_image_equals_the_zoo_blur_model(photo):
    blurred = blur_image(photo)
    assert isinstance(blurred, np.ndarray) and blurred.dtype == np.uint8 and blurred.shape == photo.shape
    check(blurred, blur_array(photo, 5), "the china.jpg photo, size 5, against `python -m models blur`")
    check(blur_image(photo[:60, :80], size=3), blur_array(photo[:60, :80], 3), "a crop, size 3")


def test_seed_003_conv2d_kernel_turns_the_photo_grey_and_three_times_brighter(photo):
    x = photo[None].astype(float)
    seed_output = oracle.conv2d(x, np.ones((5, 5, 3, 3)) / 25, 1, "SAME")[0]
    per_channel = oracle.depthwise_conv2d(x, np.ones((5, 5, 3, 1)) / 25, 1, "SAME")[0]
    # Grey: the three output channels are identical.
    np.testing.assert_allclose(seed_output[..., 0], seed_output[..., 2])
    # Three times as bright: each is the sum of the three channel blurs.
    np.testing.assert_allclose(seed_output[..., 0], per_channel.sum(axis=-1), rtol=1e-9)
    assert seed_output.mean() == pytest.approx(3 * per_channel.mean(), rel=1e-9)
    # As uint8, most of the photo is washed out to white.
    assert np.mean(np.clip(seed_output, 0, 255) == 255) > 0.3
    # The depthwise blur keeps the colours: the channels still differ.
    assert np.abs(per_channel[..., 0] - per_channel[..., 2]).mean() > 5


@pytest.mark.parametrize(
    "call",
    [lambda: box_blur_kernel(0), lambda: depthwise_conv2d(np.ones((1, 5, 5, 3)), np.ones((3, 3, 2, 1)), 1, "SAME"),
     lambda: depthwise_conv2d(np.ones((5, 5, 3)), np.ones((3, 3, 3, 1)), 1, "SAME"),
     lambda: blur_image(np.ones((5, 5, 3))), lambda: blur_image(np.ones((5, 5), np.uint8))],
)  # fmt: skip
def test_bad_input_raises_value_error(call):
    with pytest.raises(ValueError):
        call()
