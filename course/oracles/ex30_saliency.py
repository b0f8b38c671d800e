"""Exercise 30, saliency maps and adversarial examples: tf.GradientTape's answers, and the known mistakes.

Both answers are gradients with respect to the input images, taken here by ``tf.GradientTape`` on the
model the checks send: the saliency map's of the class score (the logit), FGSM's of Keras's
``SparseCategoricalCrossentropy(from_logits=True)``. Each mistake is the same computation done the wrong
way: another quantity differentiated, the channels combined otherwise, the step taken otherwise.
The models are small, seeded and end in logits (:func:`logits_model`); besides them the checks use
linear models, whose gradients are worked out by hand (:func:`linear_model`).
"""

import keras
import numpy as np
import tensorflow as tf

# --- The models the checks send ---------------------------------------------------------------------------


def logits_model(input_shape, classes, seed=0):
    """A small CNN that returns logits: conv 3x3 (4 filters, SAME, tanh) -> flatten -> dense, its weights
    drawn from ``seed``. tanh, not ReLU: its gradient is nowhere exactly 0, so every pixel has a sign."""
    inputs = keras.Input(tuple(input_shape))
    x = keras.layers.Conv2D(4, 3, padding="same", activation="tanh", name="conv")(inputs)
    x = keras.layers.Flatten(name="flatten")(x)
    model = keras.Model(inputs, keras.layers.Dense(classes, name="logits")(x), name="small_cnn")
    rng = np.random.default_rng(seed)
    model.set_weights([rng.normal(0, 0.5, w.shape).astype("float32") for w in model.get_weights()])
    return model


def linear_model(weights):
    """logits = flatten(x) @ weights, no bias: a model whose score gradient is a column of ``weights``
    (shape (H, W, C, classes)), whatever x is."""
    weights = np.asarray(weights, np.float32)
    inputs = keras.Input(weights.shape[:3])
    flat = keras.layers.Flatten(name="flatten")(inputs)
    logits = keras.layers.Dense(weights.shape[3], use_bias=False, name="logits")(flat)
    model = keras.Model(inputs, logits, name="linear")
    model.set_weights([weights.reshape(-1, weights.shape[3])])
    return model


def in_words(model):
    """A model in a few words, for a case's description."""
    return f"{model.name} with {model.output_shape[-1]} classes"


# --- Gradients --------------------------------------------------------------------------------------------


def per_image(class_index, n):
    """One class index per image, from one int or a sequence of them."""
    return np.broadcast_to(np.asarray(class_index, np.int64), (n,))


def input_gradient(model, x, objective):
    """d objective(logits) / d x by tf.GradientTape, as float64 (the model computes in float32)."""
    x = tf.constant(x, tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(x)
        value = objective(model(x, training=False))
    return tape.gradient(value, x).numpy().astype(np.float64)


def chosen(values, classes):
    """values[i, classes[i]] for each image i."""
    return tf.gather(values, tf.constant(classes), axis=1, batch_dims=1)


def cross_entropy(classes, logits, reduction="sum_over_batch_size"):
    return keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction=reduction)(classes, logits)


# The quantity a saliency map differentiates, for the images' classes: the right one, then the mistakes'.
OBJECTIVES = {
    "logit": lambda logits, classes: tf.reduce_sum(chosen(logits, classes)),
    "logit averaged over the batch": lambda logits, classes: tf.reduce_mean(chosen(logits, classes)),
    "probability": lambda logits, classes: tf.reduce_sum(chosen(tf.nn.softmax(logits), classes)),
    "loss": lambda logits, classes: cross_entropy(classes, logits, "sum"),
    "mean loss": lambda logits, classes: cross_entropy(classes, logits),
}
# How a saliency map combines a pixel's channels: the right way, then the mistakes'.
CHANNELS = {
    "max of abs": lambda gradient: np.abs(gradient).max(axis=-1),
    "max, no abs": lambda gradient: gradient.max(axis=-1),
    "sum of abs": lambda gradient: np.abs(gradient).sum(axis=-1),
    "mean of abs": lambda gradient: np.abs(gradient).mean(axis=-1),
}


def saliency(model, x, class_index, objective="logit", channels="max of abs"):
    """The saliency map (N, H, W): max over channels of |d logit[class] / d x|, or as a mistake computes it."""
    classes = per_image(class_index, len(x))
    gradient = input_gradient(model, x, lambda logits: OBJECTIVES[objective](logits, classes))
    return CHANNELS[channels](gradient)


