"""How fast is convolution as one matrix product? im2col vs the loop vs TensorFlow.

A batch of 64 inputs of 32x32x16 and 3x3x16x32 filters, float32, SAME padding.
Target: conv2d_im2col within 1.25x of tf.nn.conv2d.

How it is timed, so that the ratios compare like with like on a shared machine:

- Interleaved: each round times every function in turn, so a slow spell of the
  machine slows them all; the figures are medians over all rounds.
- Each function's turn starts with a pause, then one untimed call, then the
  timed calls. The untimed call warms up (TF's first call is ~5x slower).
  The pause is for fairness: after a matrix product NumPy's BLAS (OpenBLAS)
  keeps a worker thread spinning for about 0.1 s, which takes a core from
  whatever runs next; TF timed straight after NumPy looks up to 1.5x slower.
- TF gets tensors and returns a tensor, its fastest call: converting NumPy
  arrays in and out would add about 1 ms to TF's time.
- "matrix product alone" multiplies a ready-made column matrix, and "products in
  cache" multiplies one chunk's columns (IMAGES_PER_CHUNK images) as many times
  as there are chunks: the arithmetic of im2col without its copy, at NumPy's
  best. No im2col with NumPy's matrix product can be faster than that, so it
  shows how close to TF any im2col can get here.

    .venv/bin/python benchmarks/conv2d_speed.py
"""

import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models.quiet import import_tensorflow  # noqa: E402
from solutions.ex05_conv2d import conv2d  # noqa: E402
from solutions.ex11_im2col import IMAGES_PER_CHUNK, conv2d_im2col, im2col  # noqa: E402

tf = import_tensorflow()

TARGET = 1.25
ROUNDS = 10
CALLS_PER_ROUND = 3
PAUSE_SECONDS = 0.2  # longer than OpenBLAS's idle spin


def interleaved_medians(functions):
    """{name: function} -> {name: median seconds per call}, timed in interleaved rounds."""
    times = {name: [] for name in functions}
    for _ in range(ROUNDS):
        for name, function in functions.items():
            time.sleep(PAUSE_SECONDS)
            function()
            for _ in range(CALLS_PER_ROUND):
                started = time.perf_counter()
                function()
                times[name].append(time.perf_counter() - started)
    return {name: float(np.median(values)) for name, values in times.items()}


def cpu_name():
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def blas_kernels():
    """NumPy's BLAS and the CPU kernel it chose, e.g. 'openblas Haswell' (AVX2 only)."""
    from threadpoolctl import threadpool_info  # installed with scikit-learn

    kernels = [f"{pool['internal_api']} {pool.get('architecture', '')}".strip()
               for pool in threadpool_info() if pool["user_api"] == "blas"]  # fmt: skip
    return ", ".join(dict.fromkeys(kernels))  # NumPy's and SciPy's copies of OpenBLAS say the same


def main():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 32, 32, 16)).astype("float32")
    filters = rng.normal(size=(3, 3, 16, 32)).astype("float32")
    tf_x, tf_filters = tf.constant(x), tf.constant(filters)
    expected = tf.nn.conv2d(tf_x, tf_filters, 1, "SAME").numpy()
    np.testing.assert_allclose(conv2d_im2col(x, filters, 1, "SAME"), expected, rtol=1e-3, atol=1e-3)
    columns, matrix = im2col(x, 3, 1, "SAME"), filters.reshape(-1, 32)
    product = np.empty((len(columns), 32), "float32")
    chunk_rows = len(columns) * IMAGES_PER_CHUNK // len(x)
    chunk, chunk_product = columns[:chunk_rows].copy(), product[:chunk_rows]

    def products_in_cache():
        for _ in range(len(x) // IMAGES_PER_CHUNK):
            np.matmul(chunk, matrix, out=chunk_product)

    load_before = os.getloadavg()[0]
    seconds = interleaved_medians(
        {
            "tf.nn.conv2d": lambda: tf.nn.conv2d(tf_x, tf_filters, 1, "SAME"),
            "conv2d_im2col": lambda: conv2d_im2col(x, filters, 1, "SAME"),
            "matrix product alone": lambda: np.matmul(columns, matrix, out=product),
            "products in cache": products_in_cache,
            "conv2d (loop)": lambda: conv2d(x, filters, 1, "SAME"),
        }
    )
    print(
        f"machine: {cpu_name()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"TensorFlow {tf.__version__}, NumPy {np.__version__} ({blas_kernels()}); "
        f"load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after"
    )
    print(f"input 64x32x32x16, filters 3x3x16x32, float32, SAME; medians of {ROUNDS} rounds x {CALLS_PER_ROUND} calls")
    tf_seconds = seconds["tf.nn.conv2d"]
    for name, value in seconds.items():
        print(f"  {name:21} {value * 1000:7.2f} ms  {value / tf_seconds:5.2f}x TF")
    ratio = seconds["conv2d_im2col"] / tf_seconds
    verdict = "met" if ratio <= TARGET else "not met"
    print(f"im2col / tf   = {ratio:.2f}x (target: {TARGET}x or less: {verdict})")
    print(f"loop / im2col = {seconds['conv2d (loop)'] / seconds['conv2d_im2col']:.1f}x")


if __name__ == "__main__":
    main()
