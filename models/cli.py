"""The command line: ``python -m models list | summary | train | evaluate | blur | visualize``.

Every bad input ends with one line on stderr and exit status 2, never a traceback.
"""

import argparse
import json
import sys
from pathlib import Path

from models import data
from models.registry import CLASSIFIERS, available_models

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line, without the usage block."""

    def error(self, message):
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def number(convert, accept, description):
    """An argparse type: ``convert(text)`` must succeed and satisfy ``accept``."""

    def parse(text):
        try:
            value = convert(text)
        except ValueError:
            value = None
        if value is None or not accept(value):
            raise argparse.ArgumentTypeError(f"must be {description}, got {text!r}")
        return value

    return parse


positive_int = number(int, lambda value: value >= 1, "a positive integer")
non_negative_int = number(int, lambda value: value >= 0, "a non-negative integer")
positive_float = number(float, lambda value: value > 0, "a positive number")


def image_shape(text):
    """Parses HEIGHTxWIDTHxCHANNELS, such as 28x28x1."""
    parts = text.lower().split("x")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        raise argparse.ArgumentTypeError(f"must look like 32x32x1 (height x width x channels), got {text!r}")
    return tuple(int(part) for part in parts)


def choice(names, what):
    """An argparse type that accepts one of ``names`` and lists them otherwise."""

    def check(text):
        if text not in names:
            raise argparse.ArgumentTypeError(f"unknown {what} {text!r}; available: {', '.join(names)}")
        return text

    return check


def default_run_folder(model, dataset):
    """``runs/MODEL-DATASET``, or ``-2``, ``-3``... when that one holds a finished run."""
    base = Path("runs") / f"{model}-{dataset}"
    folder, number = base, 1
    while (folder / "metrics.json").exists():
        number += 1
        folder = base.with_name(f"{base.name}-{number}")
    return folder


def command_list(args):
    for name in available_models():
        kind = "classifier" if name in CLASSIFIERS else "filter"
        print(f"{name:8} {kind}")


def command_summary(args):
    from models.registry import build

    build(args.model, **({"input_shape": args.input_shape} if args.input_shape else {})).summary()


def command_train(args):
    from models.train import train

    out = args.out or default_run_folder(args.model, args.dataset)
    print(f"run folder: {out}")
    try:
        metrics = train(
            args.model,
            out,
            dataset=args.dataset,
            input_shape=args.input_shape,
            epochs=args.epochs,
            batch_size=args.batch_size,
            learning_rate=args.learning_rate,
            seed=args.seed,
            data_dir=args.data_dir,
            download=args.download,
        )
    except KeyboardInterrupt:
        print(
            f"\ninterrupted: run the same command with --out {out} to go on from the last finished epoch",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    print(json.dumps(metrics, indent=2))
    return 0


def command_evaluate(args):
    from models.train import evaluate

    result = evaluate(args.model_file, args.dataset, data_dir=args.data_dir, download=args.download)
    print(json.dumps(result, indent=2))


def command_blur(args):
    from models.images import blur_file, read_image

    if args.compare and args.compare.suffix.lower() != ".png":
        raise ValueError(f"--compare writes a PNG: give it a .png name, got {args.compare}")
    blurred = blur_file(args.input, args.output, args.size)
    height, width, channels = blurred.shape
    print(f"wrote {args.output} ({width}x{height}, {channels} channels, {args.size}x{args.size} box blur)")
    if args.compare:
        from models.visualize import plot_before_after

        print(f"wrote {plot_before_after(read_image(args.input), blurred, args.compare)}")


def command_visualize(args):
    from models.visualize import visualize

    for path in visualize(args.source, args.out, args.image, args.dataset, args.data_dir):
        print(f"wrote {path}")


def add_dataset_options(parser):
    parser.add_argument("--dataset", default="digits", type=choice(data.DATASETS, "dataset"))
    parser.add_argument("--data-dir", help="a prepared TFDS folder (default: TFDS_DATA_DIR)")
    parser.add_argument("--download", action="store_true", help="download a TFDS dataset if missing")


def make_parser():
    parser = OneLineParser(prog="python -m models", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("list", help="list the models").set_defaults(run=command_list)

    summary = commands.add_parser("summary", help="print a model's layers and parameter counts")
    summary.add_argument("model", type=choice(available_models(), "model"))
    summary.add_argument("--input-shape", type=image_shape, help="HxWxC (default: the model's own)")
    summary.set_defaults(run=command_summary)

    train = commands.add_parser("train", help="train a classifier and write a run folder")
    train.add_argument("model", type=choice(CLASSIFIERS, "model"))
    add_dataset_options(train)
    train.add_argument("--input-shape", type=image_shape, help="HxWxC (default: the model's own)")
    train.add_argument("--epochs", type=positive_int, help="default: the model's own")
    train.add_argument("--batch-size", type=positive_int, help="default: the model's own")
    train.add_argument("--learning-rate", type=positive_float, help="default: the model's own")
    train.add_argument("--seed", type=non_negative_int, default=0)
    train.add_argument("--out", type=Path, help="run folder (default: runs/MODEL-DATASET)")
    train.set_defaults(run=command_train)

    evaluate = commands.add_parser("evaluate", help="evaluate a saved model on a test split")
    evaluate.add_argument("model_file", type=Path, metavar="MODEL.keras")
    add_dataset_options(evaluate)
    evaluate.set_defaults(run=command_evaluate)

    blur = commands.add_parser("blur", help="box-blur an image file with the blur model")
    blur.add_argument("input", type=Path, metavar="INPUT")
    blur.add_argument("output", type=Path, metavar="OUTPUT")
    blur.add_argument("--size", type=positive_int, default=5, help="kernel size (default 5)")
    blur.add_argument("--compare", type=Path, metavar="FILE.png", help="also write a before/after picture")
    blur.set_defaults(run=command_blur)

    visualize = commands.add_parser("visualize", help="draw filters, feature maps, curves and confusions")
    visualize.add_argument("source", type=Path, metavar="RUN_DIR|MODEL.keras")
    source = visualize.add_mutually_exclusive_group()
    source.add_argument("--image", type=Path, help="the image whose feature maps to draw")
    source.add_argument("--dataset", default="digits", type=choice(data.DATASETS, "dataset"))
    visualize.add_argument("--data-dir", help="a prepared TFDS folder (default: TFDS_DATA_DIR)")
    visualize.add_argument("--out", type=Path, help="folder for the PNGs (default: RUN_DIR/figures)")
    visualize.set_defaults(run=command_visualize)
    return parser


def main(argv=None):
    args = make_parser().parse_args(argv)
    try:
        return args.run(args) or 0
    except (ValueError, data.DatasetUnavailable) as error:
        print(f"python -m models {args.command}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
