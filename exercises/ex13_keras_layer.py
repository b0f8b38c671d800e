"""Exercise 13: your own Keras convolution layer.

So far your convolutions were plain NumPy: nothing learned. In Keras, a layer
holds weights and computes with backend ops, so ``model.fit`` can compute
gradients (exercise 12, done for you) and update the weights.

Write ``Conv2DLayer(filters, kernel_size, strides=1, padding="valid",
activation=None, use_bias=True)``, a ``keras.layers.Layer`` that does what
``keras.layers.Conv2D`` does:

- ``__init__``: keep every argument (kernel_size and strides may be an int
  or a pair; padding is "valid" or "same"; activation a name or None, via
  ``keras.activations.get``).
- ``build(input_shape)``: now the input channels are known. Create
  ``self.kernel`` of shape (KH, KW, C_in, filters) with ``self.add_weight``
  (initializer "glorot_uniform") and, if use_bias, ``self.bias`` of shape
  (filters,) (initializer "zeros"). Create the kernel first, then the bias,
  as Conv2D does, so ``set_weights`` takes the same list.
- ``call(inputs)``: ``keras.ops.conv(inputs, self.kernel, strides, padding)``,
  plus the bias, then the activation. No ``tf.nn.conv2d``: keras.ops runs
  on every Keras backend (with ``make test-backends``'s venv,
  ``KERAS_BACKEND=jax .venv-backends/bin/python -m pytest exercises -k ex13``
  checks your layer on JAX; ``torch`` on PyTorch).
- ``get_config()``: the base config plus every constructor argument, so that
  a saved ``.keras`` model can rebuild the layer.

The class is registered with ``@keras.saving.register_keras_serializable``
so ``keras.models.load_model`` can find it by name.

Checked against: ``keras.layers.Conv2D`` given the same weights; a model with
your layer trains on digits (its loss falls); a ``.keras`` save and load gives
the same predictions.
Bad input: ValueError for filters below 1 or a padding other than "valid"/"same".
"""

import keras


@keras.saving.register_keras_serializable(package="exercises")
class Conv2DLayer(keras.layers.Layer):
    """A 2-D convolution layer built on keras.ops."""

    def __init__(self, filters, kernel_size, strides=1, padding="valid", activation=None, use_bias=True, **kwargs):
        """Keeps every argument; the weights come in build().

        Args:
            filters (int): the output channels.
            kernel_size (int or pair of ints): K, or (KH, KW).
            strides (int or pair of ints): S, or (SH, SW).
            padding (str): "valid" or "same".
            activation (str or None): a name such as "relu", or None for none.
            use_bias (bool): whether to add a bias per filter.
        """
        super().__init__(**kwargs)
        raise NotImplementedError

    def build(self, input_shape):
        """Creates self.kernel, then self.bias (if use_bias), now that C_in is known.

        Args:
            input_shape (shape): (batch, H, W, C_in); the batch may be None.
        """
        raise NotImplementedError

    def call(self, inputs):
        """Returns the convolution of ``inputs``, plus the bias, through the activation.

        Args:
            inputs (array): the batch, (N, H, W, C_in).
        """
        raise NotImplementedError

    def get_config(self):
        raise NotImplementedError
