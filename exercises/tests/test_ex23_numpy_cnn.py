import keras
import numpy as np

from course.failures import Failure, Mismatch
from course.harness import compare, compare_equal, describe, load, parts
from course.oracles import common
from course.oracles import ex23_numpy_cnn as oracle
from models.training import data

exercise = load("ex23_numpy_cnn")
EPOCHS, SEED, TARGET_ACCURACY, TARGET_SECONDS = 10, 0, 0.95, 60  # the docstring's promise
STEP_CASE = {"input_shape": (8, 8, 1), "filters": (4, 6), "num_classes": 10}


def test_digits_splits_are_the_zoos():
    splits = exercise.digits_splits(SEED)
    for name, (images, labels) in data.digits_arrays(SEED).items():
        if not isinstance(splits, dict) or name not in splits:
            raise Mismatch(
                f'digits_splits() must return a dict with "train", "validation" and "test"; got {splits!r:.80}'
            )
        mine = parts(splits[name], ("images", "labels"), f'digits_splits()["{name}"]')
        compare(mine[0], images, f"the {name} images, {describe(expected_shape=images.shape)}")
        compare_equal(np.asarray(mine[1]).tolist(), labels.tolist(), f"the {name} labels")


def keras_model(network):
    """A Keras model of the capstone's layers for ``network`` (NumpyCNN's arguments), with random weights."""
    model = oracle.keras_cnn(**network)
    rng = np.random.default_rng(1)
    # Biases not 0, so their gradients and the max-pool ties of blank regions take part.
    model.set_weights([w if w.ndim > 1 else rng.normal(0, 0.1, w.shape) for w in model.get_weights()])
    return model


def digits_batch():
    """16 training digits in float64."""
    images, labels = data.digits_arrays(SEED)["train"]
    return images[:16].astype(np.float64), labels[:16]


def check_steps(optimizer, learning_rate, steps, atol, network=STEP_CASE, batch=digits_batch):
    images, labels = batch()
    model = keras_model(network)
    weights = model.get_weights()
    keras_optimizer = {"sgd": keras.optimizers.SGD, "adam": keras.optimizers.Adam}[optimizer](learning_rate)
    logits, expected = oracle.keras_cnn_steps(model, keras_optimizer, images, labels, steps)
    kwargs = {**network, "optimizer": optimizer, "learning_rate": learning_rate}
    mine = exercise.drive("numpy_cnn_steps", kwargs, weights, images, labels, steps)
    case = describe(network=network, batch=images.shape)
    compare(mine["logits"], logits, f"forward(images) with Keras's weights, {case}", atol=atol)
    for step, (got, want) in enumerate(zip(mine["steps"], expected, strict=True), start=1):
        compare(parts([got["loss"]], ("loss",), "train_step")[0], want["loss"],
                f"the loss train_step returned at step {step}, {case}", atol=atol)  # fmt: skip
        if not isinstance(got["weights"], (list, tuple)) or len(got["weights"]) != len(oracle.CNN_WEIGHTS):
            raise Mismatch(f"get_weights() returned {got['weights']!r:.80}; return a list of six arrays: "
                           f"{', '.join(oracle.CNN_WEIGHTS)}.")  # fmt: skip
        before = weights if step == 1 else expected[step - 2]["weights"]
        # Backpropagation order, from the loss back to the input: the first weight that differs is
        # the first stage of your backward pass that differs.
        for index in reversed(range(len(oracle.CNN_WEIGHTS))):
            where = f"the {oracle.CNN_WEIGHTS[index]} after {optimizer} step {step} (checked from the dense layer back)"
            mistakes = oracle.cnn_step_mistakes(optimizer, before[index], want["weights"][index], len(labels))
            compare(got["weights"][index], want["weights"][index], f"{where}, {case}", atol=atol, mistakes=mistakes)


def test_one_sgd_step_equals_the_same_step_in_keras():
    check_steps("sgd", learning_rate=0.0625, steps=1, atol=1e-9)  # 2**-4: exact in Keras's float32 learning rate


def test_two_adam_steps_equal_the_same_steps_in_keras():
    # Keras's Adam rounds beta_1 and beta_2 to float32 (exercise 19): its steps differ by ~1e-5 of themselves.
    check_steps("adam", learning_rate=2.0**-7, steps=2, atol=1e-6)


