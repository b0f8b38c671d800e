"""Exercise 20, the gradient of average pooling: tf.GradientTape's answer, and the known mistakes."""

import tensorflow as tf

from course.oracles.common import gradients, pair, same_as_explicit


def avg_pool2d_backward(grad_out, x, ksize, strides, padding):
    (grad,) = gradients(lambda v: tf.nn.avg_pool2d(v, ksize, strides, padding), [x], grad_out)
    return grad


def avg_pool_backward_mistakes(grad_out, x, ksize, strides, padding):
    (kh, kw) = pair(ksize)
    if padding != "SAME":
        # A window of KH x KW pixels whose gradient was shared out as if it held KH*KH (or KW*KW): the
        # gradient of an average pooling whose sums were divided by that many.
        return [
            ("the window's size was taken as KH*KH or KW*KW: a KH x KW window averages KH*KW pixels, "
             "so each of them gets grad_out / (KH*KW).",
             lambda size=size: avg_pool2d_backward(grad_out, x, ksize, strides, padding) * kh * kw / size)
            for size in (kh * kh, kw * kw)
        ]  # fmt: skip
    pads = same_as_explicit(x.shape, (kh, kw), strides)

    def counted_zeros(v):
        return tf.nn.avg_pool2d(tf.pad(v, pads), ksize, strides, "VALID")

    return [
        ("the padding zeros were counted: each window's gradient was shared among all KH*KW positions. "
         "TF's SAME average pooling divides by the real pixels of each window, so the gradient is shared "
         "among those only.", lambda: gradients(counted_zeros, [x], grad_out)[0]),
    ]  # fmt: skip
