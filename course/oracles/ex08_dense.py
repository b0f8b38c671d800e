"""Exercise 8, flatten, dense layers and parameter counts: Keras's counts, and the known mistakes.

The answers come from Keras layers (the dense layers are built in the tests themselves); a wrong count
is Keras's count of the layer as the mistake sees it.
"""

import keras

BIAS_LEFT_OUT = "the bias was left out: dense is x @ weights + bias."
CHANNELS_FIRST = (
    "the axes were flattened channels first, as transpose(0, 3, 1, 2) would: Keras's Flatten keeps "
    "NHWC's row-major order, reshape(batch, -1)."
)
BIASES_NOT_COUNTED = "the biases were not counted: there is one per output neuron (or filter)."
INPUT_CHANNELS_NOT_COUNTED = "the input channels were not counted: each filter is k x k x in_channels."


def keras_count(layer, input_shape):
    """The parameters of ``layer`` on inputs of ``input_shape`` (batch axis left out), as Keras counts them."""
    return keras.Sequential([keras.Input(input_shape), layer]).count_params()


def dense_count_mistakes(n_in, n_out):
    return [(BIASES_NOT_COUNTED, lambda: keras_count(keras.layers.Dense(n_out, use_bias=False), (n_in,)))]


def conv_count_mistakes(kernel_size, in_channels, out_channels, use_bias):
    """The counts of a conv layer as each mistake sees it: on one input channel, or without biases."""

    def count(channels, bias):
        return keras_count(keras.layers.Conv2D(out_channels, kernel_size, use_bias=bias), (28, 28, channels))

    return [
        (INPUT_CHANNELS_NOT_COUNTED, lambda: count(1, use_bias)),
        (BIASES_NOT_COUNTED, lambda: count(in_channels, False)),
    ]
