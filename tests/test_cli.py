"""``python -m models``: training runs, resuming, blurring files, and bad input."""

import csv
import hashlib
import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
import tensorflow as tf
from PIL import Image

from models.images import read_image
from models.train import train
from tests.conftest import ROOT, run_module


def log_epochs(run):
    with open(run / "log.csv") as log:
        return [int(row["epoch"]) for row in csv.DictReader(log)]


def test_list_and_summary(cli):
    status, out, _ = cli("list")
    assert status == 0 and out.split() == ["blur", "filter", "lenet", "classifier", "vgg", "classifier"]
    status, out, _ = cli("summary", "lenet")
    assert status == 0 and "block1_conv1" in out and "61,706" in out
    status, out, _ = cli("summary", "lenet", "--input-shape", "28x28x1")
    assert status == 0 and "(None, 24, 24, 6)" in out


def test_one_epoch_train_writes_every_artifact_and_evaluate_agrees(tmp_path):
    run = tmp_path / "run"
    result = run_module("models", "train", "lenet", "--epochs", "1", "--out", run)
    assert result.returncode == 0, result.stderr
    assert {"best.keras", "log.csv", "tensorboard", "metrics.json"} <= {p.name for p in run.iterdir()}
    assert not (run / "backup").exists()  # BackupAndRestore removes it when a run finishes
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["epochs"] == 1 and metrics["dataset"] == "digits" and metrics["seed"] == 0
    assert metrics["parameters"] == 61_706 and 0 <= metrics["test_accuracy"] <= 1
    assert log_epochs(run) == [0]
    assert any((run / "tensorboard").rglob("events.out.tfevents.*"))

    evaluated = run_module("models", "evaluate", run / "best.keras", "--dataset", "digits")
    assert evaluated.returncode == 0, evaluated.stderr
    result = json.loads(evaluated.stdout)
    assert result["test_images"] == 360
    assert result["test_accuracy"] == pytest.approx(metrics["test_accuracy"], abs=1e-6)


def test_interrupted_run_resumes_from_the_last_finished_epoch(tmp_path):
    run, epochs = tmp_path / "run", 40
    command = [sys.executable, "-m", "models", "train", "lenet", "--epochs", str(epochs), "--out", str(run)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        # A shell's background job ignores SIGINT, and its children inherit that: undo it,
        # so that the child sees Ctrl-C as a terminal would deliver it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not ((run / "log.csv").exists() and len(log_epochs(run)) >= 2):
        assert process.poll() is None and time.monotonic() < deadline, "training ended before Ctrl-C"
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)  # what Ctrl-C does
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert b"Traceback" not in stderr and b"go on from the last finished epoch" in stderr
    done_before = log_epochs(run)
    assert 2 <= len(done_before) < epochs and (run / "backup").exists()

    result = run_module("models", "train", "lenet", "--epochs", epochs, "--out", run)
    assert result.returncode == 0, result.stderr
    assert json.loads((run / "metrics.json").read_text())["resumed"] is True
    # Resumed, not restarted: every epoch appears exactly once in the appended log.
    assert log_epochs(run) == list(range(epochs))


def test_same_seed_gives_same_metrics(tmp_path):
    first = train("lenet", tmp_path / "a", epochs=2, seed=7, verbose=0)
    second = train("lenet", tmp_path / "b", epochs=2, seed=7, verbose=0)
    first.pop("train_seconds"), second.pop("train_seconds")
    assert first == second


def test_blur_a_real_photo_keeps_size_and_colour(tmp_path, photo):
    source, target = tmp_path / "photo.jpg", tmp_path / "blurred.png"
    Image.fromarray(photo).save(source, quality=95)
    result = run_module("models", "blur", source, target)
    assert result.returncode == 0, result.stderr
    original, blurred = read_image(source), read_image(target)
    assert blurred.shape == original.shape == (427, 640, 3) and blurred.dtype == np.uint8
    kernel = tf.ones((5, 5, 3, 1)) / 25
    expected = tf.nn.depthwise_conv2d(original[None].astype("float32"), kernel, [1, 1, 1, 1], "SAME")[0]
    np.testing.assert_array_equal(blurred, np.clip(np.rint(expected), 0, 255).astype(np.uint8))
    # Colour survives: the channels still differ (the seed's conv2d makes them equal).
    assert np.abs(blurred[..., 0].astype(int) - blurred[..., 2]).mean() > 5


