"""The oracles: what TensorFlow and Keras say each exercise should give, and the mistakes that give something else.

``common`` holds what several exercises share: the ``tf.nn`` answers in float64 and the stride, flip
and SAME-padding mistakes. Each ``exNN_<module>``, named like its exercise, holds that exercise's own
answers and named mistakes, and imports only ``common``.
"""
