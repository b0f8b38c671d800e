"""Likely cause: the activation was not applied"""

import keras

from solutions import ex13_keras_layer as solved


@keras.saving.register_keras_serializable(package="exercises")
class Conv2DLayer(solved.Conv2DLayer):
    def call(self, inputs):
        outputs = keras.ops.conv(inputs, self.kernel, strides=self.strides, padding=self.padding)
        if self.use_bias:
            outputs = outputs + self.bias
        return outputs  # self.activation is kept, but never called
