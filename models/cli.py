"""The command line: ``python -m models list | summary | train | evaluate | predict | blur | visualize``.

Every bad input ends with one line on stderr and exit status 2, never a
traceback. Arguments are checked before TensorFlow is imported (which takes
seconds), and the libraries' chatter (TensorFlow's C++ start-up notices and
log lines, the Python log warnings of TensorFlow, TFDS and Keras) is silenced
here, at the entry point, so that it cannot bury those lines.
"""

import argparse
import contextlib
import json
import logging
import math
import os
import re
import sys
import threading
from pathlib import Path

from models.arguments import MAX_BATCH_SIZE, MAX_EPOCHS, MAX_IMAGE_SIDE, MAX_SEED, check_kernel_fits
from models.commandline import EXIT_FAILED, EXIT_USAGE, INTERRUPTED, OneLineParser
from models.quiet import import_tensorflow
from models.registry import available_models, catalogue
from models.spec import TRAINED_KINDS
from models.training import runs
from models.training.distribute import STRATEGIES, check_distribute, is_chief
from models.training.images import read_image
from models.training.sources import DATASETS, DEFAULT_DATASETS, DatasetUnavailable, check_dataset, check_dataset_for

# TensorFlow's C++ log lines (absl's format: severity, date, time, thread, file:line]), such as
# "E0000 00:00:17... node_def_util.cc:682] NodeDef mentions attribute use_unbounded_threadpool ...",
# which TF 2.21 prints while it runs a tf.data pipeline, whatever TF_CPP_MIN_LOG_LEVEL says.
TENSORFLOW_LOG_LINE = re.compile(rb"^[IWEF]\d{4} \d\d:\d\d:\d+\.\d+ +\d+ [\w.]+:\d+\] ")


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


def int_up_to(maximum, smallest=1):
    return number(int, lambda value: smallest <= value <= maximum, f"an integer from {smallest} to {maximum:,}")


epochs = int_up_to(MAX_EPOCHS)
batch_size = int_up_to(MAX_BATCH_SIZE)
seed = int_up_to(MAX_SEED, smallest=0)
kernel_size = int_up_to(MAX_IMAGE_SIDE)
positive_float = number(float, lambda value: 0 < value < math.inf, "a positive finite number")


def image_shape(text):
    """Parses HEIGHTxWIDTHxCHANNELS, such as 28x28x1."""
    parts = text.lower().split("x")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        raise argparse.ArgumentTypeError(f"must look like 32x32x1 (height x width x channels), got {text!r}")
    shape = tuple(int(part) for part in parts)
    if not all(1 <= side <= MAX_IMAGE_SIDE for side in shape[:2]) or shape[2] not in (1, 3):
        raise argparse.ArgumentTypeError(
            f"needs a height and width from 1 to {MAX_IMAGE_SIDE} and 1 or 3 channels, got {text!r}"
        )
    return shape


