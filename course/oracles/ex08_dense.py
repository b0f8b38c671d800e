"""Exercise 8, flatten, dense layers and parameter counts: the known mistakes, in words.

The answers come from Keras layers, built in the tests themselves.
"""

BIAS_LEFT_OUT = "the bias was left out: dense is x @ weights + bias."
CHANNELS_FIRST = (
    "the axes were flattened channels first, as transpose(0, 3, 1, 2) would: Keras's Flatten keeps "
    "NHWC's row-major order, reshape(batch, -1)."
)
BIASES_NOT_COUNTED = "the biases were not counted: there is one per output neuron (or filter)."
