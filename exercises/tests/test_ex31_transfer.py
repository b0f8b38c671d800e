import numpy as np
import pytest

from course.failures import Mismatch
from course.harness import compare_equal, crash_causes, describe, load, rejects
from course.oracles import ex31_transfer as oracle

exercise = load("ex31_transfer")


@pytest.mark.parametrize("labels, classes", [
    ([7, 5, 9, 9, 6], (5, 6, 7, 8, 9)),  # the new digits, in order
    ([3, 1, 4, 1], (4, 1, 3)),  # neither consecutive nor in order
    ([2], (2,)),  # one class
])  # fmt: skip
def test_class_indices(labels, classes):
    labels = np.array(labels)
    expected = oracle.class_indices(labels, classes)
    mine = exercise.class_indices(labels, classes)
    case = describe(labels=labels.tolist(), classes=classes)
    if not isinstance(mine, np.ndarray) or mine.dtype.kind not in "iu":
        raise Mismatch(f"For {case}:\n  class_indices returned {mine!r:.80}; return a NumPy array of ints.")
    compare_equal(mine.tolist(), expected.tolist(), case, mistakes=oracle.class_indices_mistakes(labels, classes))


def test_class_indices_rejects_a_label_outside_the_classes():
    rejects(lambda: exercise.class_indices(np.array([5, 3]), (5, 6, 7)), "label 3, classes (5, 6, 7)")


CASES = [  # (input shape, the base's classes, new classes, feature layer)
    ((32, 32, 1), 5, 5, "fc1"),  # the exercise's own: LeNet on 0 to 4, a head for 5 to 9
    ((32, 32, 1), 5, 3, "flatten"),  # fewer new classes than old ones, on the conv features
    ((35, 29, 1), 4, 7, "fc2"),  # more, on a size that is not square
]


def case_id(case):
    input_shape, base_classes, num_classes, feature_layer = case
    return describe(input=input_shape, base_classes=base_classes, num_classes=num_classes,
                    feature_layer=feature_layer)  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_only_the_new_head_is_trainable(case):
    _, _, num_classes, feature_layer = case
    mine = exercise.drive("transfer_summary", *case, None)  # a random base: its weights don't change the counts
    reference = oracle.reference_model(*case)
    where = f"For transfer_model(LeNet, {num_classes}, {feature_layer!r}) on {case_id(case)}"
    mistakes = oracle.count_mistakes(*case)
    compare_equal(mine["output_shape"], (None, num_classes), f"the output shape, {where}",
                  mistakes=mistakes["output_shape"])  # fmt: skip
    compare_equal(mine["trainable_params"], oracle.trainable_count(reference), f"trainable parameters, {where}",
                  mistakes=mistakes["trainable_params"])  # fmt: skip
    compare_equal(mine["params"], reference.count_params(), f"parameters, {where}", mistakes=mistakes["params"])
    used = [name for name, _ in mine["base_layers"]]
    missing = [name for name in oracle.used_base_layers(reference) if name not in used]
    if missing:
        raise Mismatch(f"{where}:\n  the model does not use the base's own layers {', '.join(missing)}: it has "
                       f"other weights in their place.\n  Likely cause: {oracle.BASE_COPIED}")  # fmt: skip
    unfrozen = [name for name, trainable in mine["base_layers"] if trainable]
    if unfrozen:
        raise Mismatch(f"{where}:\n  the base's layers {', '.join(unfrozen)} are still trainable.\n"
                       f"  Likely cause: {oracle.NOT_FROZEN}")  # fmt: skip


_fits = {}


def fine_tuned(seed, epochs=oracle.EPOCHS, learning_rate=oracle.LEARNING_RATE):
    """The student's model on the trained base, fine-tuned on the few examples of ``seed``."""
    if (seed, epochs, learning_rate) not in _fits:
        exercise.class_indices(np.array(oracle.NEW_CLASSES), oracle.NEW_CLASSES)  # a stub stops here, before training
        images, labels = oracle.few_examples(seed)
        with crash_causes(oracle.LABELS_NOT_MAPPED):
            _fits[seed, epochs, learning_rate] = exercise.drive(
                "transfer_fit", oracle.INPUT_SHAPE, len(oracle.BASE_CLASSES), len(oracle.NEW_CLASSES), "fc1",
                oracle.trained_base(), images, labels, oracle.NEW_CLASSES, epochs, learning_rate,
                oracle.digits()["held_out"][0], seed,
            )  # fmt: skip
    return _fits[seed, epochs, learning_rate]


