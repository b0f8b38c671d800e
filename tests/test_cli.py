"""``python -m models``: training runs, resuming, blurring files, and bad input."""

import csv
import hashlib
import json
import re
import signal
import subprocess
import sys

import numpy as np
import pytest
import tensorflow as tf
from PIL import Image

from models.registry import available_models, catalogue
from models.training.images import read_image
from models.training.train import train
from tests.conftest import ROOT, run_module


def log_epochs(run):
    with open(run / "log.csv") as log:
        return [int(row["epoch"]) for row in csv.DictReader(log)]


def test_list_answers_without_importing_tensorflow():
    script = "import sys; from models.cli import main; main(['list']); "
    script += "print(sorted({'tensorflow', 'keras'} & {*sys.modules}))"
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    *rows, imported = result.stdout.strip().splitlines()
    assert [row.split() for row in rows] == [[name, kind] for name, kind in catalogue().items()]
    assert [name for name, _ in catalogue().items()] == available_models()
    assert imported == "[]"


def test_import_models_neither_loads_tensorflow_nor_touches_stderr():
    # Only the command line silences TensorFlow's start-up chatter (by pointing
    # file descriptor 2 elsewhere with os.dup2); importing or using the zoo must not.
    script = (
        "import os, sys\n"
        "calls = []\n"
        "dup2 = os.dup2\n"
        "os.dup2 = lambda *args, **kwargs: (calls.append(args), dup2(*args, **kwargs))[1]\n"
        "import models\n"
        "print('tensorflow' in sys.modules)\n"
        "models.build('lenet')\n"
        "print('tensorflow' in sys.modules, len(calls))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "0"]


def test_summary(cli):
    status, out, _ = cli("summary", "lenet")
    assert status == 0 and "block1_conv1" in out and "61,706" in out
    status, out, _ = cli("summary", "lenet", "--input-shape", "28x28x1")
    assert status == 0 and "(None, 24, 24, 6)" in out
    status, out, _ = cli("summary", "resnet")
    assert status == 0 and "conv4_block3_out" in out
    assert out.strip().splitlines()[-1] == "resnet20: 271,098 parameters (0.27M)"


def test_a_second_train_says_why_it_writes_a_new_folder_and_evaluate_agrees(tmp_path, cli, monkeypatch):
    first = tmp_path / "runs" / "lenet-digits"
    first.mkdir(parents=True)
    (first / "metrics.json").write_text('{"test_accuracy": 0.99}\n')
    monkeypatch.chdir(tmp_path)
    status, out, err = cli("train", "lenet", "--epochs", "1")
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0] == "runs/lenet-digits already holds a finished run, so this one goes to a new folder"
    assert lines[1] == "run folder: runs/lenet-digits-2"
    run = tmp_path / "runs" / "lenet-digits-2"
    expected = {"model.keras", "best.keras", "log.csv", "tensorboard", "metrics.json", "curves.png",
                "confusion_matrix.png", "misclassified.png"}  # fmt: skip
    assert {p.name for p in run.iterdir()} == expected  # no backup/ left, no temporary files
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["epochs"] == 1 and metrics["dataset"] == "digits" and metrics["seed"] == 0
    assert metrics["parameters"] == 61_706 and metrics["test_images"] == 360
    assert metrics["class_names"] == [str(d) for d in range(10)]
    assert any(f"test images ({metrics['test_accuracy']:.1%})" in line for line in lines)
    assert log_epochs(run) == [0]
    assert any((run / "tensorboard").rglob("events.out.tfevents.*"))

    for source in (run, run / "model.keras"):
        status, out, err = cli("evaluate", source)
        assert status == 0, err
        evaluated = json.loads(out)
        assert evaluated["test_images"] == 360
        assert evaluated["test_accuracy"] == pytest.approx(metrics["test_accuracy"], abs=1e-6)


def test_train_on_a_folder_of_pictures_end_to_end(cli, picture_folder, tmp_path):
    run = tmp_path / "run"
    status, out, err = cli("train", "lenet", "--dataset", picture_folder, "--epochs", "3", "--out", run)
    assert status == 0, err
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["class_names"] == ["one", "two", "zero"] and metrics["dataset"] == str(picture_folder)
    assert metrics["test_images"] == 17 and metrics["input_shape"] == [32, 32, 1]
    assert {"curves.png", "confusion_matrix.png"} <= {p.name for p in run.iterdir()}

    status, out, err = cli("predict", run, picture_folder / "two" / "000.png")
    assert status == 0, err
    names = [guess.split(" ")[0] for guess in out.split(": ", 1)[1].split(", ")]
    assert sorted(names) == ["one", "two", "zero"] and "[inverted]" not in out


