"""Exercise 31, transfer learning: the base the checks train, the reference model Keras counts, and the mistakes.

The base is the zoo's LeNet, trained here on the digits 0 to 4 (:func:`trained_base`); its weights go to the
student's process (``course/keras_drivers.py``), where the student's ``transfer_model`` puts a new head on it
and ``fine_tune`` trains that head on a few examples of the digits 5 to 9. The reference model is built here
from Keras layers, never from the solution; the parameter counts are Keras's own counts of it. What the
student's head must beat is the reference head on random bases, fine-tuned the same way
(:func:`random_base_accuracies`). The trained base and those accuracies come out the same in every run, so
they are kept on disk (``course/oracles/stored.py``) instead of being trained again each time.
"""

import functools

import keras
import numpy as np
import tensorflow as tf

import models
from course.oracles.stored import stored
from models.training import data

BASE_CLASSES = tuple(range(5))  # what the base learned
NEW_CLASSES = tuple(range(5, 10))  # what the new head learns
INPUT_SHAPE = (32, 32, 1)
BASE_EPOCHS = 10
# fine_tune's, for every model compared (the exercise's defaults are 30 epochs at 0.01: as accurate, slower)
EPOCHS, LEARNING_RATE = 10, 0.03
SEEDS = (0, 1, 2)  # of the few examples and of the head's first weights: the accuracies compared are medians
PER_CLASS = 5  # examples of each new digit that fine_tune sees

NOT_FROZEN = (
    "the base was not frozen, so training changed it. Set base.trainable = False (on the model of the "
    "base's layers, or on the base itself) before the model is compiled."
)
FROZEN_TOO_LATE = (
    "the base's layers say trainable=False, yet training changed them: they were frozen after the model "
    "had trained. Keras builds its training step at the first fit after compile, with what is trainable "
    "then; a change of trainable after that takes effect only at the next compile."
)
BASE_COPIED = (
    "the features come from a copy of the base (keras.models.clone_model, or a new LeNet), whose weights are new "
    "and random: what the base learned is lost. Cut the base itself: "
    "keras.Model(base.inputs, base.get_layer(feature_layer).output)."
)
OLD_HEAD_KEPT = (
    "the new head was put on the base's old softmax output (its predictions layer), which was kept. Take "
    "the features from the layer named by feature_layer: base.get_layer(feature_layer).output."
)
NO_NEW_HEAD = (
    "the base's own head came back: its softmax has one unit per old class. Add a new "
    "Dense(num_classes, activation='softmax') on the features."
)
LABELS_NOT_MAPPED = (
    "the labels went to the loss as they are, digits 5 to 9. A head of 5 units wants its class indices "
    "0 to 4: pass class_indices(labels, classes) to fit, not labels.",
    # TF's message starts with the node that failed (its own stack follows; the reason comes last).
    r"SparseSoftmaxCrossEntropyWithLogits|label value of \d+ which is outside the valid range",
)
FIRST_CLASS_SUBTRACTED = (
    "each label had classes[0] subtracted. That is right only when the classes are consecutive and in "
    "order; the index of a label is where it is found in classes."
)
NOT_MAPPED = "the labels came back unchanged: return each one's index in classes."


def fitted(images, input_shape):
    """Digit images resized to ``input_shape``, as a NumPy array (the student's process gets arrays)."""
    return np.asarray(data.fit_images(images, input_shape))


@functools.cache
def digits(input_shape=INPUT_SHAPE):
    """The digits for the checks: ``base`` (the training images of 0 to 4), ``few`` (the training images of 5 to
    9, of which fine_tune sees a few) and ``held_out`` (the validation and test images of 5 to 9, each
    shifted, turned and zoomed a little, as handwriting is, with the same seed every time)."""
    splits = data.digits_arrays()

    def of(split, classes):
        images, labels = splits[split]
        kept = np.isin(labels, classes)
        return fitted(images[kept], input_shape), labels[kept]

    held_out = [of(split, NEW_CLASSES) for split in ("validation", "test")]
    images = np.concatenate([images for images, _ in held_out])
    moved = np.asarray(data.augmenter(seed=7)(images, training=True))
    return {"base": of("train", BASE_CLASSES), "few": of("train", NEW_CLASSES),
            "held_out": (moved, np.concatenate([labels for _, labels in held_out]))}  # fmt: skip