def test_an_sgd_step_on_colour_images_that_are_not_square():
    # Nothing in NumpyCNN is 8x8x1: the kernels read C channels, the dense layer H/4 * W/4 * f1 features.
    network = {"input_shape": (8, 12, 3), "filters": (3, 5), "num_classes": 4}

    def colour_batch():
        rng = np.random.default_rng(2)
        return rng.uniform(size=(6, *network["input_shape"])), rng.integers(0, network["num_classes"], size=6)

    check_steps("sgd", learning_rate=0.0625, steps=1, atol=1e-9, network=network, batch=colour_batch)


def test_the_weights_start_from_the_seed():
    def run(seed, global_seed):
        return exercise.drive("seeded_call", "NumpyCNN", (), {**STEP_CASE, "seed": seed}, global_seed, "get_weights")

    common.check_seeded(run, "NumpyCNN(seed=seed).get_weights()", "np.random.default_rng(seed)")


def test_digits_splits_follow_the_seed():
    def run(seed, global_seed):
        return exercise.drive("seeded_call", "digits_splits", (seed,), {}, global_seed)

    common.check_seeded(run, "digits_splits(seed)", "`seed` (train_test_split's random_state=seed)")


TRAINING_EPOCHS = 2  # enough to see the order change from one epoch to the next


def training_batches(seed, global_seed):
    """train_numpy_cnn(TRAINING_EPOCHS, seed): the batches its train_step got, in order, and the weights."""
    return exercise.drive("numpy_cnn_batches", TRAINING_EPOCHS, seed, global_seed)


def test_training_follows_the_seed():
    common.check_seeded(training_batches, f"train_numpy_cnn({TRAINING_EPOCHS}, seed)", "np.random.default_rng(seed)")


def test_training_shuffles_each_epoch():
    images = data.digits_arrays(SEED)["train"][0]
    batches = training_batches(SEED, 0)["returned"]["batches"]
    where = f"For train_numpy_cnn({TRAINING_EPOCHS}, seed={SEED}), the batches its train_step got:\n  "
    if not batches or len(batches) % TRAINING_EPOCHS:
        raise Failure(where + f"{len(batches)} batches in {TRAINING_EPOCHS} epochs. Train with the network's "
                      "train_step(images, labels), on every batch of every epoch.")  # fmt: skip
    per_epoch = len(batches) // TRAINING_EPOCHS
    first, second = (np.concatenate([np.reshape(batch["images"], (len(batch["images"]), -1)) for batch in part])
                     for part in (batches[:per_epoch], batches[per_epoch:]))  # fmt: skip
    shuffle = ("Shuffle before every epoch: order = rng.permutation(len(labels)), with one rng = "
               "np.random.default_rng(seed) made before the first epoch.")  # fmt: skip
    if common.same_values(first, second):
        raise Failure(where + f"the images came in the same order in epochs 1 and 2. {shuffle}")
    if common.same_values(first, images.reshape(len(images), -1)):
        raise Failure(where + f"epoch 1 took the training images in the split's own order. {shuffle}")


def test_reaches_95_percent_on_the_digits_test_split_within_60_seconds():
    images, labels = data.digits_arrays(SEED)["test"]
    result = exercise.drive("numpy_cnn_trained", EPOCHS, SEED, images.astype(np.float64))
    logits = np.asarray(result["logits"])
    if logits.shape != (len(labels), 10):
        raise Mismatch(f"forward(test images) gave shape {logits.shape}; expected {(len(labels), 10)}.")
    accuracy = float(np.mean(np.argmax(logits, axis=1) == labels))
    print(f"digits test accuracy {accuracy:.4f} after {EPOCHS} epochs in {result['seconds']:.1f} s")
    problems = []
    if accuracy < TARGET_ACCURACY:
        problems.append(f"test accuracy {accuracy:.4f} (needs {TARGET_ACCURACY} or more)")
    if result["seconds"] >= TARGET_SECONDS:
        problems.append(f"training took {result['seconds']:.0f} s (needs under {TARGET_SECONDS} s)")
    if problems:
        raise Mismatch(
            f"For train_numpy_cnn({EPOCHS}, seed={SEED}), on the 360 test digits:\n  " + "\n  ".join(problems)
        )
