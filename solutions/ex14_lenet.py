"""Solution to exercise 14: LeNet-5 from the zoo's blocks."""

import keras

from models.blocks import classifier_head, conv_block


def build_lenet(input_shape=(32, 32, 1), num_classes=10):
    inputs = keras.Input(shape=input_shape)
    x = conv_block(inputs, 6, kernel_size=5, padding="valid", name="block1")
    x = conv_block(x, 16, kernel_size=5, padding="valid", name="block2")
    return keras.Model(inputs, classifier_head(x, num_classes, units=(120, 84)))
