"""How fast is convolution as one matrix product? im2col vs the loop vs TensorFlow.

A batch of 64 inputs of 32x32x16 and 3x3x16x32 filters, float32, SAME padding.
Each is timed several times in this one run (best time kept), so the ratios
compare like with like on a noisy machine. Target: conv2d_im2col within 3x of
tf.nn.conv2d.

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
from solutions.ex11_im2col import conv2d_im2col  # noqa: E402

tf = import_tensorflow()


def best_time(function, repeats):
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def main():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 32, 32, 16)).astype("float32")
    filters = rng.normal(size=(3, 3, 16, 32)).astype("float32")
    tf_x, tf_filters = tf.constant(x), tf.constant(filters)
    expected = tf.nn.conv2d(tf_x, tf_filters, 1, "SAME").numpy()
    np.testing.assert_allclose(conv2d_im2col(x, filters, 1, "SAME"), expected, rtol=1e-3, atol=1e-3)

    seconds = {
        "tf.nn.conv2d": best_time(lambda: tf.nn.conv2d(tf_x, tf_filters, 1, "SAME").numpy(), 20),
        "conv2d_im2col": best_time(lambda: conv2d_im2col(x, filters, 1, "SAME"), 10),
        "conv2d (loop)": best_time(lambda: conv2d(x, filters, 1, "SAME"), 3),
    }
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}")
    print("input 64x32x32x16, filters 3x3x16x32, float32, SAME")
    for name, value in seconds.items():
        print(f"  {name:14} {value * 1000:8.1f} ms")
    print(f"im2col / tf   = {seconds['conv2d_im2col'] / seconds['tf.nn.conv2d']:.2f}x (target: 3x or less)")
    print(f"loop / im2col = {seconds['conv2d (loop)'] / seconds['conv2d_im2col']:.1f}x")


if __name__ == "__main__":
    main()
