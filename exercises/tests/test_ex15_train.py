import time

from exercises.harness import check_equal, load
from models import data

train_digits = load("ex15_train").train_digits


def test_reaches_97_percent_on_the_digits_test_split_within_10_epochs():
    started = time.perf_counter()
    model = train_digits()
    seconds = time.perf_counter() - started
    splits = data.load("digits", tuple(model.input_shape[1:]), batch_size=64)
    predictions = model.predict(splits.test, verbose=0).argmax(axis=1)
    labels = data.digits_arrays()["test"][1]
    accuracy = float((predictions == labels).mean())
    epochs = len(model.history.epoch)  # the epochs of the last model.fit
    print(f"digits test accuracy {accuracy:.4f} after {epochs} epochs and {seconds:.1f} s of training")
    check_equal(accuracy >= 0.97, True, f"test accuracy {accuracy:.4f} (needs 0.97 or more)")
    check_equal(epochs <= 10, True, f"{epochs} epochs (at most 10)")
    check_equal(seconds < 120, True, f"training time {seconds:.0f} s (needs under 120 s)")
