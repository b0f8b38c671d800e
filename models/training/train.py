"""Training a zoo model with ``model.fit``, resumable after a stop at any moment.

:func:`train` follows the model's recipe (its spec's training defaults) and
writes a run folder (see :mod:`models.training.runs`); :func:`evaluate`
measures a trained model on a test split. What depends on the kind of model
(classifier, segmenter, detector: its data, loss and score) is its
:class:`~models.training.tasks.Task`. Neither draws pictures: the command
line does that after training returns.

A run goes through three phases, and a rerun of the same call picks up the
first one that is not done: the epochs (each finished epoch is recorded with
its checkpoint in ``backup/``), the final model (``model.keras``), and the
evaluation (``metrics.json``, written last). Everything TensorFlow-specific
(the data, the seeding) is in :mod:`models.training.data`; this module speaks
Keras only.
"""

import dataclasses
import math
import shutil
import time
from pathlib import Path

import keras

from models.arguments import (
    MAX_BATCH_SIZE,
    MAX_EPOCHS,
    check_image_shape,
    check_image_shape_budget,
    check_learning_rate,
    check_positive_int,
    check_seed,
)
from models.registry import check_model_name, get_spec
from models.spec import TRAINED_KINDS
from models.training import data, runs
from models.training.distribute import (
    adapt_keras_to,
    create_strategy,
    discard_worker_folder,
    run_folder,
    shard_by_example,
    strategy_scope,
)
from models.training.sources import DEFAULT_DATASETS, check_dataset_for
from models.training.tasks import TASKS, learning_rate_schedule

__all__ = ["evaluate", "learning_rate_schedule", "train"]


class EpochCheckpoint(keras.callbacks.Callback):
    """Records every finished epoch in the run folder, in the order that survives a stop anywhere.

    At the end of an epoch: its weights and optimizer state go to a new
    checkpoint file, then ``progress.json`` says the epoch is finished (the
    one step that counts), then ``log.csv`` and, if the epoch is the best so
    far (by its task's monitor, such as the validation accuracy), ``best.keras``
    are rewritten. An epoch whose loss is NaN or infinite is not recorded:
    training stops instead.
    """

    def __init__(self, folder, progress):
        super().__init__()
        self.folder, self.progress = Path(folder), progress
        self.diverged_in = None
        self.started = None

    def on_epoch_begin(self, epoch, logs=None):
        self.started = time.perf_counter(), time.process_time()

    def on_train_batch_end(self, batch, logs=None):
        runs.fault_point(f"epoch {self.progress.epochs_done + 1} batch {batch + 1}")

    def on_epoch_end(self, epoch, logs=None):
        if not all(math.isfinite(float(value)) for value in logs.values()):
            self.diverged_in = epoch + 1
            self.model.stop_training = True
            return
        seconds = time.perf_counter() - self.started[0]
        cpu_seconds = time.process_time() - self.started[1]
        runs.write_file(runs.checkpoint_path(self.folder, epoch + 1), self.model.save_weights)
        is_best = self.progress.record(logs, seconds, cpu_seconds)
        runs.commit_progress(self.folder, self.progress)
        runs.write_log(self.folder, self.progress.history)
        if is_best:
            runs.save_model(self.model, self.folder / runs.BEST_FILE)


def run_settings(model_name, dataset, input_shape, seed, recipe):
    """What a run is started with; a resume must ask for exactly the same."""
    return {"model": model_name, "dataset": str(dataset), "input_shape": list(input_shape), "seed": seed,
            **vars(recipe)}  # fmt: skip


def check_resumable(out, settings, restart):
    """The progress of the unfinished run in ``out`` (None for a new run, or one to restart).

    Raises:
        ValueError: the unfinished run was started with other settings, and ``restart`` is false.
    """
    progress = runs.read_progress(out)
    if progress is None or restart:
        return None
    difference = runs.settings_difference(progress.settings, settings)
    if difference:
        raise ValueError(
            f"{out} holds an unfinished run with {difference}: repeat its settings to go on from "
            f"epoch {progress.epochs_done + 1}, or add --restart to start over"
        )
    progress.resumed = True
    return progress


