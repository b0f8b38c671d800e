"""Exercise 6, ReLU and softmax: the known mistakes, computed by TensorFlow run the wrong way."""

import tensorflow as tf


def softmax_mistakes(x, axis):
    x = tf.constant(x, tf.float64)
    exp = tf.exp(x)
    wrong_axes = [a for a in range(len(x.shape)) if a != axis % len(x.shape)]

    def no_keepdims(shift):
        """exp(x - shift) over its sum taken without keepdims, broadcast as NumPy would."""
        try:
            shifted = tf.exp(x - shift)
            return (shifted / tf.reduce_sum(shifted, axis=axis)).numpy()
        except tf.errors.InvalidArgumentError:  # the shapes don't even broadcast: that mistake crashes instead
            return None

    # The maximum subtracted is the whole array's, or the axis's with or without keepdims.
    shifts = (tf.reduce_max(x), tf.reduce_max(x, axis=axis, keepdims=True), tf.reduce_max(x, axis=axis))
    return [
        *(("softmax was taken over the wrong axis.", lambda a=a: tf.nn.softmax(x, axis=a).numpy()) for a in wrong_axes),
        ("the maximum was not subtracted first, so exp() overflowed to inf, and inf / inf is NaN. "
         "softmax(x) == softmax(x - max(x)): subtract the maximum along the axis.",
         lambda: (exp / tf.reduce_sum(exp, axis=axis, keepdims=True)).numpy()),
        *(("the sum was taken without keepdims=True, so dividing by it broadcast along the wrong axis.",
           lambda shift=shift: no_keepdims(shift)) for shift in shifts),
    ]  # fmt: skip


RELU_ABS = ("ReLU was computed as abs(x). ReLU keeps positive values and turns negative ones into 0: "
            "max(0, x).")  # fmt: skip
