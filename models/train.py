"""Training a zoo classifier with ``model.fit`` and the usual Keras callbacks.

A run folder holds everything one training run writes:

- ``best.keras``: the model from the epoch with the best validation accuracy;
- ``log.csv``: loss and accuracy per epoch (train and validation);
- ``tensorboard/``: the same, for ``tensorboard --logdir``;
- ``backup/``: Keras's BackupAndRestore state, present only while a run is
  unfinished: start the same command again and training goes on from the last
  finished epoch;
- ``curves.png`` and ``confusion_matrix.png``, ``misclassified.png``: pictures
  of the finished run (``python -m models visualize`` draws more);
- ``metrics.json``: written last, when the run has finished.
"""

import json
import os
import time
from pathlib import Path

import keras
import tensorflow as tf

from models import data, visualize
from models.arguments import check_positive_int
from models.registry import CLASSIFIERS, build, check_model_name, default_input_shape, load_saved_model

# Settings that reach 98% on the digits test split within a minute on 2 CPU cores.
DEFAULTS = {
    "lenet": {"epochs": 30, "batch_size": 32, "learning_rate": 2e-3},
    "vgg": {"epochs": 30, "batch_size": 32, "learning_rate": 1e-3},
}


class RunFinished(ValueError):
    """The run folder already holds a finished run, which we will not overwrite."""


def check_learning_rate(value):
    """Returns ``value`` if it is a positive number, else raises ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise ValueError(f"learning_rate must be a positive number, got {value!r}")
    return float(value)


def train(
    model_name,
    out,
    dataset="digits",
    input_shape=None,
    epochs=None,
    batch_size=None,
    learning_rate=None,
    seed=0,
    data_dir=None,
    download=False,
    verbose=1,
):
    """Trains zoo classifier ``model_name`` and writes its run folder ``out``.

    ``input_shape`` None means the model's default; the data is fitted to it.
    The other arguments left as None take the model's value in ``DEFAULTS``. The same
    ``seed`` on the same machine gives the same weights and metrics (Keras's
    random seed plus TensorFlow's deterministic ops).

    Returns:
        The metrics dict also written to ``out/metrics.json``.

    Raises:
        ValueError: a bad argument, or (``RunFinished``) a folder with a finished run.
        data.DatasetUnavailable: the dataset is not available offline.
    """
    check_model_name(model_name, CLASSIFIERS)
    settings = dict(DEFAULTS[model_name])
    for key, value in (("epochs", epochs), ("batch_size", batch_size), ("learning_rate", learning_rate)):
        if value is not None:
            settings[key] = value
    check_positive_int("epochs", settings["epochs"])
    check_positive_int("batch_size", settings["batch_size"])
    check_learning_rate(settings["learning_rate"])
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    data.check_dataset_name(dataset)
    out = Path(out)
    if (out / "metrics.json").exists():
        raise RunFinished(f"{out} already holds a finished run (metrics.json); choose another --out")

    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
    input_shape = input_shape or default_input_shape(model_name)
    splits = data.load(dataset, input_shape, settings["batch_size"], seed, data_dir, download)
    model = build(model_name, input_shape=input_shape, num_classes=splits.num_classes)
    model.compile(
        optimizer=keras.optimizers.Adam(settings["learning_rate"]),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )

    out.mkdir(parents=True, exist_ok=True)
    resuming = (out / "backup").exists()
    callbacks = [
        # Before CSVLogger: once an epoch's row is in the log, its backup is on disk.
        keras.callbacks.BackupAndRestore(str(out / "backup")),
        keras.callbacks.ModelCheckpoint(
            str(out / "best.keras"), monitor="val_accuracy", save_best_only=True
        ),
        keras.callbacks.CSVLogger(str(out / "log.csv"), append=resuming),
        keras.callbacks.TensorBoard(str(out / "tensorboard"), profile_batch=0),
    ]
    started = time.perf_counter()
    model.fit(
        splits.train,
        validation_data=splits.validation,
        epochs=settings["epochs"],
        callbacks=callbacks,
        verbose=verbose,
    )
    seconds = time.perf_counter() - started

    best = keras.models.load_model(out / "best.keras")
    test_loss, test_accuracy = best.evaluate(splits.test, verbose=0)
    metrics = {
        "model": model_name,
        "dataset": dataset,
        "seed": seed,
        "epochs": settings["epochs"],
        "batch_size": settings["batch_size"],
        "learning_rate": settings["learning_rate"],
        "test_accuracy": float(test_accuracy),
        "test_loss": float(test_loss),
        "train_seconds": round(seconds, 2),
        "resumed": resuming,
        "parameters": best.count_params(),
    }
    visualize.plot_curves(out / "log.csv", out / "curves.png")
    visualize.plot_test_results(best, splits, out)
    write_json_atomically(out / "metrics.json", metrics)
    return metrics


def evaluate(model_path, dataset="digits", batch_size=64, data_dir=None, download=False):
    """Evaluates a saved ``.keras`` classifier on the test split of ``dataset``.

    Returns:
        ``{"test_loss": ..., "test_accuracy": ..., "test_images": ...}``.
    """
    model = load_saved_model(model_path)
    splits = data.load(dataset, model.input_shape[1:], batch_size, data_dir=data_dir, download=download)
    loss, accuracy = model.evaluate(splits.test, verbose=0)
    count = sum(int(labels.shape[0]) for _, labels in splits.test)
    return {"test_loss": float(loss), "test_accuracy": float(accuracy), "test_images": count}


def write_json_atomically(path, content):
    """Writes JSON to a temporary file, then renames it, so ``path`` is whole or absent."""
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(content, indent=2) + "\n")
    os.replace(temporary, path)
