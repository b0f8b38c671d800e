"""Imports TensorFlow without its C++ start-up chatter on stderr.

TensorFlow 2.21 prints oneDNN, CUDA-probing and CPU-feature notices from C++
when it loads and when it first looks for devices, whatever
TF_CPP_MIN_LOG_LEVEL says. They would bury the one-line errors of our CLI, so
file descriptor 2 points at /dev/null for exactly those two steps. A Python
exception raised meanwhile still reaches the caller after stderr is back.

This file imports nothing of the project: the exercise worker loads it by path.
"""

import os
import sys


def import_tensorflow():
    """Imports TensorFlow (and lists its devices) with stderr silenced; returns the module."""
    if "tensorflow" in sys.modules:
        return sys.modules["tensorflow"]
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
            import tensorflow

            tensorflow.config.list_physical_devices()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
    return tensorflow