def named_path(text):
    """A path that is not empty: ``Path("")`` would quietly mean the current folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError("must name a file or folder, got ''")
    return Path(text)


def existing_folder(text):
    if not Path(text).is_dir():
        raise argparse.ArgumentTypeError(f"must be an existing folder, got {text!r}")
    return text


def choice(names, what):
    """An argparse type that accepts one of ``names`` and lists them otherwise."""

    def check(text):
        if text not in names:
            raise argparse.ArgumentTypeError(f"unknown {what} {text!r}; available: {', '.join(names)}")
        return text

    return check


def checked(check, convert=str):
    """An argparse type that runs ``check(text)`` and turns its ValueError into a usage error."""

    def parse(text):
        try:
            check(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from error
        return convert(text)

    return parse


dataset = checked(check_dataset)
trained_model = checked(runs.model_file, Path)
image_file = checked(read_image, Path)


def command_list(args):
    for name, kind in catalogue().items():
        print(f"{name:10} {kind}")


def command_summary(args):
    import_tensorflow()
    from models.registry import build

    model = build(args.model, **({"input_shape": args.input_shape} if args.input_shape else {}))
    model.summary()
    print(f"{model.name}: {model.count_params():,} parameters ({model.count_params() / 1e6:.2f}M)")


def command_train(args):
    kind = catalogue()[args.model]
    args.dataset = check_dataset_for(kind, args.dataset or DEFAULT_DATASETS[kind])
    out = args.out or default_run_folder(args.model, args.dataset)
    runs.check_run_folder(out)
    only_pictures = runs.lacks_pictures(out)
    if not only_pictures:
        runs.check_unfinished(out)
    print(f"run folder: {out}")
    tf = import_tensorflow()
    from models.pictures.visualize import plot_run_results
    from models.training.train import train

    try:
        if only_pictures:
            print("its training is finished; drawing its pictures")
            metrics = runs.run_metrics(out)
        else:
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
                restart=args.restart,
                distribute=args.distribute,
            )
        if not is_chief(args.distribute):
            print(f"worker finished; the chief wrote the run folder ({score_in_words(metrics)})")
            return 0
        pictures = plot_run_results(out, data_dir=args.data_dir)
    except KeyboardInterrupt:
        print(f"\ninterrupted: run the same command again to go on from the last finished epoch in {out}",
              file=sys.stderr)  # fmt: skip
        return INTERRUPTED
    except tf.errors.UnavailableError:  # what a tf.distribute strategy raises when another worker stops
        print("\nanother worker stopped: start the same command on every machine again to go on from the last "
              "finished epoch", file=sys.stderr)  # fmt: skip
        return EXIT_FAILED
    print_run_summary(out, metrics, pictures)
    return 0


def default_run_folder(model, dataset):
    """runs/MODEL-DATASET, or the next free one; says why if it skips a finished run."""
    out, finished = runs.default_run_folder(model, dataset)
    if finished:
        print(f"{', '.join(map(str, finished))} already holds a finished run, so this one goes to a new folder")
    return out


def score_in_words(metrics):
    """A run's test score in words: accuracy, mean IoU or mAP at IoU 0.5."""
    if "test_mean_iou" in metrics:
        return f"test mean IoU {metrics['test_mean_iou']:.3f}"
    if "test_map50" in metrics:
        return f"test mAP@0.5 {metrics['test_map50']:.3f}"
    return f"test accuracy {metrics['test_accuracy']:.1%}"


def print_run_summary(out, metrics, pictures):
    """Where the run is, its test score in words, and what to do next."""
    if "test_accuracy" in metrics:
        right = round(metrics["test_accuracy"] * metrics["test_images"])
        print(
            f"{metrics['model']} recognised {right} of the {metrics['test_images']} test images "
            f"({metrics['test_accuracy']:.1%}) after {metrics['train_seconds']:.1f} s of training"
        )
    else:
        print(f"{metrics['model']}: {score_in_words(metrics)} on the {metrics['test_images']} test scenes "
              f"after {metrics['train_seconds']:.1f} s of training")  # fmt: skip
    best = next(key for key in metrics if key.startswith("best_validation_"))
    if metrics.get("best_epoch"):
        value = f"{metrics[best]:.1%}" if best == "best_validation_accuracy" else f"{metrics[best]:.4g}"
        print(
            f"its best {best.removeprefix('best_').replace('_', ' ')}, {value} after epoch "
            f"{metrics['best_epoch']}, is kept in {out / runs.BEST_FILE}"
        )
    print(f"the run is in {out}: {runs.MODEL_FILE}, {runs.METRICS_FILE}, {runs.LOG_FILE}, "
          f"{', '.join(path.name for path in pictures)}")  # fmt: skip
    print("next:")
    if "test_accuracy" in metrics:
        print(f"  python -m models visualize {out}              # filters, feature maps, Grad-CAM")
        print(f"  python -m models predict {out} YOUR_IMAGE.png   # the model on your own picture")
        print(f"  python -m models evaluate {out}               # test accuracy again, or on another --dataset")
    else:
        print(f"  python -m models visualize {out}              # filters, feature maps, test predictions")
        print(f"  python -m models predict {out} YOUR_IMAGE.png   # the model on your own picture, drawn to a PNG")
        print(f"  python -m models evaluate {out}               # the test score again")


def command_evaluate(args):
    import_tensorflow()
    from models.training.train import evaluate

    dataset = args.dataset or runs.run_metrics(args.source).get("dataset")
    result = evaluate(args.source, dataset, data_dir=args.data_dir, download=args.download)
    print(json.dumps(result, indent=2))


def command_predict(args):
    if args.out:
        runs.check_output_folder(args.out)
    import_tensorflow()
    if args.out and runs.source_kind(args.source) == "classifier":
        raise ValueError(f"{args.source} is a classifier: its answers are printed, there is no picture for --out")
    print_answers(args.source, args.images, args.out, args.invert)


