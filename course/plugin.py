"""The engine's pytest options, in one place: ``exercises/conftest.py`` takes its hooks from here.

- ``--solutions``: check the reference solutions in ``solutions/`` instead of the stubs
  (``pytest exercises --solutions``, which CI runs);
- ``--every-test``: run every test of an exercise after its first failure, as grading does;
- the hypothesis profiles: one failure reported, not a group of them;
- :class:`course.progress.Progress`, registered unless the caller (``course.run``) brings its own.
"""

import os

import pytest
from hypothesis import Phase, settings

from course.progress import Progress

PACKAGE_BEFORE = pytest.StashKey[object]()

# A failing hypothesis test reports the one failure it shrank, not a group of them.
settings.register_profile("exercises", report_multiple_bugs=False)
# Grading runs every test of a whole class: it reports the first failing case found, unshrunk.
settings.register_profile("grading", report_multiple_bugs=False, phases=[Phase.explicit, Phase.generate])
settings.load_profile("exercises")


def pytest_addoption(parser):
    parser.addoption(
        "--solutions",
        action="store_true",
        help="test the reference solutions in solutions/ instead of your code in exercises/",
    )
    parser.addoption(
        "--every-test",
        action="store_true",
        help="run every test of an exercise after its first failure, as --solutions does (for grading)",
    )


def pytest_configure(config):
    if config.getoption("solutions"):
        config.stash[PACKAGE_BEFORE] = os.environ.get("EXERCISES_PACKAGE")
        os.environ["EXERCISES_PACKAGE"] = "solutions"
    elif config.getoption("every_test"):
        settings.load_profile("grading")
    if not any(isinstance(plugin, Progress) for plugin in config.pluginmanager.get_plugins()):
        config.pluginmanager.register(Progress(), "exercise-progress")


def pytest_unconfigure(config):
    # `python -m exercises` runs pytest again in the same process: leave everything as it was.
    settings.load_profile("exercises")
    if PACKAGE_BEFORE in config.stash:
        before = config.stash[PACKAGE_BEFORE]
        if before is None:
            os.environ.pop("EXERCISES_PACKAGE", None)
        else:
            os.environ["EXERCISES_PACKAGE"] = before
