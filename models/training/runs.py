"""Run folders: what a training run writes, how it survives a stop at any moment, and reading one back.

A run folder holds:

- ``log.csv``: loss (and a classifier's accuracy) per finished epoch (train
  and validation), each epoch once;
- ``best.keras``: the model after the epoch with the best validation
  accuracy so far (the least validation loss for a segmenter or a detector);
- ``model.keras``: the trained model, after the last epoch;
- ``tensorboard/``: the curves, for ``tensorboard --logdir``;
- ``backup/``: present only while a run is unfinished. ``progress.json``
  records the settings, the finished epochs with their logs, and the best
  epoch; ``epoch-N.weights.h5`` holds the weights and optimizer state after
  epoch N. Start the same command again and training goes on from there;
- ``metrics.json``: written last, when the run has finished: the test
  score (accuracy, mean IoU or mAP), the settings, the class names.

Every file here is written whole or not at all: first to a temporary name
(``.tmp-...-NAME``), then renamed (:func:`models.files.write_atomically`).
``progress.json`` is the one record of how far a run got, and an epoch counts
as finished only once it says so: its checkpoint is written before it, and
``log.csv`` and ``best.keras`` are rewritten from it afterwards (and again on
a resume, in case a stop came in between).
"""

import json
import math
import os
import shutil
import signal
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from models import files
from models.files import TEMPORARY_PREFIX
from models.registry import register_custom_layers

MODEL_FILE = "model.keras"
BEST_FILE = "best.keras"
METRICS_FILE = "metrics.json"
LOG_FILE = "log.csv"
BACKUP_FOLDER = "backup"
PROGRESS_FILE = "progress.json"
TENSORBOARD_FOLDER = "tensorboard"
PICTURES = ("curves.png", "confusion_matrix.png", "misclassified.png")
SCENE_PICTURES = ("curves.png", "predictions.png")  # a segmenter's or a detector's
# Everything a run writes into its folder; --restart removes exactly these.
RUN_ENTRIES = (MODEL_FILE, BEST_FILE, METRICS_FILE, LOG_FILE, BACKUP_FOLDER, TENSORBOARD_FOLDER,
               *dict.fromkeys(PICTURES + SCENE_PICTURES))  # fmt: skip

# The test hook of tests/test_faults.py: "SIGNAL@MOMENT", e.g. "SIGKILL@writing best.keras",
# makes the process send itself SIGNAL when it reaches MOMENT (see fault_point).
FAULT_VARIABLE = "MODELS_TEST_FAULT"


class RunFinished(ValueError):
    """The run folder already holds a finished run, which we will not overwrite."""


class TrainingDiverged(ValueError):
    """The loss became NaN or infinite: the learning rate is too large for this model."""


def fault_point(moment):
    """Sends this process the signal named in ``$MODELS_TEST_FAULT`` if it names ``moment``.

    Does nothing unless a test set that variable. The moments are
    ``"epoch E batch B"`` (after training batch B of epoch E, both from 1),
    ``"writing NAME"`` (NAME, a model, checkpoint, log or JSON record of the
    run, written to its temporary file and not yet renamed; see :func:`write_file`)
    and ``"fit done"``.
    """
    wanted = os.environ.get(FAULT_VARIABLE, "")
    name, _, at = wanted.partition("@")
    if at == moment:
        os.kill(os.getpid(), signal.Signals[name])


def write_file(path, content_or_write):
    """Writes a file of a run folder whole (:func:`models.files.write_atomically`), passing
    the moment ``"writing NAME"`` of :func:`fault_point` between the write and the rename."""
    return files.write_atomically(path, content_or_write, before_replace=writing_moment(path))


def write_json(path, data):
    """Writes ``data`` to a run folder as strict JSON (a NaN or infinity is an error, not invalid JSON)."""
    return files.save_json(path, data, before_replace=writing_moment(path))


def save_model(model, path):
    return write_file(path, model.save)


