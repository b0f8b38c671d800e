"""Exercise 23, a NumPy CNN of your own that learns: the same network in Keras, its steps, and the known mistake.

The answers are the Keras network's logits, losses and weights after each step of ``tf.GradientTape``
and a Keras optimizer, in float64; ``benchmarks/numpy_cnn.py`` trains the same network for its timing.
"""

import keras
import tensorflow as tf

CNN_WEIGHTS = ("conv1 kernel", "conv1 bias", "conv2 kernel", "conv2 bias", "dense kernel", "dense bias")


def keras_cnn(input_shape, filters, num_classes, dtype="float64"):
    """The capstone's network in Keras: conv-relu-pool, conv-relu-pool, flatten, dense (logits)."""
    layers = keras.layers
    return keras.Sequential([
        keras.Input(input_shape, dtype=dtype),
        layers.Conv2D(filters[0], 3, padding="same", activation="relu", dtype=dtype),
        layers.MaxPooling2D(2, dtype=dtype),
        layers.Conv2D(filters[1], 3, padding="same", activation="relu", dtype=dtype),
        layers.MaxPooling2D(2, dtype=dtype),
        layers.Flatten(dtype=dtype),
        layers.Dense(num_classes, dtype=dtype),
    ])  # fmt: skip


def keras_cnn_steps(model, optimizer, images, labels, steps):
    """``steps`` training steps of ``model`` on one batch, by tf.GradientTape and ``optimizer``.

    Returns the logits before the first step, then, for each step, its loss and the weights after it."""
    loss_function = keras.losses.SparseCategoricalCrossentropy(from_logits=True, dtype="float64")
    logits = keras.ops.convert_to_numpy(model(images))
    results = []
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = loss_function(labels, model(images))
        variables = model.trainable_variables
        optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables, strict=True))
        results.append({"loss": float(loss), "weights": model.get_weights()})
    return logits, results


def cnn_step_mistakes(optimizer, before, after, batch_size):
    """Mistakes in one weight after a step from ``before`` to Keras's ``after``."""
    if optimizer != "sgd":  # Adam divides the gradient's scale away
        return []
    return [
        ("the loss gradient was not divided by the batch size, so every step was N times too big. The loss "
         "is the mean over the batch: grad_logits = (softmax - one_hot) / N (exercise 18).",
         lambda: before + batch_size * (after - before)),
    ]  # fmt: skip
