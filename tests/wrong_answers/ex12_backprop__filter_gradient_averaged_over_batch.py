"""What differs: your grad_filters points in the right direction, but every value is 0.5 times the expected one

No named cause foresees this mistake: the line says what is true of the result."""

from solutions.ex12_backprop import conv2d_backward as solved
from solutions.ex12_backprop import max_pool2d_backward, relu_backward  # noqa: F401  (checked too)


def conv2d_backward(input, filters, grad_output, strides=1, padding="VALID"):
    grad_input, grad_filters = solved(input, filters, grad_output, strides, padding)
    # The filters' gradient averaged over the batch: it is the sum over the images.
    return grad_input, grad_filters / len(input)
