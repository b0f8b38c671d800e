"""Trains each zoo classifier on digits with its spec's recipe, seeds 0-4; prints accuracy and time.

Targets on a 2-core CPU: a median test accuracy of 99% or more over the five
seeds, a minimum of 98.3% or more, and training (``model.fit``) under 15 s for
LeNet, 30 s for VGG and 60 s for ResNet and MobileNet.

    .venv/bin/python benchmarks/train_digits.py             # every classifier
    .venv/bin/python benchmarks/train_digits.py resnet vgg  # some of them
"""

import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models import available_models, get_spec  # noqa: E402
from models.quiet import import_tensorflow  # noqa: E402

SEEDS = range(5)


def main(names):
    import_tensorflow()
    from models.training.train import train

    unknown = sorted(set(names) - set(available_models("classifier")))
    if unknown:
        sys.exit(f"unknown classifiers {unknown}; available: {', '.join(available_models('classifier'))}")
    machine = platform.processor() or platform.machine()
    print(f"machine: {machine}, {os.cpu_count()} cores, Python {platform.python_version()}")
    heading = f"{'model':10} {'epochs':>6} {'median':>7} {'min':>7} {'training s (median, max)':>25}"
    print(f"{heading} {'parameters':>11}  seeds")
    with tempfile.TemporaryDirectory() as runs:
        for name in names:
            results = [train(name, Path(runs) / f"{name}-{seed}", seed=seed, verbose=0) for seed in SEEDS]
            accuracies = [result["test_accuracy"] for result in results]
            seconds = [result["train_seconds"] for result in results]
            print(
                f"{name:10} {get_spec(name).recipe.epochs:>6} {statistics.median(accuracies):>7.2%} "
                f"{min(accuracies):>7.2%} {statistics.median(seconds):>17.1f}, {max(seconds):>5.1f} "
                f"{results[0]['parameters']:>11,}  "
                + " ".join(f"{a:.2%}/{s:.0f}s" for a, s in zip(accuracies, seconds, strict=True)),
                flush=True,
            )


if __name__ == "__main__":
    main(sys.argv[1:] or available_models("classifier"))