def test_blur_writes_jpeg_of_the_same_size(tmp_path, photo):
    source, target = tmp_path / "photo.png", tmp_path / "out.jpg"
    Image.fromarray(photo).save(source)
    result = run_module("models", "blur", source, target, "--size", "3")
    assert result.returncode == 0, result.stderr
    with Image.open(target) as image:
        assert image.format == "JPEG" and image.size == (640, 427) and image.mode == "RGB"


def digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def files(tmp_path):
    (tmp_path / "notes.txt").write_text("not a picture")
    (tmp_path / "cut.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    Image.new("RGB", (8, 8)).save(tmp_path / "ok.png")
    finished = tmp_path / "finished"
    finished.mkdir()
    (finished / "metrics.json").write_text('{"test_accuracy": 0.99}\n')
    return tmp_path


BAD_INPUTS = {
    "unknown model": (["train", "resnet"], "unknown model 'resnet'; available: lenet, vgg"),
    "unknown summary model": (["summary", "alexnet"], "available: blur, lenet, vgg"),
    "unknown dataset": (["train", "lenet", "--dataset", "svhn"], "available: digits, cifar10"),
    "epochs 0": (["train", "lenet", "--epochs", "0"], "--epochs: must be a positive integer, got '0'"),
    "negative batch size": (["train", "lenet", "--batch-size", "-3"], "got '-3'"),
    "bad learning rate": (["train", "vgg", "--learning-rate", "fast"], "positive number, got 'fast'"),
    "shape too small": (["train", "lenet", "--input-shape", "8x8x1"], "cannot take input shape (8, 8, 1)"),
    "shape not parsed": (["summary", "vgg", "--input-shape", "32by32"], "must look like 32x32x1"),
    "two channels": (["summary", "vgg", "--input-shape", "32x32x2"], "1 or 3 channels"),
    "missing file": (["blur", "{tmp}/nope.jpg", "{tmp}/o.png"], "no such image file"),
    "not an image": (["blur", "{tmp}/notes.txt", "{tmp}/o.png"], "not an image that Pillow can read"),
    "cut-off image": (["blur", "{tmp}/cut.png", "{tmp}/o.png"], "not an image that Pillow can read"),
    "a folder": (["blur", "{tmp}", "{tmp}/o.png"], "no such image file"),
    "unknown output format": (["blur", "{tmp}/ok.png", "{tmp}/o.xyz"], "cannot tell the image format"),
    "blur size 0": (["blur", "{tmp}/ok.png", "{tmp}/o.png", "--size", "0"], "got '0'"),
    "not offline": (["train", "lenet", "--dataset", "mnist", "--data-dir", "{tmp}"], "not prepared"),
    "finished run": (["train", "lenet", "--out", "{tmp}/finished"], "already holds a finished run"),
    "not a model": (["evaluate", "{tmp}/notes.txt"], "is not a .keras model file"),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_is_one_line_and_exit_2_and_loses_nothing(cli, files, case):
    args, fragment = BAD_INPUTS[case]
    before = digest(files)
    status, _, err = cli(*(a.format(tmp=files) for a in args))
    assert status == 2
    assert fragment in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert digest(files) == before  # nothing written, nothing lost


def test_bad_input_from_a_real_process(tmp_path):
    result = run_module("models", "train", "lenet", "--epochs", "0", "--out", tmp_path / "run")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "python -m models train: error: argument --epochs: must be a positive integer, got '0'"
    ]
    assert not (tmp_path / "run").exists()
