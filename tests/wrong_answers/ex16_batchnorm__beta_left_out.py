"""What differs: every value of your out is the answer's minus 1

No named cause foresees this mistake: the line says what is true of the result."""

from solutions.ex16_batchnorm import batchnorm_backward  # noqa: F401  (checked too)
from solutions.ex16_batchnorm import batchnorm_forward as solved


def batchnorm_forward(x, gamma, beta, moving_mean, moving_variance, training, momentum=0.99, epsilon=1e-3):
    # gamma scales the normalised values, but beta is never added
    return solved(x, gamma, 0 * beta, moving_mean, moving_variance, training, momentum, epsilon)
