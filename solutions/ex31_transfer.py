"""Solution to exercise 31: a frozen base, a new head, and its training on a few examples."""

import keras
import numpy as np

from solutions.common import positive_ints


def class_indices(labels, classes):
    classes = np.asarray(classes)
    labels = np.asarray(labels)
    missing = sorted(set(labels.ravel().tolist()) - set(classes.tolist()))
    if missing:
        raise ValueError(f"labels must be among classes {classes.tolist()}, got labels {missing}")
    # argmax of each label's row of matches: the index of the class it equals.
    return np.argmax(labels[..., None] == classes, axis=-1)


def transfer_model(base, num_classes, feature_layer="fc1", name="transfer"):
    positive_ints(num_classes=num_classes)
    names = [layer.name for layer in base.layers]
    if feature_layer not in names:
        raise ValueError(f"feature_layer must be one of the base's layers {names}, got {feature_layer!r}")
    features = keras.Model(base.inputs, base.get_layer(feature_layer).output, name=f"{name}_base")
    features.trainable = False  # before the model is compiled: fit reads what is trainable then
    inputs = keras.Input(base.input_shape[1:], name="image")
    # training=False: the base runs in inference mode even while the head trains (batch norm, dropout).
    x = features(inputs, training=False)
    outputs = keras.layers.Dense(num_classes, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, outputs, name=name)


def fine_tune(model, images, labels, classes, epochs=30, learning_rate=0.01):
    indices = class_indices(labels, classes)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])  # fmt: skip
    return model.fit(images, indices, epochs=epochs, verbose=0)
