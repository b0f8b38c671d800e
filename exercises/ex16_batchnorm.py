"""Exercise 16: batch normalisation, forward and backward, as ``keras.layers.BatchNormalization``.

Deep networks train faster when each layer's inputs keep a steady scale.
Batch normalisation standardises each channel over the batch, then lets the
network rescale it with two learned weights per channel, gamma and beta:

    x_hat = (x - mean) / sqrt(variance + epsilon)
    out   = gamma * x_hat + beta

For NHWC input (N, H, W, C) there is **one mean and one variance per
channel**, taken over the batch, the height and the width: axes (0, 1, 2),
so mean, variance, gamma and beta all have shape (C,). Epsilon sits inside
the square root (it keeps a constant channel from dividing by 0).

**Training and inference.** In training (``training=True``) the layer uses
the statistics of the batch in front of it, and updates two running
averages, the *moving* mean and variance, for later:

    new_moving_mean     = momentum * moving_mean     + (1 - momentum) * mean
    new_moving_variance = momentum * moving_variance + (1 - momentum) * variance

With Keras's momentum of 0.99 the moving values keep 99% of what they were:
they average the last hundred or so batches. At inference
(``training=False``) the batch's own statistics are not used at all: the
layer normalises with the moving mean and variance, and returns them
unchanged. So one image gets the same output whatever batch it comes in.

**Which variance.** Keras 3 (checked against the real layer) uses the
*biased* variance, the mean of (x - mean)**2 divided by n = N*H*W, both to
normalise and to update the moving variance: ``x.var(axis=(0, 1, 2))``.
Some frameworks update the moving variance with the unbiased one (divided by
n - 1); Keras does not.

**Worked example** (checked against Keras in the tests). One 2x2 image with
one channel, x = [[1, 2], [3, 6]], gamma = 2, beta = 1, moving mean 0,
moving variance 1, training, momentum 0.99, epsilon 1e-3:
mean = 3; variance = (4 + 1 + 0 + 9) / 4 = 3.5; sqrt(3.5 + 0.001) = 1.8711;
out = 2 * (x - 3) / 1.8711 + 1 = [[-1.1378, -0.0689], [1.0, 4.2067]];
new moving mean = 0.99 * 0 + 0.01 * 3 = 0.03; new moving variance =
0.99 * 1 + 0.01 * 3.5 = 1.025 (the unbiased 14 / 3 would give 1.0367).

**Backward** (training mode). Given grad_out = dLoss/dout, return
(grad_x, grad_gamma, grad_beta). grad_beta and grad_gamma sum grad_out and
grad_out * x_hat over axes (0, 1, 2). grad_x is the part to think about:
each x moves its own x_hat, but also the mean and the variance that every
x_hat of its channel is normalised with. With all three paths, per channel:

    grad_x = gamma / sqrt(variance + epsilon)
             * (grad_out - mean(grad_out) - x_hat * mean(grad_out * x_hat))

(the means over axes (0, 1, 2)). Derive it, or at least check why each of
the two subtracted terms is there.

Checked against: a float64 ``keras.layers.BatchNormalization`` (its output
and moving statistics over several training steps, and at inference) and
``tf.GradientTape`` through it, plus central differences.
Bad input: ValueError for an x that is not 4-D, a gamma, beta or moving
statistic that is not of shape (C,), a grad_out of another shape than x, a
momentum outside [0, 1], or an epsilon that is not above 0.
"""


def batchnorm_forward(x, gamma, beta, moving_mean, moving_variance, training, momentum=0.99, epsilon=1e-3):
    """Returns (out, new_moving_mean, new_moving_variance).

    Args:
        x (array): the batch, (N, H, W, C).
        gamma (array): (C,).
        beta (array): (C,).
        moving_mean (array): (C,).
        moving_variance (array): (C,).
        training (bool): True to use and fold in the batch's statistics, False to use the moving ones.
        momentum (float): from 0 to 1.
        epsilon (float): above 0.
    """
    raise NotImplementedError


def batchnorm_backward(grad_out, x, gamma, epsilon=1e-3):
    """Returns (grad_x, grad_gamma, grad_beta) for batchnorm_forward in training mode.

    Args:
        grad_out (array): dLoss/dout, of x's shape.
        x (array): the batch, (N, H, W, C).
        gamma (array): (C,).
        epsilon (float): above 0.
    """
    raise NotImplementedError