SALIENCY_MISTAKES = {
    "probability": "the gradient is of the softmax probability, not of the class score. Saliency differentiates "
    "the logit, the model's output before any softmax: a confident probability hardly moves, and its "
    "gradient mixes in every other class.",
    "loss": "the gradient is of the cross-entropy loss, not of the class score. Saliency differentiates the "
    "class's logit itself, logits[i, class_index[i]], with no loss around it.",
    "no abs": "the gradient's sign was kept. The map is how much each pixel matters, either way: take "
    "abs(gradient) before the maximum over the channels.",
    "channels": "the channels were added or averaged. The map keeps, for each pixel, the largest "
    "abs(gradient) of its channels: reduce_max over the last axis.",
    "mean": "the scores were averaged over the batch (reduce_mean), which divides every gradient by the number "
    "of images. Add them (reduce_sum): each image's score depends on that image alone, so the gradient of "
    "the sum is each image's own gradient.",
}


def saliency_mistakes(model, x, class_index):
    return [
        (SALIENCY_MISTAKES["probability"], lambda: saliency(model, x, class_index, "probability")),
        (SALIENCY_MISTAKES["loss"], lambda: saliency(model, x, class_index, "loss")),
        (SALIENCY_MISTAKES["loss"], lambda: saliency(model, x, class_index, "mean loss")),
        (SALIENCY_MISTAKES["no abs"], lambda: saliency(model, x, class_index, channels="max, no abs")),
        (SALIENCY_MISTAKES["channels"], lambda: saliency(model, x, class_index, channels="sum of abs")),
        (SALIENCY_MISTAKES["channels"], lambda: saliency(model, x, class_index, channels="mean of abs")),
        (SALIENCY_MISTAKES["mean"], lambda: saliency(model, x, class_index, "logit averaged over the batch")),
    ]


# --- The fast gradient sign method ------------------------------------------------------------------------


def loss_gradient(model, x, y, read_as="logits"):
    """d loss / d x of Keras's sparse categorical cross-entropy (the mean over the batch), given the logits
    with from_logits=True; or, as the mistakes give it: the softmax's probabilities as if they were logits
    (``read_as="softmax as logits"``), or the logits as if they were probabilities (``"logits as
    probabilities"``: Keras's default, from_logits=False)."""
    labels = per_image(y, len(x))
    losses = {
        "logits": lambda logits: cross_entropy(labels, logits),
        "softmax as logits": lambda logits: cross_entropy(labels, tf.nn.softmax(logits)),
        "logits as probabilities": lambda logits: keras.losses.SparseCategoricalCrossentropy()(labels, logits),
    }
    return input_gradient(model, x, losses[read_as])


def fgsm(model, x, y, epsilon, direction=1, signed=True, read_as="logits", clip=False):
    """x + epsilon * sign(d loss / d x); or as a mistake computes it."""
    gradient = loss_gradient(model, x, y, read_as)
    step = np.sign(gradient) if signed else gradient
    adversarial = np.asarray(x, np.float64) + direction * epsilon * step
    return np.clip(adversarial, 0, 1) if clip else adversarial


FGSM_MISTAKES = {
    "minus": "the step went down the gradient, x - epsilon * sign(gradient). That is a step of gradient "
    "descent, which makes the loss smaller; FGSM attacks: x + epsilon * sign(gradient) makes it larger.",
    "raw": "the step is the gradient itself, not its sign. FGSM moves every pixel by exactly epsilon, up or "
    "down: x + epsilon * sign(gradient) (tf.sign).",
    "softmax": "the loss was given the softmax's probabilities as if they were logits. The model returns "
    "logits: hand them to the loss with from_logits=True, and apply no softmax first.",
    "probabilities": "the loss read the logits as probabilities. Keras's losses expect probabilities unless "
    "told otherwise, and this model returns logits: SparseCategoricalCrossentropy(from_logits=True).",
    "clip": "the result was clipped to [0, 1]. This fgsm returns x + epsilon * sign(gradient) as it is: "
    "clipping to the pixels' range is a separate step, left to the caller.",
}


def fgsm_mistakes(model, x, y, epsilon):
    return [
        (FGSM_MISTAKES["minus"], lambda: fgsm(model, x, y, epsilon, direction=-1)),
        (FGSM_MISTAKES["raw"], lambda: fgsm(model, x, y, epsilon, signed=False)),
        (FGSM_MISTAKES["softmax"], lambda: fgsm(model, x, y, epsilon, read_as="softmax as logits")),
        (FGSM_MISTAKES["probabilities"], lambda: fgsm(model, x, y, epsilon, read_as="logits as probabilities")),
        (FGSM_MISTAKES["clip"], lambda: fgsm(model, x, y, epsilon, clip=True)),
    ]
