"""Exercise 30: saliency maps and adversarial examples, from the gradient with respect to the input.

Training asks how the loss changes when a *weight* changes. Ask instead how
the output changes when an *input pixel* changes, and you get two famous tools
from one gradient, taken with ``tf.GradientTape`` on a trained model.

**Saliency maps** (Simonyan, Vedaldi and Zisserman, 2014): which pixels
matter most for the class the model sees? Differentiate the class's score,
its **logit** (the model's output before any softmax), with respect to the
image. A pixel whose small change would move the score a lot matters; so the
map is the gradient's size, ``abs(gradient)``, and for a colour image the
largest of each pixel's channels:

    saliency[i, h, w] = max over c of | d logits[i, class_index[i]] / d x[i, h, w, c] |

Not the probability: a confident softmax hardly moves, and its gradient mixes
in every other class. Not the loss either: the score itself.

**Adversarial examples**: the fast gradient sign method, FGSM (Goodfellow,
Shlens and Szegedy, 2015). Differentiate the **loss** with respect to the
image, and move every pixel by exactly ``epsilon`` in the direction that makes
the loss *larger*:

    x_adversarial = x + epsilon * sign(d loss / d x)

where the loss is the sparse categorical cross-entropy of the model's logits
against the true labels y. A change too small for you to see is often enough
for the network to answer another class: on the digits, the zoo's trained
LeNet gets most test digits wrong after a step of 0.1 (pixels are 0 to 1).
No clipping: this function returns the step as it is; keeping the pixels in
their range is the caller's choice.

How to get a gradient with respect to an input. ``x`` is not a variable, so
the tape must be told to follow it::

    x = tf.convert_to_tensor(x, tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(x)
        logits = model(x, training=False)
        score = ...                      # one number computed from the logits
    gradient = tape.gradient(score, x)   # the shape of x

With a batch, add the images' scores (or losses) into that one number: image
i's score depends on image i alone, so the gradient of the sum at image i is
that image's own gradient. ``tf.gather(logits, classes, axis=1,
batch_dims=1)`` picks logits[i, classes[i]] for every i. For the loss,
``keras.losses.SparseCategoricalCrossentropy(from_logits=True)`` or
``tf.nn.sparse_softmax_cross_entropy_with_logits``: the model returns logits,
so say so (Keras's losses expect probabilities otherwise).

Worked example, a linear model (no hidden layer, no bias): logits =
flatten(x) @ W. The gradient of logit k is then W's column k, whatever x is.
For images of 1 x 2 pixels with 2 channels, say class 1's weights are

    pixel (0, 0): [0.5, -2.0]      pixel (0, 1): [1.0, 0.25]

so ``saliency(model, x, 1)`` is [[2.0, 1.0]] for every image (the largest
abs of each pixel's two weights). With two classes, the gradient of the loss
for label y points towards the other class: its sign is sign(W_other -
W_y). If class 0's weights are [1.0, 0.0] and [-0.5, 3.0], then for y = 1
the signs are [+, +] and [-, +], so with epsilon 0.1 an image of 0.5
everywhere becomes [[0.6, 0.6], [0.4, 0.6]] (pixel (0, 0)'s channels, then
pixel (0, 1)'s).

Checked against: ``tf.GradientTape`` on small seeded Keras models that return
logits, on non-square batches of 1 and 3 channels with one class for all the
images or one each; FGSM against Keras's
``SparseCategoricalCrossentropy(from_logits=True)``; and the worked examples
above.
Bad input: ValueError for an x that is not 4-D, a class_index or y with the
wrong number of values or a class the model does not have, and an epsilon
below 0.
"""


def saliency(model, x, class_index):
    """Returns the saliency maps (N, H, W): max over channels of abs(d logits[i, class] / d x[i]).

    Args:
        model (Keras model): takes (N, H, W, C) images and returns logits (N, classes), no softmax.
        x (array or tensor): the images, (N, H, W, C).
        class_index (int or array or list of numbers): the class to explain: one int for every image,
            or one int per image (N of them), each from 0 to classes - 1.

    Returns:
        A NumPy float32 array (N, H, W) (``tensor.numpy()`` converts a tensor).
    """
    raise NotImplementedError


def fgsm(model, x, y, epsilon):
    """Returns x + epsilon * sign(d loss / d x): FGSM's adversarial images, not clipped.

    The loss is the sparse categorical cross-entropy of model(x) (logits) against y. Whether it is the
    mean over the batch or the sum does not matter here: that only scales the gradient by N, and the
    sign stays the same.

    Args:
        model (Keras model): takes (N, H, W, C) images and returns logits (N, classes), no softmax.
        x (array or tensor): the images, (N, H, W, C).
        y (array or tensor): the true labels, one int per image (N of them).
        epsilon (float): how far each pixel moves, at least 0.

    Returns:
        A NumPy float32 array of x's shape.
    """
    raise NotImplementedError