def writing_moment(path):
    """The :func:`fault_point` of a file written to its temporary name, not yet renamed."""
    return lambda: fault_point(f"writing {Path(path).name}")


def remove_temporaries(folder):
    """Deletes the temporary files a killed process left in ``folder`` and its backup."""
    for place in (Path(folder), Path(folder) / BACKUP_FOLDER):
        for temporary in place.glob(TEMPORARY_PREFIX + "*"):
            temporary.unlink()


@dataclass
class Progress:
    """How far a run got: its settings, its finished epochs, its best one.

    Attributes:
        settings: what the run was started with (model, dataset, shape, seed, recipe).
        history: one dict of Keras's epoch logs per finished epoch, in order.
        best_epoch: the finished epoch (from 0) with the best ``monitor``, or None.
        seconds: the training time of the finished epochs, over every resume.
        cpu_seconds: the processor time they took, all of this process's threads together:
            a busy machine stretches it far less than ``seconds``.
        resumed: whether the run was ever resumed.
        monitor: the epoch log that picks the best epoch, such as ``"val_accuracy"``.
        mode: ``"max"`` if a larger ``monitor`` is better, ``"min"`` if a smaller one.
    """

    settings: dict
    history: list = field(default_factory=list)
    best_epoch: int | None = None
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    resumed: bool = False
    monitor: str = "val_accuracy"
    mode: str = "max"

    @property
    def epochs_done(self):
        return len(self.history)

    @property
    def best_validation(self):
        """The ``monitor`` of the best epoch, or None before the first."""
        return None if self.best_epoch is None else self.history[self.best_epoch][self.monitor]

    @property
    def best_key(self):
        """What ``metrics.json`` calls the best ``monitor``: ``val_accuracy`` is ``best_validation_accuracy``."""
        return "best_validation_" + self.monitor.removeprefix("val_")

    def record(self, logs, seconds, cpu_seconds=0.0):
        """Adds a finished epoch's logs and times; returns whether it is the new best."""
        self.history.append({key: float(value) for key, value in logs.items()})
        self.seconds += seconds
        self.cpu_seconds += cpu_seconds
        best, value = self.best_validation, self.history[-1][self.monitor]
        if best is None or (value > best if self.mode == "max" else value < best):
            self.best_epoch = self.epochs_done - 1
            return True
        return False


def checkpoint_path(folder, epochs_done):
    return Path(folder) / BACKUP_FOLDER / f"epoch-{epochs_done}.weights.h5"


def read_progress(folder):
    """The :class:`Progress` of the unfinished run in ``folder``, or None if there is none."""
    path = Path(folder) / BACKUP_FOLDER / PROGRESS_FILE
    return Progress(**json.loads(path.read_text())) if path.is_file() else None


def commit_progress(folder, progress):
    """Writes ``progress``: from now on its last epoch counts as finished. Then drops older checkpoints."""
    write_json(Path(folder) / BACKUP_FOLDER / PROGRESS_FILE, asdict(progress))
    current = checkpoint_path(folder, progress.epochs_done).name
    for old in (Path(folder) / BACKUP_FOLDER).glob("epoch-*.weights.h5"):
        if old.name != current:
            old.unlink()


def write_log(folder, history):
    """Writes ``log.csv`` (the columns of Keras's CSVLogger) from the finished epochs' logs."""
    columns = sorted(history[0]) if history else []
    rows = [",".join(["epoch", *columns])]
    rows += [",".join([str(epoch), *(repr(logs[c]) for c in columns)]) for epoch, logs in enumerate(history)]
    write_file(Path(folder) / LOG_FILE, "\n".join(rows) + "\n")


def settings_difference(recorded, wanted):
    """The first setting in which ``wanted`` differs from ``recorded``, in words, or None."""
    for key in wanted:
        if recorded.get(key) != wanted[key]:
            return f"{key} {recorded.get(key)!r}, not {wanted[key]!r}"
    return None