@stored("ex31-trained-base")
def trained_base():
    """The weights of the zoo's LeNet trained on the digits 0 to 4 (shifted, turned and zoomed every epoch,
    so that what it learns holds for digits written anywhere), with seed 0."""
    images, labels = digits()["base"]
    keras.utils.set_random_seed(0)
    augment = data.augmenter(seed=0)
    batches = (tf.data.Dataset.from_tensor_slices((images, labels)).shuffle(len(images), seed=0).batch(32)
               .map(lambda x, y: (augment(x), y)))  # fmt: skip
    base = models.build("lenet", input_shape=INPUT_SHAPE, num_classes=len(BASE_CLASSES))
    base.compile(optimizer=keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy")
    base.fit(batches, epochs=BASE_EPOCHS, verbose=0)
    return base.get_weights()


def few_examples(seed, per_class=PER_CLASS, input_shape=INPUT_SHAPE):
    """``per_class`` training images of each new digit, drawn with ``seed``, and their labels (5 to 9)."""
    images, labels = digits(input_shape)["few"]
    rng = np.random.default_rng(seed)
    chosen = np.concatenate([rng.choice(np.flatnonzero(labels == digit), per_class, replace=False)
                             for digit in NEW_CLASSES])  # fmt: skip
    return images[chosen], labels[chosen]


def base_model(input_shape, base_classes, seed=0):
    keras.utils.set_random_seed(seed)
    return models.build("lenet", input_shape=input_shape, num_classes=base_classes)


def reference_model(input_shape, base_classes, num_classes, feature_layer, old_head=False):
    """A new softmax head of ``num_classes`` on the frozen LeNet's ``feature_layer``, from Keras layers
    (``old_head``: on its old softmax output instead)."""
    return new_head(base_model(input_shape, base_classes), num_classes, feature_layer, old_head)


def used_base_layers(reference):
    """The names of the base's layers with weights that a :func:`reference_model` uses, as Keras finds them."""
    (features,) = [layer for layer in reference.layers if isinstance(layer, keras.Model)]
    return [layer.name for layer in features.layers if layer.weights]


def new_head(base, num_classes, feature_layer, old_head=False):
    cut = base.output if old_head else base.get_layer(feature_layer).output
    features = keras.Model(base.inputs, cut)
    features.trainable = False
    inputs = keras.Input(base.input_shape[1:])
    return keras.Model(inputs, keras.layers.Dense(num_classes, activation="softmax")(features(inputs, training=False)))


def random_base_accuracies():
    """For each of ``SEEDS``: the held-out accuracy of the reference head on a LeNet with random weights drawn
    with that seed, fine-tuned as ``fine_tune`` does (Adam, ``EPOCHS``, ``LEARNING_RATE``) on that seed's few
    examples."""
    return _random_base()[0]


@stored("ex31-random-base-accuracies")
def _random_base():
    return [np.array([_random_base_accuracy(seed) for seed in SEEDS])]


def _random_base_accuracy(seed):
    images, labels = few_examples(seed)
    held_out, answers = digits()["held_out"]
    model = new_head(base_model(INPUT_SHAPE, len(BASE_CLASSES), seed), len(NEW_CLASSES), "fc1")
    model.compile(optimizer=keras.optimizers.Adam(LEARNING_RATE), loss="sparse_categorical_crossentropy")
    model.fit(images, class_indices(labels, NEW_CLASSES), epochs=EPOCHS, verbose=0)
    predicted = np.argmax(model.predict(held_out, verbose=0), axis=-1)
    return float(np.mean(predicted == class_indices(answers, NEW_CLASSES)))


def trainable_count(model):
    return int(sum(np.prod(w.shape) for w in model.trainable_weights))


def count_mistakes(input_shape, base_classes, num_classes, feature_layer):
    """``(explanation, compute)`` pairs for the output shape and the parameter counts (all, and trainable) of
    the models built the known wrong ways, counted by Keras."""
    old_head = functools.cache(lambda: reference_model(input_shape, base_classes, num_classes, feature_layer, True))
    return {
        "output_shape": [(NO_NEW_HEAD, lambda: (None, base_classes))],
        "params": [(OLD_HEAD_KEPT, lambda: old_head().count_params())],
        "trainable_params": [
            (NOT_FROZEN,
             lambda: reference_model(input_shape, base_classes, num_classes, feature_layer).count_params()),
            (OLD_HEAD_KEPT, lambda: trainable_count(old_head())),
            (NO_NEW_HEAD, lambda: 0),
        ],
    }  # fmt: skip


def class_indices(labels, classes):
    """Each label's index in ``classes``, with TensorFlow's lookup table."""
    table = tf.lookup.StaticHashTable(
        tf.lookup.KeyValueTensorInitializer(tf.constant(classes, tf.int64), tf.range(len(classes), dtype=tf.int64)),
        default_value=-1,
    )
    return table.lookup(tf.constant(labels, tf.int64)).numpy()


def class_indices_mistakes(labels, classes):
    """The known mistakes' answers, as lists (the checks compare lists of ints)."""
    return [
        (FIRST_CLASS_SUBTRACTED, lambda: (np.asarray(labels) - classes[0]).tolist()),
        (NOT_MAPPED, lambda: np.asarray(labels).tolist()),
    ]


MIN_ACCURACY, MIN_GAIN = 0.6, 0.05  # the median held-out accuracy, and its lead over a random base's
