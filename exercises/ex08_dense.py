"""Exercise 8: flatten, dense layers and counting parameters.

At the end of a CNN the feature maps are **flattened** into one vector per
image, (N, H, W, C) -> (N, H*W*C), and **dense** (fully connected) layers
compute ``x @ weights + bias``, with weights of shape (n_in, n_out). A 2x2
ReLU output of zeros flattens to [0, 0, 0, 0]; with W = [0.5, -0.2, 0.1, 0.4]
and b = 0.1, y = 0 + 0.1 = 0.1: the bias alone.

**Why CNNs exist**: a dense layer connects every input to every output. A
28x28 image into 1,000 neurons needs 784 * 1000 = 784,000 weights (a count
often quoted as the total) **plus 1,000 biases: 785,000 parameters**, the number
Keras reports. A conv layer shares one small filter across the whole image:
32 filters of 3x3 on that image need only (3*3*1 + 1) * 32 = 320, whatever
the image size.

Implement:
- ``flatten(x)``: keep the batch axis, flatten the rest in row-major (C) order, as Keras does;
- ``dense(x, weights, bias)``: (N, n_in) @ (n_in, n_out) + (n_out,);
- ``dense_param_count(n_in, n_out, use_bias=True)``;
- ``conv2d_param_count(kernel_size, in_channels, out_channels, use_bias=True)``,
  kernel_size an int or a pair.

Checked against: ``keras.layers.Flatten`` and ``keras.layers.Dense`` given the
same weights, and Keras's ``count_params()``.
Bad input: ValueError for a 1-D input to flatten, a shape mismatch between
x, weights and bias, or a count argument below 1.
"""


def flatten(x):
    """Returns x reshaped to (batch, features).

    Args:
        x (array): a batch, (N, ...) with at least 2 axes.
    """
    raise NotImplementedError


def dense(x, weights, bias):
    """Returns x @ weights + bias.

    Args:
        x (array): (N, n_in).
        weights (array): (n_in, n_out).
        bias (array): (n_out,).
    """
    raise NotImplementedError


def dense_param_count(n_in, n_out, use_bias=True):
    """Returns the number of parameters of a dense layer.

    Args:
        n_in (int): the inputs.
        n_out (int): the neurons.
        use_bias (bool): whether each neuron has a bias.
    """
    raise NotImplementedError


def conv2d_param_count(kernel_size, in_channels, out_channels, use_bias=True):
    """Returns the number of parameters of a conv layer.

    Args:
        kernel_size (int or pair of ints): K, or (KH, KW).
        in_channels (int): C_in.
        out_channels (int): C_out, the filters.
        use_bias (bool): whether each filter has a bias.
    """
    raise NotImplementedError