def is_finished(folder):
    return (Path(folder) / METRICS_FILE).exists()


def check_unfinished(folder):
    """Raises :class:`RunFinished` if ``folder`` holds a finished run."""
    if is_finished(folder):
        raise RunFinished(f"{folder} already holds a finished run ({METRICS_FILE}); choose another --out")


def lacks_pictures(folder):
    """Whether ``folder`` holds a finished run, with its model, that was stopped before all its pictures were drawn."""
    folder = Path(folder)
    finished = is_finished(folder) and (folder / MODEL_FILE).is_file()
    return finished and not all((folder / name).is_file() for name in run_pictures(folder))


def run_pictures(folder):
    """The pictures a finished run in ``folder`` draws: a classifier's, or a segmenter's or detector's."""
    return SCENE_PICTURES if run_metrics(folder).get("kind") in ("segmenter", "detector") else PICTURES


def check_run_folder(folder):
    """Checks that training may write the run folder ``folder``, before anything is written.

    It must be new, empty, or a run folder of ours (nothing in it but what a
    run writes), and its nearest existing parent must be a folder we may write.

    Raises:
        ValueError: what is in the way.
    """
    if not str(folder).strip():
        raise ValueError("the run folder must have a name, got ''")
    folder = Path(folder)
    if folder.exists():
        if not folder.is_dir():
            raise ValueError(f"{folder} is a file, not a run folder: choose another --out")
        strangers = sorted(
            entry.name
            for entry in folder.iterdir()
            if entry.name not in RUN_ENTRIES and not entry.name.startswith(TEMPORARY_PREFIX)
        )
        if strangers:
            raise ValueError(
                f"{folder} holds other files ({', '.join(strangers[:3])}{', ...' if len(strangers) > 3 else ''}), "
                "so it is not a run folder: choose a new or empty folder for --out"
            )
    check_can_create(folder)
    return folder


def check_can_create(path):
    """Raises ValueError unless ``path`` (a file or folder, maybe several levels deep) can be created or replaced."""
    parent = Path(os.path.abspath(path)).parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise ValueError(f"cannot write {path}: {parent} is a file, not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ValueError(f"cannot write {path}: the folder {parent} is read-only")


def check_output_file(path, what="output"):
    """Raises ValueError unless ``path`` can be written as a file: its folder exists and is writable,
    and ``path`` is not a folder."""
    if not str(path).strip():
        raise ValueError(f"the {what} file must have a name, got ''")
    path = Path(path)
    if path.is_dir():
        raise ValueError(f"the {what} {path} is a folder: give a file name")
    if not path.parent.is_dir():
        raise ValueError(f"cannot write {path}: the folder {path.parent} does not exist")
    check_can_create(path)
    return path


def check_output_folder(path):
    """Raises ValueError unless ``path`` is a folder, or can be created as one."""
    if Path(path).exists() and not Path(path).is_dir():
        raise ValueError(f"{path} is a file, not a folder: give a folder for the pictures")
    check_can_create(path)
    return Path(path)


def clear_run(folder):
    """Removes what a run wrote into ``folder`` (for ``--restart``), and nothing else."""
    for name in RUN_ENTRIES:
        path = Path(folder) / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    remove_temporaries(folder)


def default_run_folder(model, dataset):
    """``runs/MODEL-DATASET``, or ``-2``, ``-3``... if that one holds a finished run.

    Returns:
        ``(folder, skipped)``: the folder to write, and the finished run
        folders passed over to find it (empty if none), so that the command
        line can say why the run goes to a new folder.
    """
    base = Path("runs") / f"{model}-{Path(dataset).name}"
    folder, number, skipped = base, 1, []
    while is_finished(folder) and not lacks_pictures(folder):
        skipped.append(folder)
        number += 1
        folder = base.with_name(f"{base.name}-{number}")
    return folder, skipped


def model_file(source):
    """The model file of ``source``: a run folder (its ``model.keras``) or a ``.keras`` file.

    Checks only what can be checked without Keras: that the file is there and is a zip archive.

    Raises:
        ValueError: neither, or a file that is not a .keras archive.
    """
    source = Path(source)
    if source.is_dir():
        if not (source / MODEL_FILE).is_file():
            raise ValueError(
                f"{source} holds no {MODEL_FILE}: is it a finished run folder of `python -m models train`?"
            )
        source = source / MODEL_FILE
    elif source.suffix != ".keras" or not source.is_file():
        raise ValueError(f"{source} is neither a run folder nor a .keras model file")
    if not zipfile.is_zipfile(source):
        raise ValueError(f"not a valid .keras model: {source} is not a zip archive (cut off or damaged?)")
    return source


def run_metrics(source):
    """The ``metrics.json`` of the run ``source`` belongs to (a run folder or the
    ``.keras`` file in one), or ``{}`` for a model file on its own."""
    path = model_file(source).parent / METRICS_FILE
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text())
    except ValueError as error:
        raise ValueError(f"{path} is not valid JSON: {error}") from error


