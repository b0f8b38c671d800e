"""Training on several devices or machines with ``tf.distribute``.

``train(..., distribute=NAME)`` (``python -m models train MODEL --distribute NAME``) takes:

- ``None``: the default, one device, no strategy;
- ``"mirrored"``: ``tf.distribute.MirroredStrategy``, one copy of the model on
  every local GPU (or on the CPU alone when there is none), gradients summed
  across the copies after every step;
- ``"multi-worker"``: ``tf.distribute.MultiWorkerMirroredStrategy``, the same
  across machines. Every machine runs the same command; the ``TF_CONFIG``
  environment variable tells each one the whole cluster and which task it is::

      TF_CONFIG='{"cluster": {"worker": ["alpha:12345", "beta:12345"]},
                  "task": {"type": "worker", "index": 0}}'

In both, ``batch_size`` is the *global* batch: with a batch of 64 on two
workers, each computes the gradient of 32 examples per step, and the step is
the same as one process's step on 64 examples. So a recipe means the same on
one machine and on many, and the learning rate needs no rescaling.

Who writes what, as in Keras's multi-worker guide
(https://www.tensorflow.org/tutorials/distribute/multi_worker_with_keras):
the chief (task ``chief``, or ``worker`` 0 when the cluster has no chief)
writes the run folder. Every other worker must still run every step, the
final evaluation included, because the strategy's collective operations need
all of them; it writes into a folder of its own next to the run folder
(:func:`run_folder`), which holds its own per-epoch checkpoints (``backup/``,
see :mod:`models.training.runs`) while training runs and is deleted when it
ends (:func:`discard_worker_folder`). A shared backup folder would have two
processes writing one file. If any worker dies, the others stop
too (within seconds: the strategy's heartbeats miss it); start the same command
on every machine again and each one restores its own backup and goes on from
the last finished epoch. The backups agree because every worker writes its own
at the end of the same epoch; a worker that died in the instant between two of
those writes leaves them one epoch apart, and then the workers disagree on
where to start: delete every backup folder and start afresh.

The training data is split between workers example by example
(``AutoShardPolicy.DATA``, :func:`shard_by_example`): every worker reads the
whole (small) dataset in the same seeded shuffled order and keeps its share of
each batch. Sharding by file, TensorFlow's default guess, needs more files than
workers, which the in-memory digits data and a one-file TFDS split do not have.

Why ``tf.distribute`` and not Keras 3's own ``keras.distribution``: that API
offers ``DataParallel`` (a copy of the model on every device, each batch split
between them), ``ModelParallel`` (the weights themselves split across a
``DeviceMesh`` of devices, as a ``LayoutMap`` of ``TensorLayout`` says, for
models too big for one device) and ``keras.distribution.initialize`` for several
hosts, set once with ``keras.distribution.set_distribution`` and then used by
the usual ``model.fit``. It is built on JAX's sharding and works on the JAX
backend only: Keras 3.15's TensorFlow version is a DTensor prototype marked
"do not use", and PyTorch has none. The zoo trains on TensorFlow with a
tf.data pipeline, and there ``tf.distribute`` is the engine ``model.fit``
itself runs on for several GPUs and machines.

This module imports TensorFlow only inside the functions that use it, so that
the command line can check ``--distribute`` and ``TF_CONFIG`` before paying
for that import.
"""

import contextlib
import dataclasses
import json
import os
import shutil
from pathlib import Path

STRATEGIES = ("mirrored", "multi-worker")
TASK_TYPES = ("chief", "worker")


@dataclasses.dataclass(frozen=True)
class ClusterTask:
    """This process's place in a cluster, as ``TF_CONFIG`` describes it.

    Attributes:
        cluster: task type to its list of ``"host:port"`` addresses.
        task_type: ``"chief"`` or ``"worker"``.
        task_index: this task's position in ``cluster[task_type]``.
    """

    cluster: dict
    task_type: str
    task_index: int

    @property
    def is_chief(self):
        """The chief: task ``chief``, or ``worker`` 0 of a cluster without one."""
        if "chief" in self.cluster:
            return self.task_type == "chief"
        return self.task_index == 0


def parse_tf_config(text):
    """Reads and checks a ``TF_CONFIG`` value for ``MultiWorkerMirroredStrategy``.

    Args:
        text: the JSON text, such as ``os.environ["TF_CONFIG"]``.

    Returns:
        A :class:`ClusterTask`.

    Raises:
        ValueError: not JSON, or a cluster or task this strategy cannot run;
            the message quotes what it got.
    """
    if not text:
        raise ValueError(
            'multi-worker training needs TF_CONFIG, such as {"cluster": {"worker": ["host1:port", "host2:port"]}, '
            '"task": {"type": "worker", "index": 0}}; got none'
        )
    try:
        config = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"TF_CONFIG must be JSON, got {text!r} ({error})") from error
    if not isinstance(config, dict):
        raise ValueError(f'TF_CONFIG must be a JSON object with "cluster" and "task", got {text!r}')
    cluster, task = config.get("cluster"), config.get("task")
    if not isinstance(cluster, dict) or not cluster.get("worker"):
        raise ValueError(f'TF_CONFIG\'s "cluster" must list "worker" addresses, got {cluster!r}')
    for task_type, addresses in cluster.items():
        if task_type not in TASK_TYPES:
            raise ValueError(
                f"TF_CONFIG's cluster has task type {task_type!r}; multi-worker training accepts "
                f"{' and '.join(TASK_TYPES)}"
            )
        if not isinstance(addresses, list) or not all(_is_address(address) for address in addresses):
            raise ValueError(f'TF_CONFIG\'s "{task_type}" must be a list of "host:port" strings, got {addresses!r}')
    if len(cluster.get("chief", [])) > 1:
        raise ValueError(f"TF_CONFIG's cluster may have one chief, got {cluster['chief']!r}")
    if not isinstance(task, dict) or task.get("type") not in cluster:
        raise ValueError(f'TF_CONFIG\'s "task" must have a "type" among {sorted(cluster)}, got {task!r}')
    index = task.get("index")
    size = len(cluster[task["type"]])
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < size:
        raise ValueError(
            f'TF_CONFIG\'s task "index" must be an integer from 0 to {size - 1} ({size} {task["type"]} '
            f"addresses), got {index!r}"
        )
    return ClusterTask(cluster=cluster, task_type=task["type"], task_index=index)


