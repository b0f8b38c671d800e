"""Exercise 23: a CNN made only of your own functions, trained on digits. The capstone.

Every piece of a convolutional network is now yours: convolution (5 or 11),
ReLU (6), max pooling (7), flatten and dense (8), the loss (18), the
backward passes (12) and an optimizer (19). Put them together into a network
that learns, with no framework at all:

    images (N, 8, 8, 1)
    -> conv 3x3, SAME, filters[0] + bias -> ReLU -> max pool 2x2 (stride 2, VALID)   (N, 4, 4, f0)
    -> conv 3x3, SAME, filters[1] + bias -> ReLU -> max pool 2x2 (stride 2, VALID)   (N, 2, 2, f1)
    -> flatten -> dense to num_classes                                               (N, 10): logits

Import your earlier functions, e.g. ``from exercises.ex11_im2col import
conv2d_im2col`` (im2col is much faster than exercise 5's loop, and speed
matters here: an epoch is 34 batches).

**``NumpyCNN(input_shape=(8, 8, 1), filters=(8, 16), num_classes=10,
optimizer="adam", learning_rate=0.02, seed=0)``**:

- the weights, in Keras's order and shapes, so the checks can compare with
  the same network in Keras: conv1 kernel (3, 3, C, f0), conv1 bias (f0,),
  conv2 kernel (3, 3, f0, f1), conv2 bias (f1,), dense kernel
  (H/4 * W/4 * f1, num_classes), dense bias (num_classes,). Start the kernels
  random from ``np.random.default_rng(seed)`` (He's normal: standard
  deviation sqrt(2 / fan_in), fan_in = the product of all but the last axis)
  and the biases at 0;
- ``get_weights()`` returns that list (copies); ``set_weights(weights)``
  replaces it;
- ``forward(images)`` returns the logits;
- ``train_step(images, labels)`` runs forward, ``softmax_cross_entropy``, the
  backward pass, then one optimizer step on every weight, and returns the
  batch's loss (from before the step, as Keras reports it). ``optimizer`` is
  "sgd" (plain: ``sgd_momentum`` with momentum 0) or "adam" (``adam``, with
  its m, v and step count t per network). Keep ``learning_rate`` as an
  attribute: training lowers it as it goes.

The backward pass walks the forward pass in reverse, with what each stage
got as input: dense (grad_weights = features.T @ grad_logits, grad_bias =
grad_logits summed over the batch, grad_features = grad_logits @
weights.T), reshape to the pooled shape, ``max_pool2d_backward``,
``relu_backward``, ``conv2d_backward``; a conv bias's gradient is the
gradient after ReLU summed over N, H and W.

**``digits_splits(seed=0)``** returns {"train": (images, labels),
"validation": ..., "test": ...}: scikit-learn's 1,797 digits, the same
split as the zoo's, so the test digits stay unseen in training:

    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    digits = load_digits()
    images, labels = (digits.images / 16.0)[..., None], digits.target   # (n, 8, 8, 1) in [0, 1]
    rest, test = train_test_split(np.arange(len(labels)), test_size=0.2, stratify=labels, random_state=seed)
    train, validation = train_test_split(rest, test_size=0.25, stratify=labels[rest], random_state=seed)

1,077 training, 360 validation and 360 test images.

**``train_numpy_cnn(epochs, seed)``** builds ``NumpyCNN(seed=seed)`` and
trains it on the training split for ``epochs`` epochs, calling its
``train_step`` on batches of 32 shuffled each epoch with one
``np.random.default_rng(seed)``, and returns it. A
recipe that works: Adam, with the learning rate lowered every epoch from
0.02 towards 0 along a cosine, 0.02 * (1 + cos(pi * epoch / epochs)) / 2.
Big steps find the way; small ones settle at the end.

**The target: ``train_numpy_cnn(10, seed=0)`` reaches at least 95% on the
360 test digits in under 60 seconds.** The reference solution (im2col) takes
about 2 s on a 2-core machine and reaches a median of 96.9% over seeds 0 to 9
(96.4% at worst); an epoch costs about as much as the same network's epoch
in Keras (``benchmarks/numpy_cnn.py``).

Checked: one training step equals the same step in Keras. With the same
float64 weights and batch, your logits, your loss and every weight after
one SGD step (and after two Adam steps) agree with a Keras model of the same
layers trained by ``tf.GradientTape``, to 1e-6. Then ``train_numpy_cnn(10,
0)`` must reach 95% on the test split within 60 s, and ``digits_splits`` must
give the zoo's split. Every random number comes from the seed given, and
from nothing else: the same seed gives the same weights, split and training
(whatever NumPy's global generator holds), another seed other ones, and
``np.random``'s global state is left untouched. The training batches come
in a new order each epoch.
"""


def digits_splits(seed=0):
    """Returns {"train": (images, labels), "validation": (...), "test": (...)}, the zoo's digits split.

    Args:
        seed (int): train_test_split's random_state.
    """
    raise NotImplementedError


class NumpyCNN:
    """conv-relu-pool, conv-relu-pool, flatten, dense: a CNN in NumPy that trains itself."""

    def __init__(self, input_shape=(8, 8, 1), filters=(8, 16), num_classes=10, optimizer="adam",
                 learning_rate=0.02, seed=0):  # fmt: skip
        """Makes the weights (the kernels from np.random.default_rng(seed), the biases 0) and the optimizer's state.

        Args:
            input_shape (tuple of 3 ints): (H, W, C), H and W divisible by 4.
            filters (pair of ints): the two convolutions' filters.
            num_classes (int): the logits per image.
            optimizer (str): "sgd" or "adam".
            learning_rate (float): the optimizer's; training may lower it.
            seed (int): for np.random.default_rng(seed), which draws the kernels.
        """
        raise NotImplementedError

    def get_weights(self):
        """Returns [conv1 kernel, conv1 bias, conv2 kernel, conv2 bias, dense kernel, dense bias]."""
        raise NotImplementedError

    def set_weights(self, weights):
        """Replaces the weights with ``weights``, a list in get_weights's order and shapes.

        Args:
            weights (list of arrays): in get_weights's order and shapes.
        """
        raise NotImplementedError

    def forward(self, images):
        """Returns the logits (N, num_classes) of images (N, H, W, C).

        Args:
            images (array): (N, H, W, C).
        """
        raise NotImplementedError

    def train_step(self, images, labels):
        """One forward, backward and optimizer step on a batch; returns the batch's loss before the step.

        Args:
            images (array): the batch, (N, H, W, C).
            labels (array): N ints, the classes.
        """
        raise NotImplementedError


def train_numpy_cnn(epochs, seed):
    """Returns a NumpyCNN trained on the digits training split.

    Args:
        epochs (int): the passes over the training split.
        seed (int): for the network's kernels and the shuffling.
    """
    raise NotImplementedError
