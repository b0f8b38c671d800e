"""Bad input of every kind: one line and exit 2 from the command line, one ValueError from Python, nothing touched.

Every case runs against the same folder of ready-made bad and good files,
and the whole tree (names and contents) must be the same afterwards.
"""

import hashlib
import logging
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

import models
from models.pictures.visualize import visualize
from models.registry import available_models
from models.training import images, runs
from models.training.predict import predict
from models.training.train import evaluate, train
from models.zoo.blur import blur_array
from tests.conftest import run_module


def snapshot(folder):
    """Every file and folder under ``folder`` with the hash of its content."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder"
        for path in sorted(folder.rglob("*"))
    }


def png_header_only(path, width, height):
    """A PNG that claims width x height grey pixels but holds almost none: a decompression bomb's header."""

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)))


def class_folders(root, counts, broken=None, bomb=None):
    for name, count in counts.items():
        (root / name).mkdir(parents=True)
        for i in range(count):
            Image.new("L", (8, 8), color=i * 20).save(root / name / f"{i}.png")
    if broken:
        (root / broken / "cut.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    if bomb:
        png_header_only(root / bomb / "bomb.png", 20_000, 20_000)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """One folder of everything the bad inputs point at; no case may change it."""
    tmp = tmp_path_factory.mktemp("inputs")
    (tmp / "notes.txt").write_text("not a picture")
    (tmp / "cut.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    Image.new("RGB", (8, 8)).save(tmp / "ok.png")
    png_header_only(tmp / "bomb.png", 20_000, 20_000)
    finished = tmp / "finished"
    finished.mkdir()
    (finished / "metrics.json").write_text('{"test_accuracy": 0.99}\n')
    models.build("lenet").save(tmp / "lenet.keras")
    models.build("blur").save(tmp / "blur.keras")
    (tmp / "corrupt.keras").write_bytes((tmp / "lenet.keras").read_bytes()[:2000])
    (tmp / "garbage.keras").write_bytes(b"PK\x03\x04 not really a zip")
    with open(tmp / "other.keras", "wb") as other:  # a zip archive, but no model in it
        import zipfile

        with zipfile.ZipFile(other, "w") as archive:
            archive.writestr("readme.txt", "hello")
    broken_metrics = tmp / "broken_metrics"
    broken_metrics.mkdir()
    (broken_metrics / "model.keras").write_bytes((tmp / "lenet.keras").read_bytes())
    (broken_metrics / "metrics.json").write_text('{"dataset": "digits", ')
    (tmp / "empty" / "a").mkdir(parents=True)
    class_folders(tmp / "one_class", {"a": 5})
    class_folders(tmp / "few", {"a": 5, "b": 2})
    class_folders(tmp / "broken", {"a": 5, "b": 5}, broken="b")
    class_folders(tmp / "bombs", {"a": 5, "b": 5}, bomb="a")
    class_folders(tmp / "three", {"a": 5, "b": 5, "c": 5})
    (tmp / "tfds" / "mnist" / "3.0.1").mkdir(parents=True)
    (tmp / "tfds" / "mnist" / "3.0.1" / "dataset_info.json").write_text("{ not json")
    (tmp / "others").mkdir()
    (tmp / "others" / "thesis.tex").write_text("precious")
    (tmp / "folder.png").mkdir()
    return tmp


TRAINED = ", ".join(available_models("classifier", "segmenter", "detector"))
TRAINED_KINDS = "classifier, segmenter or detector"
A_FILTER = available_models("filter")[0]

# name: (arguments, a fragment of the one error line); {tmp} is the files folder.
BAD_COMMAND_LINES = {
    "no command": ([], "the following arguments are required: COMMAND"),
    "unknown command": (["fly"], "invalid choice: 'fly'"),
    "list with an argument": (["list", "all"], "unrecognized arguments: all"),
    # train: the model and the data
    "train without a model": (["train"], "the following arguments are required: model"),
    "unknown model": (["train", "alexnet"], f"unknown model 'alexnet'; available: {TRAINED}"),
    "a filter is not trained": (["train", A_FILTER], f"unknown model '{A_FILTER}'; available: {TRAINED}"),
    "unknown option": (["train", "lenet", "--epoch", "3", "--fast"], "unrecognized arguments: --fast"),
    "unknown dataset": (["train", "lenet", "--dataset", "svhn"], "available: digits, cifar10"),
    "empty folder": (["train", "lenet", "--dataset", "{tmp}/empty"], "holds no images in class subfolders"),
    "one class": (["train", "lenet", "--dataset", "{tmp}/one_class"], "has a single class (a)"),
    "too few images": (["train", "vgg", "--dataset", "{tmp}/few"], "class 'b' in {tmp}/few has 2 images"),
    "unreadable image": (["train", "lenet", "--dataset", "{tmp}/broken"], "{tmp}/broken/b/cut.png is not an image"),
    "a bomb in the data": (["train", "lenet", "--dataset", "{tmp}/bombs"], "bomb.png has far too many pixels"),
    "a file as dataset": (["train", "lenet", "--dataset", "{tmp}/notes.txt"], "unknown dataset"),
    "not offline": (["train", "lenet", "--dataset", "mnist", "--data-dir", "{tmp}/empty"], "not prepared"),
    "garbage TFDS folder": (["train", "lenet", "--dataset", "mnist", "--data-dir", "{tmp}/tfds"], "usable copy"),
    "missing --data-dir": (["train", "lenet", "--data-dir", "{tmp}/nowhere"], "must be an existing folder"),
    "a file as --data-dir": (["train", "lenet", "--data-dir", "{tmp}/notes.txt"], "must be an existing folder"),
    # train: numbers
    "epochs 0": (["train", "lenet", "--epochs", "0"], "--epochs: must be an integer from 1 to 10,000, got '0'"),
    "negative epochs": (["train", "lenet", "--epochs", "-1"], "got '-1'"),
    "fractional epochs": (["train", "lenet", "--epochs", "1.5"], "got '1.5'"),
    "absurd epochs": (["train", "lenet", "--epochs", "1000000000"], "from 1 to 10,000, got '1000000000'"),
    "epochs in words": (["train", "lenet", "--epochs", "ten"], "got 'ten'"),
    "empty epochs": (["train", "lenet", "--epochs", ""], "got ''"),
    "negative batch size": (["train", "lenet", "--batch-size", "-3"], "got '-3'"),
    "batch size 0": (["train", "lenet", "--batch-size", "0"], "from 1 to 65,536, got '0'"),
    "absurd batch size": (["train", "lenet", "--batch-size", "99999999"], "got '99999999'"),
    "bad learning rate": (["train", "vgg", "--learning-rate", "fast"], "positive finite number, got 'fast'"),
    "learning rate 0": (["train", "lenet", "--learning-rate", "0"], "got '0'"),
    "negative learning rate": (["train", "lenet", "--learning-rate", "-0.1"], "got '-0.1'"),
    "infinite learning rate": (["train", "lenet", "--learning-rate", "inf"], "positive finite number, got 'inf'"),
    "overflowing learning rate": (["train", "lenet", "--learning-rate", "1e999"], "got '1e999'"),
    "NaN learning rate": (["train", "lenet", "--learning-rate", "nan"], "got 'nan'"),
    "negative seed": (["train", "lenet", "--seed", "-1"], "from 0 to 4,294,967,295, got '-1'"),
    "huge seed": (["train", "lenet", "--seed", "99999999999"], "got '99999999999'"),
    "seed in words": (["train", "lenet", "--seed", "lucky"], "got 'lucky'"),
    # train: shapes
    "shape too small": (["train", "lenet", "--input-shape", "8x8x1"], "cannot take input shape (8, 8, 1)"),
    "shape of zeros": (["train", "lenet", "--input-shape", "0x0x1"], "from 1 to 1024 and 1 or 3 channels"),
    "shape too large to allocate": (["train", "lenet", "--input-shape", "100000x100000x3"], "got '100000x100000x3'"),
    "shape over the memory budget": (["train", "vgg", "--input-shape", "1024x1024x3"], "too large to train"),
    "two channels to train": (["train", "lenet", "--input-shape", "32x32x2"], "1 or 3 channels"),
    "two numbers": (["train", "lenet", "--input-shape", "32x32"], "must look like 32x32x1"),
    "negative side": (["train", "lenet", "--input-shape", "-32x32x1"], "--input-shape: expected one argument"),
    # train: the run folder
    "empty --out": (["train", "lenet", "--out", ""], "--out: must name a file or folder, got ''"),
    "blank --out": (["train", "lenet", "--out", "  "], "--out: must name a file or folder"),
    "--out is a file": (["train", "lenet", "--out", "{tmp}/notes.txt"], "{tmp}/notes.txt is a file, not a run"),
    "--out holds other files": (["train", "lenet", "--out", "{tmp}/others"], "holds other files (thesis.tex)"),
    "--out inside a file": (["train", "lenet", "--out", "{tmp}/notes.txt/run"], "{tmp}/notes.txt is a file"),
    "finished run": (["train", "lenet", "--out", "{tmp}/finished"], "already holds a finished run"),
    # summary
    "unknown summary model": (["summary", "alexnet"], f"available: {', '.join(available_models())}"),
    "shape not parsed": (["summary", "vgg", "--input-shape", "32by32"], "must look like 32x32x1"),
    "two channels": (["summary", "vgg", "--input-shape", "32x32x2"], "1 or 3 channels"),
    "huge summary shape": (["summary", "lenet", "--input-shape", "5000x5000x1"], "from 1 to 1024"),
    # evaluate
    "not a model": (["evaluate", "{tmp}/notes.txt"], "is neither a run folder nor a .keras model file"),
    "a folder without a model": (["evaluate", "{tmp}/finished"], "holds no model.keras"),
    "a missing model": (["evaluate", "{tmp}/nope.keras"], "neither a run folder nor a .keras"),
    "a cut-off .keras": (["evaluate", "{tmp}/corrupt.keras"], "not a valid .keras model: {tmp}/corrupt.keras"),
    "a fake zip": (["evaluate", "{tmp}/garbage.keras"], "not a valid .keras model: {tmp}/garbage.keras is not"),
    "a zip without a model": (["evaluate", "{tmp}/other.keras"], "not a valid .keras model: {tmp}/other.keras"),
    "not a classifier": (["evaluate", "{tmp}/blur.keras"], "is not an image classifier"),
    "evaluate on another dataset": (["evaluate", "{tmp}/lenet.keras", "--dataset", "svhn"], "unknown dataset"),
    "evaluate on other classes": (["evaluate", "{tmp}/lenet.keras", "--dataset", "{tmp}/three"], "but {tmp}/three"),
    "evaluate with a missing --data-dir": (["evaluate", "{tmp}/lenet.keras", "--data-dir", "{tmp}/x"], "existing"),
    "broken metrics.json": (["evaluate", "{tmp}/broken_metrics"], "metrics.json is not valid JSON"),
    # predict
    "predict a missing image": (["predict", "{tmp}/lenet.keras", "{tmp}/nope.png"], "{tmp}/nope.png: no such image"),
    "predict a text file": (["predict", "{tmp}/lenet.keras", "{tmp}/notes.txt"], "not an image that Pillow can read"),
    "predict without a model": (["predict", "{tmp}/ok.png", "{tmp}/ok.png"], "neither a run folder nor a .keras"),
    "predict without images": (["predict", "{tmp}/lenet.keras"], "the following arguments are required: IMAGE"),
    "predict a bomb": (["predict", "{tmp}/lenet.keras", "{tmp}/bomb.png"], "a decompression bomb?"),
    "predict a cut-off image": (["predict", "{tmp}/lenet.keras", "{tmp}/cut.png"], "not an image that Pillow"),
    "predict a folder": (["predict", "{tmp}/lenet.keras", "{tmp}/empty"], "no such image file"),
    "predict with a cut-off model": (["predict", "{tmp}/corrupt.keras", "{tmp}/ok.png"], "not a valid .keras model"),
    "predict with a filter": (["predict", "{tmp}/blur.keras", "{tmp}/ok.png"], "is not an image classifier"),
    # blur
    "missing file": (["blur", "{tmp}/nope.jpg", "{tmp}/o.png"], "no such image file"),
    "not an image": (["blur", "{tmp}/notes.txt", "{tmp}/o.png"], "not an image that Pillow can read"),
    "cut-off image": (["blur", "{tmp}/cut.png", "{tmp}/o.png"], "not an image that Pillow can read"),
    "a folder": (["blur", "{tmp}", "{tmp}/o.png"], "no such image file"),
    "blur a bomb": (["blur", "{tmp}/bomb.png", "{tmp}/o.png"], "(a decompression bomb?): shrink it first"),
    "unknown output format": (["blur", "{tmp}/ok.png", "{tmp}/o.xyz"], "cannot tell the image format"),
    "blur size 0": (["blur", "{tmp}/ok.png", "{tmp}/o.png", "--size", "0"], "got '0'"),
    "huge blur size": (["blur", "{tmp}/ok.png", "{tmp}/o.png", "--size", "10000000000"], "from 1 to 1,024"),
    "blur size over the image": (["blur", "{tmp}/ok.png", "{tmp}/o.png", "--size", "9"], "larger than the image"),
    "output in a missing folder": (["blur", "{tmp}/ok.png", "{tmp}/nowhere/o.png"], "{tmp}/nowhere does not exist"),
    "output onto a folder": (["blur", "{tmp}/ok.png", "{tmp}/folder.png"], "the output {tmp}/folder.png is a folder"),
    "empty output": (["blur", "{tmp}/ok.png", ""], "must name a file or folder, got ''"),
    "output inside a file": (["blur", "{tmp}/ok.png", "{tmp}/notes.txt/o.png"], "does not exist"),
    "compare not a PNG": (["blur", "{tmp}/ok.png", "{tmp}/o.png", "--compare", "{tmp}/c.jpg"], "writes a PNG"),
    "compare in a missing folder": (["blur", "{tmp}/ok.png", "{tmp}/o.png", "--compare", "{tmp}/no/c.png"], "exist"),
    "compare onto a folder": (["blur", "{tmp}/ok.png", "{tmp}/o.png", "--compare", "{tmp}/folder.png"], "a folder"),
    "compare onto the output": (["blur", "{tmp}/ok.png", "{tmp}/o.png", "--compare", "{tmp}/o.png"], "both"),
    "unreadable input, compare fine": (["blur", "{tmp}/cut.png", "{tmp}/o.png", "--compare", "{tmp}/c.png"], "Pillow"),
    # visualize
    "visualize not a model": (["visualize", "{tmp}/notes.txt"], "neither a run folder nor a .keras"),
    "visualize a cut-off model": (["visualize", "{tmp}/corrupt.keras"], "not a valid .keras model"),
    "visualize into a file": (["visualize", "{tmp}/lenet.keras", "--out", "{tmp}/notes.txt"], "is a file, not a"),
    "visualize inside a file": (["visualize", "{tmp}/lenet.keras", "--out", "{tmp}/notes.txt/f"], "is a file"),
    "visualize a missing image": (["visualize", "{tmp}/lenet.keras", "--image", "{tmp}/nope.png"], "no such image"),
    "visualize image and dataset": (
        ["visualize", "{tmp}/lenet.keras", "--image", "{tmp}/ok.png", "--dataset", "digits"],
        "not allowed with argument --image",
    ),  # fmt: skip
    "visualize an unknown dataset": (["visualize", "{tmp}/lenet.keras", "--dataset", "svhn"], "unknown dataset"),
    "visualize with an empty --out": (["visualize", "{tmp}/lenet.keras", "--out", ""], "must name a file or folder"),
}


def test_there_are_at_least_80_bad_command_lines_and_30_bad_calls():
    assert len(BAD_COMMAND_LINES) >= 80 and len(BAD_CALLS) >= 30


@pytest.mark.parametrize("case", BAD_COMMAND_LINES, ids=list(BAD_COMMAND_LINES))
def test_a_bad_command_line_is_one_line_and_exit_2_and_touches_nothing(cli, files, case, monkeypatch, caplog):
    args, fragment = BAD_COMMAND_LINES[case]
    monkeypatch.chdir(files)  # a default run folder would be written here
    before = snapshot(files)
    status, out, err = cli(*(a.format(tmp=files) for a in args))
    assert status == 2, err
    assert fragment.format(tmp=files) in err
    assert len(err.splitlines()) == 1 and err.startswith("python -m models") and err.endswith("\n")
    # A library's log warning would be one more line on a real process's stderr; here pytest catches it.
    assert [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING] == []
    assert snapshot(files) == before  # nothing written, nothing lost


def test_a_dataset_that_is_not_prepared_is_one_line_from_a_real_process(files):
    """The case of ``BAD_COMMAND_LINES`` that once showed a library's warning (TFDS's, through absl) first."""
    before = snapshot(files)
    result = run_module("models", "train", "lenet", "--dataset", "mnist", "--data-dir", files / "empty", cwd=files)
    assert result.returncode == 2 and snapshot(files) == before
    assert result.stderr.splitlines() == [
        f"python -m models train: error: dataset 'mnist' is not prepared in {files / 'empty'}: point --data-dir "
        "(or TFDS_DATA_DIR) at a prepared TFDS folder, or add --download to fetch it (needs internet)"
    ]


# name: (a function of the files folder that makes the bad call, a fragment of the ValueError).
BAD_CALLS = {
    "train an unknown model": (lambda tmp: train("alexnet", tmp / "r"), f"unknown {TRAINED_KINDS} model 'alexnet'"),
    "train a filter": (lambda tmp: train(A_FILTER, tmp / "r"), f"unknown {TRAINED_KINDS} model '{A_FILTER}'"),
    "epochs 0": (lambda tmp: train("lenet", tmp / "r", epochs=0), "epochs must be a positive integer, got 0"),
    "epochs 1.5": (lambda tmp: train("lenet", tmp / "r", epochs=1.5), "got 1.5"),
    "epochs True": (lambda tmp: train("lenet", tmp / "r", epochs=True), "got True"),
    "absurd epochs": (lambda tmp: train("lenet", tmp / "r", epochs=10**9), "epochs must be at most 10,000"),
    "batch size 0": (lambda tmp: train("lenet", tmp / "r", batch_size=0), "batch_size must be a positive integer"),
    "absurd batch size": (lambda tmp: train("lenet", tmp / "r", batch_size=10**8), "at most 65,536"),
    "negative rate": (lambda tmp: train("lenet", tmp / "r", learning_rate=-1), "positive finite number, got -1"),
    "infinite rate": (lambda tmp: train("lenet", tmp / "r", learning_rate=float("inf")), "got inf"),
    "NaN rate": (lambda tmp: train("lenet", tmp / "r", learning_rate=float("nan")), "got nan"),
    "rate as text": (lambda tmp: train("lenet", tmp / "r", learning_rate="0.1"), "got '0.1'"),
    "negative seed": (lambda tmp: train("lenet", tmp / "r", seed=-1), "seed must be an integer from 0 to"),
    "huge seed": (lambda tmp: train("lenet", tmp / "r", seed=2**40), "got 1099511627776"),
    "seed 1.5": (lambda tmp: train("lenet", tmp / "r", seed=1.5), "got 1.5"),
    "unknown dataset": (lambda tmp: train("lenet", tmp / "r", dataset="svhn"), "unknown dataset 'svhn'"),
    "shape too small": (lambda tmp: train("lenet", tmp / "r", input_shape=(8, 8, 1)), "input shape (8, 8, 1)"),
    "shape of two": (lambda tmp: train("lenet", tmp / "r", input_shape=(32, 32)), "input shape (32, 32)"),
    "shape too large": (lambda tmp: train("lenet", tmp / "r", input_shape=(9999, 9999, 1)), "from 1 to 1024"),
    "over the budget": (lambda tmp: train("vgg", tmp / "r", input_shape=(1024, 1024, 3)), "too large to train"),
    "empty out": (lambda tmp: train("lenet", ""), "the run folder must have a name"),
    "out is a file": (lambda tmp: train("lenet", tmp / "notes.txt"), "is a file, not a run folder"),
    "out holds other files": (lambda tmp: train("lenet", tmp / "others"), "holds other files"),
    "finished run": (lambda tmp: train("lenet", tmp / "finished"), "already holds a finished run"),
    "visualize into a file": (lambda tmp: visualize(tmp / "lenet.keras", tmp / "notes.txt"), "is a file, not a"),
    "read a missing image": (lambda tmp: images.read_image(tmp / "nope.png"), "no such image file"),
    "read a text file": (lambda tmp: images.read_image(tmp / "notes.txt"), "not an image that Pillow can read"),
    "read a bomb": (lambda tmp: images.read_image(tmp / "bomb.png"), "a decompression bomb?"),
    "write onto a folder": (
        lambda tmp: images.write_image(np.zeros((2, 2, 1), np.uint8), tmp / "folder.png"),
        "is a folder",
    ),  # fmt: skip
    "write into a missing folder": (
        lambda tmp: images.write_image(np.zeros((2, 2, 1), np.uint8), tmp / "x/o.png"),
        "does not exist",
    ),  # fmt: skip
    "write an unknown format": (
        lambda tmp: images.write_image(np.zeros((2, 2, 1), np.uint8), tmp / "o.xyz"),
        "cannot tell the image format",
    ),  # fmt: skip
    "blur size 0": (lambda tmp: blur_array(np.zeros((8, 8, 3), np.uint8), 0), "kernel_size must be a positive"),
    "blur over the image": (lambda tmp: blur_array(np.zeros((8, 8, 3), np.uint8), 9), "blur size 9 is larger"),
    "blur huge": (lambda tmp: models.build("blur", kernel_size=10**9), "kernel_size must be at most 1,024"),
    "build too small": (lambda tmp: models.build("lenet", input_shape=(8, 8, 1)), "input shape (8, 8, 1)"),
    "build unknown": (lambda tmp: models.build("alexnet"), "unknown model 'alexnet'"),
    "load a cut-off model": (lambda tmp: runs.load_model(tmp / "corrupt.keras"), "not a valid .keras model"),
    "load a zip without a model": (lambda tmp: runs.load_model(tmp / "other.keras"), "not a valid .keras model"),
    "load a filter": (lambda tmp: runs.load_model(tmp / "blur.keras"), "is not an image classifier"),
    "predict with a cut-off model": (lambda tmp: predict(tmp / "corrupt.keras", [tmp / "ok.png"]), "not a valid"),
    "evaluate a filter": (lambda tmp: evaluate(tmp / "blur.keras"), "is not an image classifier"),
    "evaluate on other classes": (lambda tmp: evaluate(tmp / "lenet.keras", str(tmp / "three")), "has 3"),
}


@pytest.mark.parametrize("case", BAD_CALLS, ids=list(BAD_CALLS))
def test_a_bad_call_is_one_value_error_and_touches_nothing(files, case, monkeypatch):
    call, fragment = BAD_CALLS[case]
    monkeypatch.chdir(files)
    before = snapshot(files)
    with pytest.raises(ValueError) as error:
        call(files)
    message = str(error.value)
    assert fragment in message and "\n" not in message
    assert snapshot(files) == before
