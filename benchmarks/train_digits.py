"""Trains each zoo classifier on digits with the CLI's defaults; prints accuracy and time.

Targets on a 2-core CPU: 98% or more test accuracy, under 60 s of training each.

    .venv/bin/python benchmarks/train_digits.py
"""

import os
import platform
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models import CLASSIFIERS  # noqa: E402
from models.train import DEFAULTS, train  # noqa: E402


def main():
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}")
    print(f"{'model':6} {'epochs':>6} {'test accuracy':>14} {'training s':>11} {'parameters':>11}")
    with tempfile.TemporaryDirectory() as runs:
        for name in CLASSIFIERS:
            metrics = train(name, Path(runs) / name, verbose=0)
            print(
                f"{name:6} {DEFAULTS[name]['epochs']:>6} {metrics['test_accuracy']:>14.4f} "
                f"{metrics['train_seconds']:>11.1f} {metrics['parameters']:>11,}",
                flush=True,
            )


if __name__ == "__main__":
    main()
