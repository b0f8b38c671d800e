"""Adds ``--solutions``: ``pytest exercises --solutions`` checks solutions/ instead of the stubs."""

import os


def pytest_addoption(parser):
    parser.addoption(
        "--solutions",
        action="store_true",
        help="test the reference solutions in solutions/ instead of your code in exercises/",
    )


def pytest_configure(config):
    if config.getoption("solutions"):
        os.environ["EXERCISES_PACKAGE"] = "solutions"
