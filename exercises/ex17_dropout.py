"""Exercise 17: inverted dropout, forward and backward, as ``keras.layers.Dropout``.

Dropout fights overfitting: in training, each value of a layer's output is
set to 0 at random, with probability ``rate``, so the network cannot lean on
any one feature. ``rate`` is the share **dropped** (Keras's meaning): with
rate 0.3 about 30% of the values become 0 and 70% are kept.

**Inverted dropout** scales the kept values up by 1 / (1 - rate) in
training, so that the expected output equals the input:

    mask = rng.random(x.shape) >= rate          # True: kept, with probability 1 - rate
    out  = where(mask, x / (1 - rate), 0)

E[out] = (1 - rate) * x / (1 - rate) = x, so at inference (``training`` false)
the layer does nothing at all: ``out`` is ``x``, unchanged, and the mask is
all True. (Older "non-inverted" dropout scaled by 1 - rate at inference
instead; Keras does all its scaling in training.) Example: x = [1, 2, 3, 4],
rate 0.5, mask [True, False, False, True] gives out = [2, 0, 0, 8].

``dropout_forward(x, rate, training, rng)`` returns ``(out, mask)``, the
mask a boolean array of x's shape; ``rng`` is a ``np.random.Generator``
(``np.random.default_rng(seed)``): draw the mask from it. The random numbers
differ from Keras's, so the tests check the rule, not the draw.

``dropout_backward(grad_out, mask, rate)`` returns dLoss/dx: out is x times
a constant (0 or 1 / (1 - rate)) at each position, so the gradient is
grad_out times that same constant.

Checked: on a large input the share of zeros is close to ``rate`` (as it is
for Keras's layer); kept values are exactly x / (1 - rate), the factor
Keras's layer applies; the mean of the output stays the mean of the input;
at inference the output is the input (as Keras's); the mask comes from
``rng`` alone (the same seed gives the same mask whatever NumPy's global
generator holds, another seed another mask, and ``np.random``'s global
state is left untouched); and the backward pass equals ``tf.GradientTape``
through ``keras.layers.Dropout``, given the mask that layer drew.
Bad input: ValueError for a rate outside [0, 1) (rate 1 would divide by 0)
and for a mask of another shape than grad_out.
"""


def dropout_forward(x, rate, training, rng):
    """Returns (out, mask): x with a random share ``rate`` of values zeroed and the rest scaled up.

    Args:
        x (array): any shape.
        rate (float): the share dropped, from 0 up to (not including) 1.
        training (bool): False returns x unchanged.
        rng (Generator): np.random.default_rng(seed): draw the mask from it.
    """
    raise NotImplementedError


def dropout_backward(grad_out, mask, rate):
    """Returns dLoss/dx for dropout_forward in training mode, given its mask.

    Args:
        grad_out (array): dLoss/dout.
        mask (array): the bool mask dropout_forward returned, of grad_out's shape.
        rate (float): the share dropped.
    """
    raise NotImplementedError
