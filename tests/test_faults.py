"""A training run stopped at any moment, by Ctrl-C (SIGINT) or by a kill (SIGKILL), resumes and finishes.

The stops are not guessed in time: ``$MODELS_TEST_FAULT`` (see
:func:`models.training.runs.fault_point`) makes the training process send
itself the signal at a named moment. One run folder goes through a chain of
processes, each stopped at the next moment, and a last one that finishes;
after every stop the folder must be consistent (``log.csv`` holds each
finished epoch once), and at the end ``best.keras`` must hold the best
validation accuracy in the log.

To keep this fast, a helper process imports TensorFlow once and forks each
training process from itself (TensorFlow has started no threads yet, so a
fork is safe), instead of paying the import seven times.
"""

import csv
import json
import os
import signal
import subprocess
import sys
import traceback

import pytest

from models import files
from tests.conftest import ROOT

EPOCHS = 3
# The moments of the issue, in an order that one run goes through: mid-epoch; while best.keras is written;
# while the backup is written; in the last epoch; after fit; while metrics.json is written.
MOMENTS = (
    "epoch 2 batch 8",
    "writing best.keras",
    "writing epoch-2.weights.h5",
    "epoch 3 batch 8",
    "fit done",
    "writing metrics.json",
)
# A guard against a hung chain, not a speed test: it takes about 20 s on a quiet two-core machine.
CHAIN_TIME_LIMIT_S = 600
FINISHED_RUN = {"best.keras", "model.keras", "log.csv", "metrics.json", "tensorboard", "curves.png",
                "confusion_matrix.png", "misclassified.png"}  # fmt: skip


def logged_epochs(folder):
    if not os.path.exists(os.path.join(folder, "log.csv")):
        return []
    with open(os.path.join(folder, "log.csv")) as log:
        return [int(row["epoch"]) for row in csv.DictReader(log)]


def run_chain(signal_name, folder):
    """Runs ``python -m models train`` in ``folder`` once per moment, stopped there by ``signal_name``,
    then once to the end; prints what each process left behind as one JSON line."""
    import tensorflow  # noqa: F401  imported before forking, so that each child starts at once

    from models.cli import main
    from models.training import runs

    signal.signal(signal.SIGINT, signal.default_int_handler)  # a background job may have inherited SIG_IGN
    steps = []
    for number, moment in enumerate([*MOMENTS, None]):
        output = os.path.join(os.path.dirname(folder), f"stdout-{number}.txt")
        child = os.fork()
        if child == 0:
            status = 99
            try:
                if moment:
                    os.environ[runs.FAULT_VARIABLE] = f"{signal_name}@{moment}"
                os.dup2(os.open(output, os.O_WRONLY | os.O_CREAT), 1)
                status = main(["train", "lenet", "--epochs", str(EPOCHS), "--out", folder])
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                os._exit(status)
        _, status = os.waitpid(child, 0)
        progress = runs.read_progress(folder)
        steps.append({
            "moment": moment,
            "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
            "exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            "epochs_done": progress.epochs_done if progress else None,
            "logged": logged_epochs(folder),
            "trained": "Epoch " in open(output).read(),
            "files": sorted(os.listdir(folder)),
        })  # fmt: skip
    print(json.dumps({"steps": steps, "best_keras_validation_accuracy": validation_accuracy(folder)}))


def validation_accuracy(folder):
    """The accuracy of ``folder/best.keras`` on the validation split, measured afresh."""
    from models.training import data, runs

    model = runs.load_model(os.path.join(folder, runs.BEST_FILE))
    model.compile(loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    splits = data.load("digits", model.input_shape[1:])
    return model.evaluate(splits.validation, verbose=0)[1]


@pytest.mark.slow
@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGKILL"])
def test_a_run_stopped_at_any_moment_resumes_to_the_same_end(tmp_path, signal_name):
    folder = tmp_path / "run"
    script = f"from tests.test_faults import run_chain; run_chain({signal_name!r}, {str(folder)!r})"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=CHAIN_TIME_LIMIT_S,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    *stopped, last = report["steps"]

    for step in stopped:
        # Each process really was stopped at its moment, by the signal...
        if signal_name == "SIGKILL":
            assert step["signal"] == signal.SIGKILL, step
        else:
            assert step["exit"] == 130, step
        # ...and left a consistent folder: every finished epoch logged exactly once, nothing finished early.
        assert step["logged"] == list(range(step["epochs_done"])), step
        assert "metrics.json" not in step["files"], step
    assert [step["epochs_done"] for step in stopped] == [1, 1, 1, 2, 3, 3]
    # After fit, a rerun evaluates without training again.
    assert [step["trained"] for step in report["steps"][-3:]] == [True, False, False]

    assert last["exit"] == 0 and last["epochs_done"] is None  # backup/ is gone
    assert last["logged"] == list(range(EPOCHS))
    assert set(last["files"]) == FINISHED_RUN  # no temporary file left behind either
    with open(folder / "log.csv") as log:
        best_logged = max(float(row["val_accuracy"]) for row in csv.DictReader(log))
    metrics = json.loads((folder / "metrics.json").read_text())
    assert metrics["resumed"] is True and metrics["best_validation_accuracy"] == pytest.approx(best_logged)
    assert report["best_keras_validation_accuracy"] == pytest.approx(best_logged, abs=1e-6)


def test_a_file_is_written_whole_or_not_at_all(tmp_path):
    path = tmp_path / "notes.txt"
    files.write_atomically(path, "old")
    temporaries = []

    def write_half(temporary):
        temporaries.append(temporary.name)
        temporary.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        files.write_atomically(path, write_half)
    assert path.read_text() == "old" and os.listdir(tmp_path) == ["notes.txt"]  # the half-written file is gone
    # The temporary keeps the name's end, whose suffix tells Keras or matplotlib the format.
    assert temporaries[0].startswith(files.TEMPORARY_PREFIX) and temporaries[0].endswith("-notes.txt")

    seen_before_the_rename = []
    files.write_atomically(path, b"new", before_replace=lambda: seen_before_the_rename.append(path.read_text()))
    assert seen_before_the_rename == ["old"] and path.read_text() == "new"
    with pytest.raises(ValueError):  # strict JSON: NaN is not JSON
        files.save_json(tmp_path / "metrics.json", {"loss": float("nan")})
    assert os.listdir(tmp_path) == ["notes.txt"]
