"""A correct forward pass, written as a student would: it chains the student's own earlier exercises."""

import numpy as np

from .ex05_conv2d import conv2d
from .ex06_activations import relu, softmax
from .ex07_pooling import max_pool2d
from .ex08_dense import dense, flatten


def forward(images, conv_kernel, conv_bias, dense_weights, dense_bias):
    if np.shape(conv_bias) != (np.shape(conv_kernel)[-1],):
        raise ValueError(f"conv_bias must have one value per filter, got shape {np.shape(conv_bias)}")
    features = relu(conv2d(images, conv_kernel) + conv_bias)
    return softmax(dense(flatten(max_pool2d(features, 2, 2, "VALID")), dense_weights, dense_bias))