def _is_address(text):
    host, colon, port = text.rpartition(":") if isinstance(text, str) else ("", "", "")
    return bool(host and colon and port.isdigit())


def check_distribute(name):
    """Returns ``name`` if training can run with it; ``"multi-worker"`` also needs a good ``TF_CONFIG``.

    Raises:
        ValueError: an unknown name, or a missing or bad ``TF_CONFIG``.
    """
    if name is not None and name not in STRATEGIES:
        raise ValueError(f"distribute must be None or one of {', '.join(STRATEGIES)}; got {name!r}")
    if name == "multi-worker":
        parse_tf_config(os.environ.get("TF_CONFIG"))
    return name


def is_chief(name):
    """Whether this process writes the run folder: always, except as a non-chief worker of ``multi-worker``."""
    return check_distribute(name) != "multi-worker" or parse_tf_config(os.environ["TF_CONFIG"]).is_chief


def run_folder(out, name):
    """Where this process writes: ``out`` for the chief, else ``OUT.worker-N`` beside it."""
    out = Path(out)
    if is_chief(name):
        return out
    task = parse_tf_config(os.environ["TF_CONFIG"])
    return out.with_name(f"{out.name}.{task.task_type}-{task.task_index}")


def discard_worker_folder(folder, name):
    """Deletes a non-chief worker's folder (see :func:`run_folder`) once training has finished."""
    if not is_chief(name):
        shutil.rmtree(folder)


def create_strategy(name):
    """The ``tf.distribute`` strategy for ``name`` (see the module's docstring); None for one device.

    Call it before any other TensorFlow operation runs: a multi-worker strategy
    sets up its collective operations when TensorFlow starts its runtime.

    Raises:
        ValueError: a bad name or ``TF_CONFIG``, or a Keras backend other than TensorFlow.
    """
    if check_distribute(name) is None:
        return None
    import keras

    if keras.backend.backend() != "tensorflow":
        raise ValueError(f"distribute={name!r} needs KERAS_BACKEND=tensorflow, got {keras.backend.backend()!r}")
    import tensorflow as tf

    if name == "mirrored":
        return tf.distribute.MirroredStrategy()
    return tf.distribute.MultiWorkerMirroredStrategy()


def strategy_scope(strategy):
    """``strategy.scope()``, or a scope that does nothing for one device (``strategy`` None)."""
    return contextlib.nullcontext() if strategy is None else strategy.scope()


def shard_by_example(splits):
    """``splits`` (:class:`models.training.data.Splits`) with each split sharded between workers example by example."""
    import tensorflow as tf

    options = tf.data.Options()
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    return dataclasses.replace(
        splits,
        train=splits.train.with_options(options),
        validation=splits.validation.with_options(options),
        test=splits.test.with_options(options),
    )


def adapt_keras_to(strategy, model):
    """Makes ``model.fit`` and ``model.evaluate`` under ``strategy`` follow a one-device run.

    Under any strategy, Keras 3.15's TensorFlow trainer builds a model's
    metrics from a first batch that it draws from a fresh iterator of the
    data before training. A seeded dataset that reshuffles every epoch then
    moves on one order, so a distributed run would see other orders (and
    other augmentations) than a one-device run. The build needs only shapes
    and types, so here it takes them from the dataset's ``element_spec``.

    Under ``MultiWorkerMirroredStrategy`` that first batch is also averaged
    over all workers with ``strategy.reduce``, which fails for an (images,
    labels) pair, and each step's logged scalars are averaged "along axis 0",
    which a scalar does not have (https://github.com/keras-team/keras/issues/20585);
    here each gets that axis. The metrics that count (the logs at the end of
    an epoch, evaluate's results) read the metric variables, which sum over
    every worker. One device, without a strategy, needs none of this.
    """
    if strategy is None:
        return  # one device, where Keras builds nothing ahead
    import tensorflow as tf

    keras_build = model._maybe_symbolic_build

    def build_from_shapes(iterator=None, data_batch=None):
        if iterator is not None:
            data_batch = iterator.data_adapter.get_tf_dataset().element_spec
        keras_build(data_batch=data_batch)

    model._maybe_symbolic_build = build_from_shapes
    if isinstance(strategy, tf.distribute.MultiWorkerMirroredStrategy):

        def with_axis(step):
            return lambda data: tf.nest.map_structure(lambda value: tf.reshape(value, [-1]), step(data))

        model.train_step, model.test_step = with_axis(model.train_step), with_axis(model.test_step)