def print_answers(source, images, out, invert):
    """A classifier's top classes for each picture; or a segmenter's areas or a detector's boxes, one per
    line, with the picture drawn into ``out`` (None: RUN/predictions, or MODEL-predictions beside a file)."""
    from models.pictures.visualize import draw_readings, scene_pictures_folder
    from models.training.predict import predict, read_scenes

    if runs.source_kind(source) == "classifier":
        print_predictions(predict(source, images, invert=invert))
        return
    readings = read_scenes(source, images, invert=invert)
    for reading, picture in zip(readings, draw_readings(readings, out or scene_pictures_folder(source)), strict=True):
        print(f"{reading.path}:{' [inverted]' if reading.inverted else ''}")
        if reading.kind == "segmenter":
            for name, pixels, share in reading.areas:
                print(f"  {name}: {pixels} pixels ({share:.1%} of the picture)")
            if not reading.areas:
                print("  nothing but background")
        else:
            for name, score, (x1, y1, x2, y2) in reading.boxes:
                print(f"  {name} ({score:.0%}) at x1={x1:g} y1={y1:g} x2={x2:g} y2={y2:g}")
            if not reading.boxes:
                print("  no box")
        print(f"  wrote {picture}")


def print_predictions(results):
    """One line per picture with its top classes, and a note if any was inverted."""
    for result in results:
        guesses = ", ".join(f"{name} ({probability:.1%})" for name, probability in result.top)
        print(f"{result.path}: {guesses}{' [inverted]' if result.inverted else ''}")
    if any(result.inverted for result in results):
        print(
            "[inverted]: a dark picture on a light background, turned light on dark like the "
            "training data before predicting; --no-invert keeps it as it is"
        )


def command_blur(args):
    from models.training.images import check_output_image, write_image

    check_output_image(args.output)
    if args.compare:
        if args.compare.suffix.lower() != ".png":
            raise ValueError(f"--compare writes a PNG: give it a .png name, got {args.compare}")
        check_output_image(args.compare, "--compare")
        if args.compare.resolve() == args.output.resolve():
            raise ValueError(f"--compare and the output are both {args.output}: give them different names")
    image = read_image(args.input)
    check_kernel_fits(args.size, *image.shape[:2])
    import_tensorflow()
    from models.zoo.blur import blur_array

    blurred = blur_array(image, args.size)
    write_image(blurred, args.output)
    height, width, channels = blurred.shape
    print(f"wrote {args.output} ({width}x{height}, {channels} channels, {args.size}x{args.size} box blur)")
    if args.compare:
        from models.pictures.visualize import plot_before_after

        print(f"wrote {plot_before_after(image, blurred, args.compare)}")


def command_visualize(args):
    if args.out:
        runs.check_output_folder(args.out)
    import_tensorflow()
    from models.pictures.visualize import visualize

    for path in visualize(args.source, args.out, args.image, args.dataset, args.data_dir, args.invert):
        print(f"wrote {path}")
    if args.image:
        print_answers(args.source, [args.image], args.out, args.invert)


def add_data_dir_options(parser):
    parser.add_argument("--data-dir", type=existing_folder, help="a prepared TFDS folder (default: TFDS_DATA_DIR)")
    parser.add_argument("--download", action="store_true", help="download a TFDS dataset if missing")


def add_invert_option(parser):
    parser.add_argument(
        "--no-invert",
        dest="invert",
        action="store_false",
        help="never invert a dark-on-light picture for a model trained on light-on-dark digits",
    )


