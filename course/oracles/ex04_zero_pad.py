"""Exercise 4, zero padding: tf.pad's answer, and the known mistakes of padding the wrong axes."""

import tensorflow as tf


def pad_pairs(pad):
    """An int or ((top, bottom), (left, right)) -> ((top, bottom), (left, right))."""
    return ((pad, pad), (pad, pad)) if isinstance(pad, int) else tuple(tuple(p) for p in pad)


def zero_pad(x, pad):
    (top, bottom), (left, right) = pad_pairs(pad)
    return tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]).numpy()


def zero_pad_mistakes(x, pad):
    (top, bottom), (left, right) = pad_pairs(pad)
    return [
        ("(top, bottom) and (left, right) were swapped: the first pair pads the height (axis 1).",
         lambda: tf.pad(x, [[0, 0], [left, right], [top, bottom], [0, 0]]).numpy()),
        ("the batch axis was padded too: pad height and width only, with (0, 0) for batch and channels.",
         lambda: tf.pad(x, [[top, bottom], [top, bottom], [left, right], [0, 0]]).numpy()),
        ("the channels were padded too: pad height and width only, with (0, 0) for batch and channels.",
         lambda: tf.pad(x, [[0, 0], [top, bottom], [left, right], [left, right]]).numpy()),
        ("every axis was padded, batch and channels too, as np.pad(x, p) does with a single number: "
         "give np.pad four pairs, ((0, 0), (top, bottom), (left, right), (0, 0)).",
         lambda: tf.pad(x, [[top, bottom], [top, bottom], [left, right], [left, right]]).numpy()),
    ]  # fmt: skip


MISSING_CHANNEL_PAIR = (
    "np.pad got fewer (before, after) pairs than the input has axes. An NHWC batch has four: "
    "((0, 0), (top, bottom), (left, right), (0, 0)); the channel pair (0, 0) is easy to forget."
)
