"""Adds ``--solutions``: ``pytest exercises --solutions`` checks solutions/ instead of the stubs."""

import os

import pytest

PACKAGE_BEFORE = pytest.StashKey[object]()


def pytest_addoption(parser):
    parser.addoption(
        "--solutions",
        action="store_true",
        help="test the reference solutions in solutions/ instead of your code in exercises/",
    )


def pytest_configure(config):
    if config.getoption("solutions"):
        config.stash[PACKAGE_BEFORE] = os.environ.get("EXERCISES_PACKAGE")
        os.environ["EXERCISES_PACKAGE"] = "solutions"


def pytest_unconfigure(config):
    # `python -m exercises` runs pytest again in the same process: leave the environment as it was.
    if PACKAGE_BEFORE in config.stash:
        before = config.stash[PACKAGE_BEFORE]
        if before is None:
            os.environ.pop("EXERCISES_PACKAGE", None)
        else:
            os.environ["EXERCISES_PACKAGE"] = before
