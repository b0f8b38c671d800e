"""Likely cause: the new head was put on the base's old softmax output (its predictions layer), which was kept."""

import keras

from solutions.ex31_transfer import class_indices, fine_tune  # noqa: F401


def transfer_model(base, num_classes, feature_layer="fc1", name="transfer"):
    base.trainable = False
    inputs = keras.Input(base.input_shape[1:])
    x = base(inputs, training=False)  # the whole base, its old softmax included
    outputs = keras.layers.Dense(num_classes, activation="softmax", name="new_predictions")(x)
    return keras.Model(inputs, outputs, name=name)