def test_a_rerun_with_other_settings_is_refused_and_restart_starts_over(tmp_path, cli):
    run = tmp_path / "run"
    # A test run started in the background inherits SIGINT ignored: Ctrl-C must raise KeyboardInterrupt here.
    handler = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt), pytest.MonkeyPatch.context() as patch:
            patch.setenv("MODELS_TEST_FAULT", "SIGINT@fit done")
            train("lenet", run, epochs=1, verbose=0)
    finally:
        signal.signal(signal.SIGINT, handler)
    before = digest(run)
    for args, difference in [
        (["--epochs", "2"], "epochs 1, not 2"),
        (["--epochs", "1", "--learning-rate", "0.01"], "learning_rate 0.003, not 0.01"),
        (["--epochs", "1", "--input-shape", "28x28x1"], "input_shape [32, 32, 1], not [28, 28, 1]"),
        (["--epochs", "1", "--seed", "3"], "seed 0, not 3"),
    ]:
        status, _, err = cli("train", "lenet", "--out", run, *args)
        assert status == 2 and err.strip().splitlines() == [
            f"python -m models train: error: {run} holds an unfinished run with {difference}: repeat its settings "
            "to go on from epoch 2, or add --restart to start over"
        ]
        assert digest(run) == before
    status, out, err = cli("train", "lenet", "--out", run, "--epochs", "2", "--restart")
    assert status == 0, err
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["epochs"] == 2 and metrics["resumed"] is False and log_epochs(run) == [0, 1]


def test_a_nan_loss_stops_training_in_one_line(tmp_path, cli):
    status, out, err = cli("train", "lenet", "--epochs", "2", "--learning-rate", "1e30", "--out", tmp_path / "run")
    assert status == 1
    assert err.strip().splitlines() == [
        f"python -m models train: training stopped: the loss became NaN in epoch 1, so the learning rate 1e+30 is "
        f"too large for this model; {tmp_path / 'run'} keeps the 0 finished epochs. Start over with a smaller "
        "--learning-rate and --restart"
    ]
    assert not (tmp_path / "run" / "metrics.json").exists()


def test_same_seed_gives_same_metrics(tmp_path):
    first = train("lenet", tmp_path / "a", epochs=1, seed=7, verbose=0)
    second = train("lenet", tmp_path / "b", epochs=1, seed=7, verbose=0)
    for timing in ("train_seconds", "train_cpu_seconds"):
        first.pop(timing), second.pop(timing)
    assert first == second


def test_blur_a_real_photo_keeps_size_and_colour(tmp_path, photo, cli):
    source, target = tmp_path / "photo.jpg", tmp_path / "blurred.png"
    Image.fromarray(photo).save(source, quality=95)
    status, _, err = cli("blur", source, target)
    assert status == 0, err
    original, blurred = read_image(source), read_image(target)
    assert blurred.shape == original.shape == (427, 640, 3) and blurred.dtype == np.uint8
    kernel = tf.ones((5, 5, 3, 1)) / 25
    expected = tf.nn.depthwise_conv2d(original[None].astype("float32"), kernel, [1, 1, 1, 1], "SAME")[0]
    np.testing.assert_array_equal(blurred, np.clip(np.rint(expected), 0, 255).astype(np.uint8))
    # Colour survives: the channels still differ (the seed's conv2d makes them equal).
    assert np.abs(blurred[..., 0].astype(int) - blurred[..., 2]).mean() > 5


def test_blur_writes_jpeg_of_the_same_size(tmp_path, photo, cli):
    source, target = tmp_path / "photo.png", tmp_path / "out.jpg"
    Image.fromarray(photo).save(source)
    status, _, err = cli("blur", source, target, "--size", "3")
    assert status == 0, err
    with Image.open(target) as image:
        assert image.format == "JPEG" and image.size == (640, 427) and image.mode == "RGB"


def digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


def test_bad_input_from_a_real_process(tmp_path):
    result = run_module("models", "train", "lenet", "--epochs", "0", "--out", tmp_path / "run")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "python -m models train: error: argument --epochs: must be an integer from 1 to 10,000, got '0'"
    ]
    assert not (tmp_path / "run").exists()


# The models that say where: a segmenter and a detector


