"""Exercise 31: transfer learning. Reuse what a network learned; train only a new head.

A network trained on one task has learned features (edges, strokes, loops)
that serve other tasks too. *Transfer learning* keeps those layers, the
**base**, exactly as they are, and trains only a new **head** on top of them
for the new task. With a few examples of each new class, training the whole
network would overfit them; training a small head on good features does not.

Here the base is LeNet (exercise 14) trained on the digits 0 to 4, and the
new task is the digits 5 to 9, with only 5 examples of each:

    image -> [LeNet's layers up to feature_layer, frozen] -> Dense(num_classes, softmax)
                                                             the new head: the only weights that train

1. ``class_indices(labels, classes)``: a head of 5 units predicts indices 0
   to 4, and ``"sparse_categorical_crossentropy"`` wants those indices as
   labels. Unit ``i`` stands for ``classes[i]``, so label 7 with classes
   ``(5, 6, 7, 8, 9)`` is index 2. Return each label's index in ``classes``;
   a label that is not among them is a ValueError.

2. ``transfer_model(base, num_classes, feature_layer="fc1", name="transfer")``,
   as ``keras.applications``'s models are built with ``include_top=False``:

   - the features: ``keras.Model(base.inputs, base.get_layer(feature_layer).output)``,
     LeNet cut after ``feature_layer`` (``"flatten"``, ``"fc1"`` or ``"fc2"``).
     The old head, the ``predictions`` layer with one unit per old class,
     is left behind.
   - **freeze** it: ``features.trainable = False``. Its weights then leave
     ``model.trainable_weights``, and ``fit`` never changes them.
   - a new ``keras.Input`` with the base's input shape, then
     ``features(inputs, training=False)``: ``training=False`` keeps the base
     in inference mode while the head trains, so that a BatchNormalization
     layer in it would keep its moving statistics (LeNet has none, but most
     pretrained bases do).
   - the new head: ``keras.layers.Dense(num_classes, activation="softmax",
     name="predictions")``, a softmax as every zoo model ends with.

   ValueError for a ``num_classes`` below 1, or a ``feature_layer`` the
   base does not have (name the layers it has).

3. ``fine_tune(model, images, labels, classes, epochs=30, learning_rate=0.01)``:
   compile with ``keras.optimizers.Adam(learning_rate)``, the loss
   ``"sparse_categorical_crossentropy"`` and ``metrics=["accuracy"]``, then
   ``model.fit`` on the images and their class indices (not the digits
   themselves) for ``epochs`` epochs; return what ``fit`` returns.

**When trainable is read.** In Keras 3, ``fit`` builds its training step the
first time it runs after ``compile``, from the weights that are trainable
then. Freezing before ``compile`` (or after it, before the first ``fit``)
works. But change ``trainable`` after the model has trained, and the old
step goes on training the old weights until you ``compile`` again, although
``model.trainable_weights`` already says otherwise.

Parameters, for LeNet on 32x32x1 cut at ``fc1`` (120 features) with a head of
5 classes: the frozen base keeps 156 + 2,416 + 48,120 = 50,692 weights; the
head has (120 + 1) * 5 = 605, the only trainable ones.

Checked against: a reference built from Keras layers, counted by Keras (all
parameters, and the trainable ones); the model must use the base's own
layers (not a copy), which must say ``trainable=False``; after
``transfer_model``, and after ``fine_tune`` on 5 examples of each digit 5 to
9, every weight of the base must be bit for bit what it learned. Last, the head on
the base trained on 0 to 4 must beat the same head on a random, untrained
base, trained the same way on the same examples (``fine_tune`` for 10 epochs
at a learning rate of 0.03): scored on held-out digits 5 to 9, shifted,
turned and zoomed a little as handwriting is (over 3 seeds, the median
accuracy must be 0.6 or more, and 0.05 higher). That is where the learned features
help: on clean, centred 8x8 digits, random features of this size already do
as well, since a linear head on almost any rich view of 64 pixels can tell
them apart.
"""


def class_indices(labels, classes):
    """Returns each label's index in ``classes``: class_indices([7, 5, 9], (5, 6, 7, 8, 9)) -> [2, 0, 4].

    Args:
        labels (array): int labels, each one of ``classes``.
        classes (tuple of ints): the classes, in the order of the head's units.

    Returns:
        An int array of the shape of ``labels``.
    """
    raise NotImplementedError


def transfer_model(base, num_classes, feature_layer="fc1", name="transfer"):
    """Returns a functional keras.Model: ``base`` up to ``feature_layer``, frozen, then a new softmax head.

    Args:
        base (Keras model): a trained functional model, such as the zoo's LeNet.
        num_classes (int): the new head's classes.
        feature_layer (str): the name of the base's layer whose output the head reads.
        name (str): the model's name.
    """
    raise NotImplementedError


def fine_tune(model, images, labels, classes, epochs=30, learning_rate=0.01):
    """Trains the model's head on ``images`` and their ``labels``; returns the History that ``fit`` returns.

    Args:
        model (Keras model): the model of ``transfer_model``.
        images (array): (N, H, W, C) float32 images.
        labels (array): N int labels, each one of ``classes``.
        classes (tuple of ints): the classes, in the order of the head's units.
        epochs (int): passes over the images.
        learning_rate (float): Adam's learning rate.
    """
    raise NotImplementedError
