"""Runs exercises' tests with pytest, in this process, and returns what they found.

The one way in for every caller: the student's command line (``python -m exercises``), the
notebooks (``course.notebook.check``) and the grader (``course.teacher.grade``).
"""

import contextlib
import io

from course.catalog import ROOT
from course.progress import Progress


def run_checks(exercises, solutions=False, quiet=False, options=()):
    """Runs the tests of ``exercises`` with pytest in this process, with more pytest ``options``;
    returns their Progress. Raises KeyboardInterrupt if the run was interrupted (pytest itself
    would only report it)."""
    import pytest

    recorder = Progress()
    args = [str(ROOT / exercise.test_path) for exercise in exercises]
    # Plugins the checks never use cost about half a second of a student's wait for each check.
    args += ["-q", "-p", "no:cacheprovider", "-p", "no:xdist", "-p", "no:anyio"]
    args += ["--continue-on-collection-errors", "--rootdir", str(ROOT)]
    args += [*(["--solutions"] if solutions else []), *options]
    output = contextlib.redirect_stdout(io.StringIO()) if quiet else contextlib.nullcontext()
    with output:
        pytest.main(args, plugins=[recorder])
    if recorder.interrupted:
        raise KeyboardInterrupt
    return recorder
