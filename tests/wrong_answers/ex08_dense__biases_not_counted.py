"""Likely cause: the biases were not counted"""

from solutions.ex08_dense import dense, flatten  # noqa: F401  (checked too)


def dense_param_count(n_in, n_out, use_bias=True):
    return n_in * n_out  # one weight per connection, and nothing else


def conv2d_param_count(kernel_size, in_channels, out_channels, use_bias=True):
    kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
    return kh * kw * in_channels * out_channels
