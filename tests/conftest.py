"""Helpers shared by the zoo's tests: running the CLI as a user would, and one trained LeNet."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# A run that takes longer than this is hung, not slow: a guard for tests that mean "no hang", far above
# their figures on a quiet machine, so that a machine busy with other jobs does not fail them.
HANG_SECONDS = 300

# `make test` runs two xdist workers on two cores, and many tests start more processes. With one
# thread each for TensorFlow and oneDNN/OpenMP they share the cores instead of fighting over them
# (tests/ took 183 s instead of 203 s). Set before TensorFlow loads; the children inherit it.
for variable in ("TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(variable, "1")


# Files whose module-scoped fixture costs many seconds (grading a class, executing the notebooks...).
SHARED_FIXTURE_FILES = ("test_grading.py", "test_notebooks.py", "test_gradcam.py", "test_distribute.py")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a test that takes more than a few seconds")
    config.addinivalue_line("markers", "backends: runs Keras on JAX and PyTorch too (`make test-backends`)")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Under ``pytest -n N --dist loadgroup`` (``make test``), keeps the tests that share an expensive
    fixture on one worker, which then builds it once instead of once per worker."""
    for item in items:
        if "lenet_run" in item.fixturenames:
            item.add_marker(pytest.mark.xdist_group("lenet_run"))
        elif item.path.name in SHARED_FIXTURE_FILES:
            item.add_marker(pytest.mark.xdist_group(item.path.stem))
    # Slow tests first. loadgroup already hands out the groups of several tests first (the largest
    # first); the single tests follow in this order, so the slow ones start early, side by side,
    # and the quick ones fill the gaps at the end instead of a 20 s test starting last.
    items.sort(
        key=lambda item: 0 if item.get_closest_marker("xdist_group") else 1 if item.get_closest_marker("slow") else 2
    )


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


@pytest.fixture(scope="session")
def lenet_run(tmp_path_factory):
    """A finished run folder of LeNet trained briefly on digits (about 97% right on its test split)."""
    from models.training.train import train

    folder = tmp_path_factory.mktemp("lenet") / "run"
    train("lenet", folder, epochs=10, verbose=0)
    return folder


@pytest.fixture(scope="session")
def picture_folder(tmp_path_factory):
    """Digits 0, 1 and 2 of the digits data as PNG files of 16x16 in class folders, 30 each (25 for "two")."""
    from PIL import Image
    from sklearn.datasets import load_digits

    root = tmp_path_factory.mktemp("pictures")
    digits = load_digits()
    for label, name, count in [(0, "zero", 30), (1, "one", 30), (2, "two", 25)]:
        (root / name).mkdir()
        for i, image in enumerate(digits.images[digits.target == label][:count]):
            pixels = (image * 255 / 16).astype("uint8")
            Image.fromarray(pixels).resize((16, 16), Image.NEAREST).save(root / name / f"{i:03}.png")
    return root
