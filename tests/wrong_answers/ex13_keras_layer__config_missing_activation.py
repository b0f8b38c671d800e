"""get_config() has no activation."""

import keras

from solutions import ex13_keras_layer as solved

ARGUMENTS = ("filters", "kernel_size", "strides", "padding", "use_bias")  # activation forgotten


@keras.saving.register_keras_serializable(package="exercises")
class Conv2DLayer(solved.Conv2DLayer):
    def get_config(self):
        config = super(solved.Conv2DLayer, self).get_config()  # keras.layers.Layer's: name, trainable, dtype
        config.update({name: getattr(self, name) for name in ARGUMENTS})
        return config
