from course.failures import Mismatch
from course.harness import load
from models.training import data

train_digits = load("ex15_train")


def test_reaches_97_percent_on_the_digits_test_split_within_10_epochs():
    labels = data.digits_arrays()["test"][1]
    result = train_digits.drive("train_digits_result")
    accuracy = float((result["predictions"] == labels).mean())
    print(f"digits test accuracy {accuracy:.4f} after {result['epochs']} epochs and {result['seconds']:.1f} s")
    problems = []
    if accuracy < 0.97:
        problems.append(f"test accuracy {accuracy:.4f} (needs 0.97 or more)")
    if result["epochs"] > 10:
        problems.append(f"{result['epochs']} epochs (at most 10)")
    if result["seconds"] >= 120:
        problems.append(f"training took {result['seconds']:.0f} s (needs under 120 s)")
    if problems:
        raise Mismatch("For train_digits() on the 360 test digits:\n  " + "\n  ".join(problems))
