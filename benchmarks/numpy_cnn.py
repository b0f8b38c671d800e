"""How fast does exercise 23's NumPy CNN train? One epoch against the same network's epoch in Keras.

The network: conv 3x3 (8) - relu - pool, conv 3x3 (16) - relu - pool, flatten,
dense 10, on the 1,077 digits of the training split, batches of 32, Adam. The
NumPy side is the reference solution (im2col, float64); the Keras side is the
same layers in Keras's default float32, trained by ``model.fit``.
Target: a NumPy epoch at most 3x a Keras epoch.

How it is timed, so that the ratio compares like with like on a shared machine:

- Interleaved: each round times a Keras fit of several epochs, then as many
  NumPy epochs; a slow spell of the machine slows both. Figures are medians.
- Keras's epochs are timed by a callback, inside one ``fit``, leaving out each
  round's first epoch (it traces the training function): what an epoch costs
  once training runs. NumPy's epochs are timed the same way, first left out.

    .venv/bin/python benchmarks/numpy_cnn.py
"""

import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conv2d_speed import cpu_name  # noqa: E402  (this folder is on sys.path when run as a script)

from models.quiet import import_tensorflow  # noqa: E402
from solutions.ex23_numpy_cnn import BATCH_SIZE, NumpyCNN, digits_splits  # noqa: E402

tf = import_tensorflow()
import keras  # noqa: E402

from course.oracles.ex23_numpy_cnn import keras_cnn  # noqa: E402

TARGET = 3.0
ROUNDS, EPOCHS_PER_ROUND = 3, 4


class EpochTimes(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.seconds = []

    def on_epoch_begin(self, epoch, logs=None):
        self.started = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self.started)


def numpy_epoch(network, images, labels, rng):
    order = rng.permutation(len(labels))
    for start in range(0, len(order), BATCH_SIZE):
        batch = order[start : start + BATCH_SIZE]
        network.train_step(images[batch], labels[batch])


def main():
    images, labels = digits_splits()["train"]
    numpy_seconds, keras_seconds = [], []
    load_before = os.getloadavg()[0]
    for round_number in range(ROUNDS):
        keras.utils.set_random_seed(round_number)
        model = keras_cnn((8, 8, 1), (8, 16), 10, dtype="float32")
        model.compile(optimizer=keras.optimizers.Adam(0.02),
                      loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))  # fmt: skip
        timer = EpochTimes()
        model.fit(images.astype("float32"), labels, batch_size=BATCH_SIZE, epochs=EPOCHS_PER_ROUND, verbose=0,
                  callbacks=[timer])  # fmt: skip
        keras_seconds += timer.seconds[1:]
        network, rng = NumpyCNN(seed=round_number), np.random.default_rng(round_number)
        for epoch in range(EPOCHS_PER_ROUND):
            started = time.perf_counter()
            numpy_epoch(network, images, labels, rng)
            if epoch:
                numpy_seconds.append(time.perf_counter() - started)
    numpy_median, keras_median = float(np.median(numpy_seconds)), float(np.median(keras_seconds))
    print(
        f"machine: {cpu_name()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"TensorFlow {tf.__version__}, Keras {keras.__version__}, NumPy {np.__version__}; "
        f"load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after"
    )
    print(f"one epoch of {len(labels)} digits in batches of {BATCH_SIZE}, Adam; medians of "
          f"{len(numpy_seconds)} epochs each")  # fmt: skip
    print(f"  Keras model.fit (float32)     {keras_median * 1000:7.1f} ms")
    print(f"  NumpyCNN, exercise 23 (float64) {numpy_median * 1000:5.1f} ms")
    ratio = numpy_median / keras_median
    print(f"numpy / keras = {ratio:.2f}x (target: {TARGET}x or less: {'met' if ratio <= TARGET else 'not met'})")


if __name__ == "__main__":
    main()
