"""Runs exercises' tests with pytest, in this process, and returns what they found.

The one way in for every caller: the student's command line (``python -m exercises``), the
notebooks (``course.notebook.check``) and the grader (``course.teacher.grade``).
"""

import contextlib
import io

from course import isolation
from course.catalog import ROOT
from course.progress import Progress


def run_checks(exercises, solutions=False, quiet=False, options=(), verdicts=None):
    """Runs the tests of ``exercises`` with pytest in this process, with more pytest ``options``;
    returns their Progress. Raises KeyboardInterrupt if the run was interrupted (pytest itself
    would only report it).

    ``verdicts``: a :class:`course.verdicts.Verdicts` of the code under test, to keep each exercise's
    verdict in (the student's commands pass one). Never with ``solutions``, ``options`` or while
    grading: those runs check everything afresh and keep nothing."""
    import pytest

    keep = verdicts is not None and not solutions and not options and not isolation.grading
    before = verdicts.snapshot() if keep else None
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
    if keep:
        verdicts.record(found(recorder, exercises), before)
    return recorder


def found(recorder, exercises):
    """{exercise: {"status", "imported", "feedback"}}: what the run found for each of ``exercises``."""
    return {
        exercise: {
            "status": record.status,
            "imported": list(record.files),
            "feedback": [result["message"] for result in recorder.results
                         if result["exercise"] == exercise.module and result["outcome"] == "failed"],
        }  # fmt: skip
        for exercise, record in recorder.records.items()
        if exercise in exercises
    }
