"""What differs: the answer is a part of your result: your result[:, ::2, 1::2, :] equals it

No named cause foresees this mistake: the line says what is true of the result."""

import keras

from solutions import ex13_keras_layer as solved


@keras.saving.register_keras_serializable(package="exercises")
class Conv2DLayer(solved.Conv2DLayer):
    def call(self, inputs):
        outputs = keras.ops.conv(inputs, self.kernel, padding=self.padding)  # self.strides is kept, never used
        if self.use_bias:
            outputs = outputs + self.bias
        return self.activation(outputs)
