"""What every command line of the project shares: one-line usage errors, the exit statuses, the quick exit.

``python -m models`` and ``python -m exercises`` answer a bad command line the
same way (one line on stderr, exit status 2) and end the same way; this module
is the one place that says how. It imports nothing heavy.
"""

import argparse
import os
import sys

EXIT_FAILED = 1  # the command ran and failed, such as a training whose loss became NaN
EXIT_USAGE = 2  # a bad command line or bad input, found before anything was written
INTERRUPTED = 130  # the exit status of a command stopped by Ctrl-C, as shells report it


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line, without the usage block, and exit with ``EXIT_USAGE``."""

    def error(self, message):
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def exit_now(code):
    """Ends a command's process with exit status ``code``.

    With TensorFlow loaded, Python's clean-up at exit takes about a second (a fifth of a
    check's time), and a command that has returned needs none of it: its files are written
    and closed, its child processes stopped. So the output is flushed and the process ends
    at once. A command stopped by Ctrl-C (``INTERRUPTED``) exits the usual way, so that what
    it left open, such as TensorBoard's event files, is flushed and closed."""
    if "tensorflow" in sys.modules and code != INTERRUPTED:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code or 0)
    sys.exit(code)
