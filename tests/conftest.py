"""Helpers shared by the zoo's tests: running the CLI as a user would."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_module(module, *args, cwd=ROOT, timeout=300, env_extra=None, **popen):
    """Runs ``python -m module args...`` in a fresh process and returns it finished."""
    # A --solutions run in this process must not leak into the child's choice of code under test.
    env = {name: value for name, value in os.environ.items() if name != "EXERCISES_PACKAGE"}
    env.update({"PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1", **(env_extra or {})})
    return subprocess.run(
        [sys.executable, "-m", module, *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        **popen,
    )


@pytest.fixture
def cli(capsys):
    """Calls ``python -m models`` in this process; returns (exit status, stdout, stderr)."""
    from models.cli import main

    def call(*args):
        try:
            status = main([str(a) for a in args])
        except SystemExit as exit:  # argparse exits on its own errors
            status = exit.code
        out, err = capsys.readouterr()
        return status, out, err

    return call


@pytest.fixture(scope="session")
def photo():
    """A real photograph (427 x 640 x 3, uint8) that scikit-learn ships."""
    from sklearn.datasets import load_sample_image

    return load_sample_image("china.jpg")