def load_model(source):
    """Loads the model of ``source`` (see :func:`model_file`) for predicting, not training.

    Every custom layer of the zoo is registered first
    (:func:`models.registry.register_custom_layers`), so that a fresh process
    loads a ResNet's ``ZeroPadShortcut`` as well as a LeNet. ``safe_mode=True``:
    a file that would run arbitrary code when loaded (a Lambda layer's
    bytecode) is refused.

    Raises:
        ValueError: no model there, a file Keras cannot load, or a model that
            is not an image classifier, segmenter or detector (one image input
            of known size; one vector of class probabilities out, or one map
            of them, or of a detector's heatmaps: see :func:`model_kind`).
    """
    import keras  # here, not at the top: the command line finds run folders before it loads TensorFlow

    path = model_file(source)
    register_custom_layers()
    try:
        model = keras.models.load_model(path, compile=False, safe_mode=True)
    except Exception as error:  # Keras raises many kinds for a damaged file
        raise ValueError(f"not a valid .keras model: {path}: {first_line(error)}") from error
    inputs, outputs = model.inputs, model.outputs
    if (
        len(inputs) != 1
        or len(outputs) != 1
        or len(inputs[0].shape) != 4
        or None in inputs[0].shape[1:]
        or inputs[0].shape[-1] not in (1, 3)
        or len(outputs[0].shape) not in (2, 4)
        or None in outputs[0].shape[1:]
    ):
        shapes = [tuple(tensor.shape) for tensor in inputs], [tuple(tensor.shape) for tensor in outputs]
        raise ValueError(
            f"{path} is not an image classifier, segmenter or detector: it takes {shapes[0]} and gives "
            f"{shapes[1]}, not one (height, width, 1 or 3) image to one vector or map of class scores"
        )
    return model


def model_kind(model):
    """What a loaded model does, from the shapes it maps: ``"classifier"`` (a vector out),
    ``"segmenter"`` (a map as large as the image) or ``"detector"`` (a smaller map)."""
    if len(model.output_shape) == 2:
        return "classifier"
    return "segmenter" if model.output_shape[1:3] == model.input_shape[1:3] else "detector"


def source_kind(source):
    """The kind of the model of ``source`` (a run folder or a ``.keras`` file): its run's
    ``metrics.json`` says it, or else the model's shapes do (:func:`model_kind`)."""
    return run_metrics(source).get("kind") or model_kind(load_model(source))


def model_classes(model):
    """How many classes a loaded model tells apart: its output channels, less a detector's 4 of size and offset."""
    return model.output_shape[-1] - (4 if model_kind(model) == "detector" else 0)


def first_line(error):
    """The first line of an exception's message, which is all a one-line error has room for."""
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def finite(number):
    return isinstance(number, (int, float)) and math.isfinite(number)