def train(
    model_name,
    out,
    dataset=None,
    input_shape=None,
    epochs=None,
    batch_size=None,
    learning_rate=None,
    seed=0,
    data_dir=None,
    download=False,
    verbose=1,
    restart=False,
    distribute=None,
):
    """Trains zoo model ``model_name`` (a classifier, segmenter or detector) and writes its run folder ``out``.

    ``dataset`` None means the default of the model's kind: ``digits`` for a
    classifier, ``digit_scenes`` for the others. ``input_shape`` None means
    the model's default; the data is fitted to it.
    ``epochs``, ``batch_size`` and ``learning_rate`` left as None take the
    values of the model's recipe (``get_spec(model_name).recipe``), as do the
    schedule, warm-up and label smoothing. Other ``epochs`` than the recipe's
    scale its warm-up with them (:meth:`models.spec.Recipe.for_epochs`: none for
    a single epoch); a ``verbose`` run says so in one line, and ``metrics.json``
    records the warm-up it had. The same ``seed`` on the same machine gives
    the same weights and metrics (Keras's random seed plus TensorFlow's
    deterministic ops).

    ``distribute`` None trains on one device; ``"mirrored"`` or
    ``"multi-worker"`` trains under a ``tf.distribute`` strategy, with
    ``batch_size`` the global batch (see :mod:`models.training.distribute`).

    If ``out`` holds an unfinished run with the same settings, it goes on
    where that one stopped; ``restart=True`` starts it over instead. Every
    argument and the data are checked before anything is written.

    Returns:
        The metrics dict also written to ``out/metrics.json``.

    Raises:
        ValueError: a bad argument, a folder with a finished run (``RunFinished``)
            or an unfinished one with other settings, or a loss that became NaN
            (``TrainingDiverged``; the finished epochs stay recorded).
        DatasetUnavailable: the dataset is not available offline.
    """
    check_model_name(model_name, *TRAINED_KINDS)
    spec = get_spec(model_name)
    task = TASKS[spec.kind]
    dataset = check_dataset_for(spec.kind, dataset or DEFAULT_DATASETS[spec.kind])
    recipe = spec.recipe if epochs is None else spec.recipe.for_epochs(check_positive_int("epochs", epochs, MAX_EPOCHS))
    overrides = {"batch_size": batch_size, "learning_rate": learning_rate}
    recipe = dataclasses.replace(recipe, **{key: value for key, value in overrides.items() if value is not None})
    check_positive_int("batch_size", recipe.batch_size, MAX_BATCH_SIZE)
    check_learning_rate(recipe.learning_rate)
    check_seed(seed)
    # The model's builder checks its own smallest size; this, the form and the budget, before the data is loaded.
    input_shape = check_image_shape(model_name, input_shape or spec.input_shape, min_size=1)
    check_image_shape_budget(input_shape, recipe.batch_size)
    out = runs.check_run_folder(out)
    runs.check_unfinished(out)
    strategy = create_strategy(distribute)  # before any TensorFlow op runs
    out = run_folder(out, distribute)
    settings = run_settings(model_name, dataset, input_shape, seed, recipe)
    progress = check_resumable(out, settings, restart)
    if verbose and recipe.warmup_epochs != spec.recipe.warmup_epochs:
        print(f"warm-up scaled with the epochs: {recipe.warmup_epochs} of {recipe.epochs} "
              f"({model_name}'s recipe: {spec.recipe.warmup_epochs} of {spec.recipe.epochs})")  # fmt: skip

    data.seed_everything(seed)
    splits = task.load(dataset, input_shape, recipe.batch_size, seed, data_dir, download)
    if strategy is not None:
        splits = shard_by_example(splits)
    with strategy_scope(strategy):
        model = spec.builder(input_shape=input_shape, num_classes=splits.num_classes)
        task.compile(model, recipe, math.ceil(splits.train_size / recipe.batch_size), splits.num_classes)
    adapt_keras_to(strategy, model)

    # Everything is checked: from here on the run folder is written.
    if restart:
        runs.clear_run(out)
    progress = start_or_resume(out, model, progress or runs.Progress(settings, monitor=task.monitor, mode=task.mode))
    fit_remaining_epochs(out, model, task.training_data(splits), recipe, progress, verbose)
    runs.fault_point("fit done")
    runs.save_model(model, out / runs.MODEL_FILE)

    with strategy_scope(strategy):  # measure compiles the model again; every worker must run it
        test = task.measure(model, splits)
    metrics = {
        **settings,
        "kind": spec.kind,
        **test,
        "best_epoch": progress.best_epoch + 1,
        progress.best_key: progress.best_validation,
        "train_seconds": round(progress.seconds, 2),
        "train_cpu_seconds": round(progress.cpu_seconds, 2),
        "resumed": progress.resumed,
        "parameters": model.count_params(),
        "class_names": splits.class_names,
    }
    runs.write_json(out / runs.METRICS_FILE, metrics)
    shutil.rmtree(out / runs.BACKUP_FOLDER)
    discard_worker_folder(out, distribute)
    return metrics


