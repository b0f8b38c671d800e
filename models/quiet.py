"""Imports TensorFlow without its C++ start-up chatter on stderr, and exits without its clean-up.

TensorFlow 2.21 prints oneDNN, CUDA-probing and CPU-feature notices from C++
when it loads and when it first looks for devices, whatever
TF_CPP_MIN_LOG_LEVEL says. They would bury the one-line errors of our CLI, so
file descriptor 2 points at /dev/null for exactly those two steps. A Python
exception raised meanwhile still reaches the caller after stderr is back.
"""

import os
import sys

INTERRUPTED = 130  # the exit status of a command stopped by Ctrl-C, as shells report it


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


def exit_now(code):
    """Ends a command's process with exit status ``code``.

    With TensorFlow loaded, Python's clean-up at exit takes about a second (a fifth of a
    check's time), and a command that has returned needs none of it: its files are written
    and closed, its child processes stopped. So the output is flushed and the process ends
    at once. A command stopped by Ctrl-C (status 130) exits the usual way, so that what it left
    open, such as TensorBoard's event files, is flushed and closed."""
    if "tensorflow" in sys.modules and code != INTERRUPTED:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code or 0)
    sys.exit(code)
