"""Claims of the course texts that the code corrects, shown against TensorFlow itself.

The exercise docstrings state these corrections in words; these tests keep the words true.
"""

import numpy as np
import pytest
from sklearn.datasets import load_sample_image

from course.oracles import common, ex03_output_size


@pytest.fixture(scope="module")
def photo():
    return load_sample_image("china.jpg")  # a real 427 x 640 photograph


def test_conv2d_with_a_5x5x3x3_kernel_turns_a_photo_grey_and_three_times_brighter(photo):
    # A common course example blurs a photo with tf.nn.conv2d and ones((5, 5, 3, 3)) / 25.
    x = photo[None].astype(float)
    all_channels = common.conv2d(x, np.ones((5, 5, 3, 3)) / 25, 1, "SAME")[0]
    per_channel = common.depthwise_conv2d(x, np.ones((5, 5, 3, 1)) / 25, 1, "SAME")[0]
    # Grey: the three output channels are identical.
    np.testing.assert_allclose(all_channels[..., 0], all_channels[..., 2])
    # Three times as bright: each is the sum of the three channel blurs.
    np.testing.assert_allclose(all_channels[..., 0], per_channel.sum(axis=-1), rtol=1e-9)
    assert all_channels.mean() == pytest.approx(3 * per_channel.mean(), rel=1e-9)
    # As uint8, most of the photo is washed out to white.
    assert np.mean(np.clip(all_channels, 0, 255) == 255) > 0.3
    # The depthwise blur keeps the colours: the channels still differ.
    assert np.abs(per_channel[..., 0] - per_channel[..., 2]).mean() > 5


def test_a_block_of_ones_and_an_anti_diagonal_kernel_give_8x8_up_to_3():
    # The course example prints a 10x10 output with a diagonal of ones and calls the kernel a
    # vertical-edge detector.
    image = np.zeros((10, 10))
    image[3:6, 3:6] = 1
    out = common.correlate2d(image, [[0, 0, 1], [0, 1, 0], [1, 0, 0]])
    assert out.shape == (8, 8) and out.max() == 3
    assert out[3, 3] == 3 and out[1, 3] == 1 and out[1, 1] == 0  # strongest on the anti-diagonal through the block


def test_same_padding_with_a_stride_does_not_keep_the_size():
    # P = (S(N - 1) - N + K) / 2 "for any stride" keeps N = 7 for K = 3, S = 2 (P = 4); SAME gives 4.
    assert ex03_output_size.output_size(7, 3, 2, "SAME", 1) == 4
    assert ex03_output_size.output_size(7, 3, 2, 4, 1) == 7
    assert common.same_pads(7, 3, 2) == (1, 1)


def test_a_dense_layer_counts_its_biases():
    import keras

    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(1000)])
    assert model.count_params() == 785_000 != 784 * 1000