@pytest.fixture
def small_scenes(monkeypatch):
    """``digit_scenes`` cut to 48 training, 16 validation and 32 test scenes, for runs of seconds."""
    from models.training import scenes

    for split, count in {"train": 48, "validation": 16, "test": 32}.items():
        monkeypatch.setitem(scenes.SCENE_COUNTS, split, count)
    scenes.digit_scenes.cache_clear()
    yield scenes
    scenes.digit_scenes.cache_clear()


@pytest.mark.slow
@pytest.mark.parametrize("model, score", [("unet", "test_mean_iou"), ("detector", "test_map50")])
def test_train_evaluate_predict_and_visualize_a_model_that_says_where(cli, tmp_path, small_scenes, model, score):
    run = tmp_path / "run"
    status, out, err = cli("train", model, "--epochs", "1", "--out", run)
    assert status == 0, err
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["dataset"] == "digit_scenes" and metrics["kind"] == catalogue()[model]
    assert metrics["test_images"] == 32 and 0 <= metrics[score] <= 1 and metrics["train_cpu_seconds"] > 0
    per_class = metrics["test_iou_per_class" if model == "unet" else "test_ap50_per_class"]
    assert list(per_class) == (["background"] if model == "unet" else []) + [str(d) for d in range(10)]
    assert {"curves.png", "predictions.png", "best.keras"} <= {path.name for path in run.iterdir()}
    assert f"{model}: test " in out

    status, out, err = cli("evaluate", run / "model.keras")
    assert status == 0, err
    assert json.loads(out)[score] == pytest.approx(metrics[score], abs=1e-6)

    picture = tmp_path / "scene.png"
    Image.fromarray(np.rint(small_scenes.digit_scenes("test").images[0, ..., 0] * 255).astype("uint8")).resize(
        (128, 96)
    ).save(picture)
    status, out, err = cli("predict", run, picture, "--out", tmp_path / "drawn")
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0] == f"{picture}:" and lines[-1] == f"  wrote {tmp_path / 'drawn' / 'scene.png'}"
    pattern = r"  \d: \d+ pixels \(\d+\.\d% of the picture\)" if model == "unet" else r"  \d \(\d+%\) at x1=.* y2=.*"
    assert all(re.fullmatch(pattern, line) for line in lines[1:-1]) or lines[1] in ("  nothing but background",
                                                                                   "  no box")  # fmt: skip
    with Image.open(tmp_path / "drawn" / "scene.png") as drawn:
        assert drawn.format == "PNG" and drawn.width > 200

    status, out, err = cli("visualize", run, "--out", tmp_path / "figures")
    assert status == 0, err
    written = {path.name for path in (tmp_path / "figures").iterdir()}
    assert {"filters.png", "predictions.png", "curves.png", "feature_maps_bottleneck_conv2.png"} <= written
    assert "gradcam.png" not in written


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["train", "unet", "--dataset", "digits"], "a segmenter learns from digit_scenes, which have masks and boxes"),
        (["train", "lenet", "--dataset", "digit_scenes"], "digit_scenes has no single class per image"),
        (["train", "detector", "--epochs", "0"], "--epochs: must be an integer from 1 to 10,000, got '0'"),
        (["train", "unet", "--input-shape", "64x64x2"], "1 or 3 channels, got '64x64x2'"),
        (["predict", "{tmp}/unet.keras", "{tmp}/scene.png", "--out", "{tmp}/scene.png"], "is a file, not a folder"),
    ],
)
def test_bad_where_command_lines_are_one_line_before_tensorflow_loads(tmp_path, args, fragment):
    (tmp_path / "unet.keras").write_bytes(zipfile_bytes())
    Image.fromarray(np.zeros((8, 8), "uint8")).save(tmp_path / "scene.png")
    script = (
        "import sys\nfrom models.cli import main\n"
        "try:\n    code = main(sys.argv[1:])\nexcept SystemExit as stop:\n    code = stop.code\n"
        "print('tensorflow' in sys.modules)\nsys.exit(code)\n"
    )
    arguments = [arg.format(tmp=tmp_path) for arg in args]
    result = subprocess.run([sys.executable, "-c", script, *arguments], cwd=tmp_path, capture_output=True, text=True,
                            timeout=60, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})  # fmt: skip
    assert result.returncode == 2 and result.stdout == "False\n", result.stderr
    assert len(result.stderr.splitlines()) == 1 and fragment in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["scene.png", "unet.keras"]


def zipfile_bytes():
    """An empty zip archive: what ``models.training.runs.model_file`` accepts before Keras looks inside."""
    import io
    import zipfile

    buffer = io.BytesIO()
    zipfile.ZipFile(buffer, "w").close()
    return buffer.getvalue()
