"""Solution to exercise 14: LeNet-5 from the zoo's blocks."""

import keras

from models.blocks import classifier_head, conv_block


def build_lenet(input_shape=(32, 32, 1), num_classes=10):
    inputs = keras.Input(shape=input_shape)
    x = conv_block(inputs, 1, filters=6, kernel_size=5, padding="valid")
    x = conv_block(x, 2, filters=16, kernel_size=5, padding="valid")
    return keras.Model(inputs, classifier_head(x, num_classes, units=(120, 84)))
