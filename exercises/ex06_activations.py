"""Exercise 6: ReLU and softmax.

**ReLU** adds the non-linearity that lets stacked layers learn more
than one linear map: relu(x) = max(0, x), element by element. Applied to
the feature map [[-4, -4], [-4, -4]] it gives all zeros. Return a new array:
the caller's input must be left as it was (the checks look).

**Softmax** turns a vector of scores into probabilities that sum to 1:

    softmax(x)_i = exp(x_i) / sum over j of exp(x_j)

taken along ``axis``. Written as above it breaks: exp(1000) is inf in float64,
and inf / inf is nan. Since softmax(x) == softmax(x - c) for any c, subtract
the maximum along the axis first; then the largest exponent is exp(0) = 1.

Checked against: ``tf.nn.relu`` and ``tf.nn.softmax``, including scores around 1000.
Bad input: ValueError for an ``axis`` the input does not have.
"""


def relu(x):
    """Returns max(0, x) element-wise.

    Args:
        x (array): any shape.
    """
    raise NotImplementedError


def softmax(x, axis=-1):
    """Returns the softmax of ``x`` along ``axis``; numerically stable.

    Args:
        x (array): the scores, any shape.
        axis (int): the axis whose values sum to 1; negative counts from the end.
    """
    raise NotImplementedError
