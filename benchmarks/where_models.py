"""Trains the models that say where, ``unet`` and ``detector``, on digit_scenes with their recipes, seeds 0-4.

Targets on a 2-core CPU, each with its spec's defaults: a test mean IoU of at
least 0.85 (``unet``, keras.metrics.MeanIoU over the background and the 10
digits) and a test mAP@0.5 of at least 0.90 (``detector``, by pycocotools),
trained (``model.fit``'s epochs) in under 120 s. Prints the median and the
smallest score over the seeds, and the training time both as wall-clock
seconds and as processor seconds (all threads): on a shared machine the
first stretches with the load, the second far less.

    .venv/bin/python benchmarks/where_models.py                 # both, seeds 0-4
    .venv/bin/python benchmarks/where_models.py unet --seeds 0  # one model, one seed
"""

import argparse
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models import available_models, get_spec  # noqa: E402
from models.quiet import import_tensorflow  # noqa: E402

MODELS = available_models("segmenter", "detector")
SCORES = {"segmenter": "test_mean_iou", "detector": "test_map50"}


def main(names, seeds):
    import_tensorflow()
    from models.training.train import train

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f} at the start")  # fmt: skip
    print(f"{'model':9} {'epochs':>6} {'score':>14} {'median':>7} {'min':>7} {'wall s (median, max)':>21} "
          f"{'CPU s (median, max)':>20} {'parameters':>11}  per seed")  # fmt: skip
    with tempfile.TemporaryDirectory() as runs:
        for name in names:
            spec = get_spec(name)
            score = SCORES[spec.kind]
            results = [train(name, Path(runs) / f"{name}-{seed}", seed=seed, verbose=0) for seed in seeds]
            values = [result[score] for result in results]
            wall = [result["train_seconds"] for result in results]
            cpu = [result["train_cpu_seconds"] for result in results]
            print(
                f"{name:9} {spec.recipe.epochs:>6} {score:>14} {statistics.median(values):>7.3f} "
                f"{min(values):>7.3f} {statistics.median(wall):>13.1f}, {max(wall):>5.1f} "
                f"{statistics.median(cpu):>12.1f}, {max(cpu):>5.1f} "
                f"{results[0]['parameters']:>11,}  "
                + " ".join(f"{v:.3f}/{w:.0f}s/{c:.0f}cpu" for v, w, c in zip(values, wall, cpu, strict=True)),
                flush=True,
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", metavar="MODEL", help=f"{', '.join(MODELS)} (default: both)")
    parser.add_argument("--seeds", type=int, nargs="+", default=list(range(5)))
    arguments = parser.parse_args()
    unknown = sorted(set(arguments.models) - set(MODELS))
    if unknown:
        parser.error(f"unknown models {unknown}; available: {', '.join(MODELS)}")
    main(arguments.models or MODELS, arguments.seeds)