def start_or_resume(out, model, progress):
    """Brings ``out`` and ``model`` to the last finished epoch of ``progress`` (none for a new run).

    Clears up after a stop in between two steps of an epoch's end: temporary
    files, and ``log.csv`` and ``best.keras`` not yet rewritten.
    """
    (out / runs.BACKUP_FOLDER).mkdir(parents=True, exist_ok=True)
    runs.remove_temporaries(out)
    runs.commit_progress(out, progress)
    if progress.epochs_done:
        model.load_weights(runs.checkpoint_path(out, progress.epochs_done))
        if progress.best_epoch == progress.epochs_done - 1:
            runs.save_model(model, out / runs.BEST_FILE)
    runs.write_log(out, progress.history)
    return progress


def fit_remaining_epochs(out, model, training_data, recipe, progress, verbose):
    """Trains the epochs after ``progress.epochs_done`` with their callbacks, on the
    ``(training, validation)`` datasets of ``training_data``.

    Raises:
        TrainingDiverged: the loss became NaN or infinite.
    """
    if progress.epochs_done == recipe.epochs:
        return
    checkpoint = EpochCheckpoint(out, progress)
    training, validation = training_data
    model.fit(
        training,
        validation_data=validation,
        initial_epoch=progress.epochs_done,
        epochs=recipe.epochs,
        callbacks=[
            keras.callbacks.TerminateOnNaN(),
            checkpoint,
            keras.callbacks.TensorBoard(str(out / runs.TENSORBOARD_FOLDER), profile_batch=0),
        ],
        shuffle=False,  # the training split shuffles itself, with its seed
        verbose=verbose,
    )
    if checkpoint.diverged_in:
        raise runs.TrainingDiverged(
            f"training stopped: the loss became NaN in epoch {checkpoint.diverged_in}, so the learning rate "
            f"{recipe.learning_rate:g} is too large for this model; {out} keeps the {progress.epochs_done} "
            "finished epochs. Start over with a smaller --learning-rate and --restart"
        )


def evaluate(source, dataset=None, batch_size=64, data_dir=None, download=False):
    """Evaluates a trained model (a run folder or a ``.keras`` file) on the test split of ``dataset``.

    ``dataset`` None means the default of the model's kind (see :func:`train`).

    Returns:
        The test scores of the model's task, such as ``{"test_loss": ...,
        "test_accuracy": ..., "test_images": ...}`` for a classifier.
    """
    model = runs.load_model(source)
    kind = runs.model_kind(model)
    dataset = check_dataset_for(kind, dataset or DEFAULT_DATASETS[kind])
    splits = TASKS[kind].load(dataset, model.input_shape[1:], batch_size, data_dir=data_dir, download=download)
    if splits.num_classes != runs.model_classes(model):
        raise ValueError(
            f"{source} tells {runs.model_classes(model)} classes apart, but {dataset} has {splits.num_classes}"
        )
    return TASKS[kind].measure(model, splits)