def test_fine_tune_leaves_the_base_bit_for_bit_unchanged():
    found = fine_tuned(oracle.SEEDS[0])
    if found["changed_by_transfer_model"]:
        raise Mismatch(
            f"For transfer_model on LeNet trained on 0 to 4:\n  it changed the weights of the base's layers "
            f"{', '.join(found['changed_by_transfer_model'])}: they must stay as the base learned them."
        )
    changed = [(name, trainable) for name, trainable, moved in found["base_layers"] if moved]
    if changed:
        cause = oracle.FROZEN_TOO_LATE if not any(trainable for _, trainable in changed) else oracle.NOT_FROZEN
        raise Mismatch(
            f"For fine_tune on {oracle.PER_CLASS} examples of each digit 5 to 9, with LeNet trained on 0 to 4:\n"
            f"  the base's weights changed in training: {', '.join(name for name, _ in changed)} "
            "(only the new head may change).\n"
            f"  Likely cause: {cause}"
        )


def test_fine_tune_trains_as_asked_and_returns_the_history():
    found = fine_tuned(oracle.SEEDS[0], epochs=2, learning_rate=0.05)
    problems = []
    if found["epochs_run"] is None:
        problems.append(f"fine_tune returned {found['returned']}, not the History that model.fit returns")
    elif found["epochs_run"] != 2:
        problems.append(f"it trained {found['epochs_run']} epochs, not the 2 asked (use `epochs`)")
    if found["learning_rate"] is None or not np.isclose(found["learning_rate"], 0.05):
        problems.append(f"the model was compiled with a learning rate of {found['learning_rate']}, not the 0.05 "
                        "asked (keras.optimizers.Adam(learning_rate))")  # fmt: skip
    if problems:
        raise Mismatch("For fine_tune(..., epochs=2, learning_rate=0.05):\n  " + "\n  ".join(problems))


def test_the_trained_base_beats_a_random_one_on_new_digits():
    expected = oracle.class_indices(oracle.digits()["held_out"][1], oracle.NEW_CLASSES)
    trained = float(np.median([np.mean(fine_tuned(seed)["predictions"] == expected) for seed in oracle.SEEDS]))
    untrained = float(np.median(oracle.random_base_accuracies()))
    print(f"held-out accuracy, median of {len(oracle.SEEDS)} seeds: {trained:.3f} with the base trained on 0 to 4, "
          f"{untrained:.3f} for the same head on a random base")  # fmt: skip
    if not (trained >= oracle.MIN_ACCURACY and trained - untrained >= oracle.MIN_GAIN):
        raise Mismatch(
            f"For fine_tune ({oracle.EPOCHS} epochs, learning rate {oracle.LEARNING_RATE}) on {oracle.PER_CLASS} "
            f"examples of each digit 5 to 9 ({len(expected)} new digits held out, seeds {oracle.SEEDS}):\n"
            f"  the median accuracy was {trained:.3f} on the base trained on 0 to 4 (needs {oracle.MIN_ACCURACY} or "
            f"more, and {oracle.MIN_GAIN} more than the {untrained:.3f} that the same head reaches on a random base, "
            "trained the same way)."
        )


@pytest.mark.parametrize("num_classes, feature_layer, why", [
    (0, "fc1", "num_classes 0"),
    (5, "fc9", "feature_layer 'fc9', which LeNet does not have"),
])  # fmt: skip
def test_bad_arguments_raise_value_error(num_classes, feature_layer, why):
    rejects(lambda: exercise.drive("transfer_summary", (32, 32, 1), 5, num_classes, feature_layer, None), why)
