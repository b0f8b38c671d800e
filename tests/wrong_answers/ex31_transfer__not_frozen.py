"""Likely cause: the base was not frozen, so training changed it."""

import keras

from solutions.ex31_transfer import class_indices, fine_tune  # noqa: F401


def transfer_model(base, num_classes, feature_layer="fc1", name="transfer"):
    features = keras.Model(base.inputs, base.get_layer(feature_layer).output)  # never frozen
    inputs = keras.Input(base.input_shape[1:])
    outputs = keras.layers.Dense(num_classes, activation="softmax", name="predictions")(features(inputs))
    return keras.Model(inputs, outputs, name=name)
