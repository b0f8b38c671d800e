"""Exercise 20, the gradient of average pooling: tf.GradientTape's answer, and the known mistake."""

import tensorflow as tf

from course.oracles.common import gradients, pair, same_as_explicit


def avg_pool2d_backward(grad_out, x, ksize, strides, padding):
    (grad,) = gradients(lambda v: tf.nn.avg_pool2d(v, ksize, strides, padding), [x], grad_out)
    return grad


def avg_pool_backward_mistakes(grad_out, x, ksize, strides, padding):
    if padding != "SAME":
        return []
    pads = same_as_explicit(x.shape, pair(ksize), strides)

    def counted_zeros(v):
        return tf.nn.avg_pool2d(tf.pad(v, pads), ksize, strides, "VALID")

    return [
        ("the padding zeros were counted: each window's gradient was shared among all KH*KW positions. "
         "TF's SAME average pooling divides by the real pixels of each window, so the gradient is shared "
         "among those only.", lambda: gradients(counted_zeros, [x], grad_out)[0]),
    ]  # fmt: skip
