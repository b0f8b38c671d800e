"""Solution to exercise 9: a forward pass through conv, ReLU, pooling and dense."""

import numpy as np

from solutions.ex05_conv2d import conv2d
from solutions.ex06_activations import relu, softmax
from solutions.ex07_pooling import max_pool2d
from solutions.ex08_dense import dense, flatten


def forward(images, conv_kernel, conv_bias, dense_weights, dense_bias):
    conv_bias = np.asarray(conv_bias, dtype=np.float64)
    if conv_bias.shape != (np.shape(conv_kernel)[-1],):
        raise ValueError(f"conv_bias must have one value per filter, got shape {conv_bias.shape}")
    features = relu(conv2d(images, conv_kernel, strides=1, padding="VALID") + conv_bias)
    pooled = max_pool2d(features, 2, 2, "VALID")
    return softmax(dense(flatten(pooled), dense_weights, dense_bias))
