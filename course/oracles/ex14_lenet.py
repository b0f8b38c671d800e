"""Exercise 14, build LeNet from the zoo's blocks: the zoo's own LeNet is the answer.

The student's model is built in its own process (``course/keras_drivers.py`` reports its layer shapes,
parameter count and outputs); the answer is ``models.build("lenet", ...)``, the same network from the
same blocks, built here.
"""

import keras

import models


def zoo_lenet(input_shape, num_classes, seed=None):
    """The zoo's LeNet for this input and number of classes; with ``seed``, its weights drawn from that seed."""
    if seed is not None:
        keras.utils.set_random_seed(seed)
    return models.build("lenet", input_shape=input_shape, num_classes=num_classes)


def layer_shapes(model):
    """Each layer's output shape without the batch axis, the input layer left out."""
    return [tuple(layer.output.shape[1:]) for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
