from course.failures import Mismatch
from course.harness import load
from course.oracles import ex15_train as oracle

train_digits = load("ex15_train")


def test_reaches_97_percent_on_the_digits_test_split_within_10_epochs():
    labels = oracle.digits_test_labels()
    result = train_digits.drive("train_digits_result")
    accuracy = float((result["predictions"] == labels).mean())
    print(f"digits test accuracy {accuracy:.4f} after {result['epochs']} epochs and {result['seconds']:.1f} s")
    problems = []
    if accuracy < oracle.TARGET_ACCURACY:
        problems.append(f"test accuracy {accuracy:.4f} (needs {oracle.TARGET_ACCURACY} or more)")
    if result["epochs"] > oracle.MAX_EPOCHS:
        problems.append(f"{result['epochs']} epochs (at most {oracle.MAX_EPOCHS})")
    if result["seconds"] >= oracle.MAX_SECONDS:
        problems.append(f"training took {result['seconds']:.0f} s (needs under {oracle.MAX_SECONDS} s)")
    if problems:
        raise Mismatch("For train_digits() on the 360 test digits:\n  " + "\n  ".join(problems))
