"""pytest's way into the engine: ``--solutions``, ``--every-test`` and the progress table (see course/plugin.py)."""

from course.plugin import pytest_addoption, pytest_configure, pytest_unconfigure  # noqa: F401