def make_parser():
    parser = OneLineParser(prog="python -m models", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    datasets = f"{', '.join(DATASETS)}, or a folder with a subfolder of images per class"

    commands.add_parser("list", help="list the models").set_defaults(run=command_list)

    summary = commands.add_parser("summary", help="print a model's layers and parameter counts")
    summary.add_argument("model", type=choice(available_models(), "model"))
    summary.add_argument("--input-shape", type=image_shape, help="HxWxC (default: the model's own)")
    summary.set_defaults(run=command_summary)

    train = commands.add_parser("train", help="train a classifier, segmenter or detector and write a run folder")
    train.add_argument("model", type=choice(available_models(*TRAINED_KINDS), "model"))
    train.add_argument(
        "--dataset", type=dataset, help=f"{datasets} (default: digits, or digit_scenes for a segmenter or detector)"
    )
    add_data_dir_options(train)
    train.add_argument("--input-shape", type=image_shape, help="HxWxC (default: the model's own)")
    train.add_argument("--epochs", type=epochs, help="default: the model's own")
    train.add_argument("--batch-size", type=batch_size, help="default: the model's own")
    train.add_argument("--learning-rate", type=positive_float, help="default: the model's own")
    train.add_argument("--seed", type=seed, default=0)
    train.add_argument("--out", type=named_path, help="run folder (default: runs/MODEL-DATASET)")
    train.add_argument(
        "--restart", action="store_true", help="start an unfinished run in --out over instead of going on with it"
    )
    train.add_argument(
        "--distribute",
        type=checked(check_distribute),
        metavar="{" + ",".join(STRATEGIES) + "}",
        help="mirrored: all local GPUs; multi-worker: the machines TF_CONFIG names (--batch-size is the global batch)",
    )
    train.set_defaults(run=command_train)

    evaluate = commands.add_parser("evaluate", help="evaluate a trained model on a test split")
    evaluate.add_argument("source", type=trained_model, metavar="RUN_DIR|MODEL.keras")
    evaluate.add_argument("--dataset", type=dataset, help=f"{datasets} (default: the run's, or digits)")
    add_data_dir_options(evaluate)
    evaluate.set_defaults(run=command_evaluate)

    predict = commands.add_parser(
        "predict", help="a trained model on your own images: top-3 classes, class areas, or boxes (with a PNG)"
    )
    predict.add_argument("source", type=trained_model, metavar="RUN_DIR|MODEL.keras")
    predict.add_argument("images", type=image_file, nargs="+", metavar="IMAGE")
    predict.add_argument(
        "--out", type=named_path, help="folder for the PNGs of a segmenter or detector (default: RUN_DIR/predictions)"
    )
    add_invert_option(predict)
    predict.set_defaults(run=command_predict)

    blur = commands.add_parser("blur", help="box-blur an image file with the blur model")
    blur.add_argument("input", type=named_path, metavar="INPUT")
    blur.add_argument("output", type=named_path, metavar="OUTPUT")
    blur.add_argument("--size", type=kernel_size, default=5, help="kernel size (default 5)")
    blur.add_argument("--compare", type=named_path, metavar="FILE.png", help="also write a before/after picture")
    blur.set_defaults(run=command_blur)

    visualize = commands.add_parser("visualize", help="draw filters, feature maps, Grad-CAM, curves and confusions")
    visualize.add_argument("source", type=trained_model, metavar="RUN_DIR|MODEL.keras")
    source = visualize.add_mutually_exclusive_group()
    source.add_argument("--image", type=image_file, help="draw and predict this picture instead of test images")
    source.add_argument("--dataset", type=dataset, help=f"{datasets} (default: the run's, or digits)")
    visualize.add_argument("--data-dir", type=existing_folder, help="a prepared TFDS folder (default: TFDS_DATA_DIR)")
    visualize.add_argument("--out", type=named_path, help="folder for the PNGs (default: RUN_DIR/figures)")
    add_invert_option(visualize)
    visualize.set_defaults(run=command_visualize)
    return parser


def main(argv=None):
    args = make_parser().parse_args(argv)
    try:
        with library_warnings_dropped(), tensorflow_logs_dropped():
            return args.run(args) or 0
    except runs.TrainingDiverged as error:
        print(f"python -m models {args.command}: {error}", file=sys.stderr)
        return EXIT_FAILED
    except (ValueError, DatasetUnavailable) as error:
        print(f"python -m models {args.command}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"\npython -m models {args.command}: interrupted", file=sys.stderr)
        return INTERRUPTED


@contextlib.contextmanager
def library_warnings_dropped():
    """Drops every Python log record of level WARNING or below while a command runs, then puts logging back.

    Only the libraries log here: TensorFlow, and TFDS and Keras through absl, such as
    "WARNING:absl:Variant folder .../mnist/3.0.1 has no dataset_info.json" before a dataset
    that is not prepared. A library's warning is not ours to show: the command says in its
    own line what went wrong. Their errors still show.
    """
    previous = logging.root.manager.disable  # what logging.disable last set; 0 for nothing
    logging.disable(logging.WARNING)
    try:
        yield
    finally:
        logging.disable(previous)


@contextlib.contextmanager
def tensorflow_logs_dropped():
    """Passes everything written to file descriptor 2 on, except TensorFlow's C++ log lines.

    They are not errors of ours, and a student cannot tell them from ones.
    Python's own stderr goes through the same pipe, in order.
    """
    sys.stderr.flush()
    real_stderr = os.dup(2)
    reading, writing = os.pipe()
    os.dup2(writing, 2)
    os.close(writing)

    def forward():
        with os.fdopen(reading, "rb") as pipe:
            for line in pipe:
                if not TENSORFLOW_LOG_LINE.match(line):
                    os.write(real_stderr, line)

    forwarder = threading.Thread(target=forward, daemon=True)
    forwarder.start()
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(real_stderr, 2)  # closes the pipe's last writing end, so the forwarder ends
        forwarder.join()
        os.close(real_stderr)
