"""``python -m exercises grade --self-check``: the reference solutions, handed in as a student would, get full marks.

The first thing to run on a new grading machine: it shows that the sandbox lets
honest work through (TensorFlow loads for the Keras exercises, the digits train,
Keras saves and loads a model), and how long one complete submission takes.
Each solution is rewritten as a student's file: one self-contained module that
imports only the student's own earlier exercises, with the shared input checks
of ``solutions/common.py`` written out in it.
"""

import json
import re
import tempfile
import time
from pathlib import Path

from course.catalog import EXERCISES, ROOT

COMMON_IMPORT = re.compile(r"^from solutions\.common import .*$", flags=re.MULTILINE)


def student_version(module, *replacements):
    """Solution ``module`` as a student would hand it in, with ``replacements`` ((old, new) pairs) planting
    a mistake; raises ValueError for a replacement whose ``old`` is not in the solution."""
    common = (ROOT / "solutions" / "common.py").read_text().split('"""', 2)[2]  # the checks, not the docstring
    source = COMMON_IMPORT.sub(lambda match: common, (ROOT / "solutions" / f"{module}.py").read_text())
    source = source.replace("from solutions.", "from exercises.")
    for old, new in replacements:
        if old not in source:
            raise ValueError(f"{module}: {old!r} is not in the solution")
        source = source.replace(old, new)
    return source


def self_check(exercises=None, jobs=None, isolation_way=None):
    """Grades the student versions of every solution; returns (the lines to print, whether it got full marks)."""
    from course.teacher.grade import grade_class

    selected = list(exercises or EXERCISES)
    with tempfile.TemporaryDirectory(prefix="exercises-self-check-") as folder:
        submission = Path(folder) / "reference"
        submission.mkdir()
        for exercise in EXERCISES:  # all of them: an exercise may use the student's earlier ones
            (submission / f"{exercise.module}.py").write_text(student_version(exercise.module))
        started = time.monotonic()
        total = grade_class([submission], Path(folder) / "grades", exercises=selected, jobs=jobs,
                            isolation_way=isolation_way)["reference"]  # fmt: skip
        seconds = time.monotonic() - started
        tests = json.loads((Path(folder) / "grades" / "reference" / "results.json").read_text())["tests"]
    maximum = sum(exercise.points for exercise in selected)
    if total == maximum:
        return [f"self-check: the reference solutions get full marks, {total:g} of {maximum}, in {seconds:.0f} s"], True
    failed = [f"  {test['name']}: {test['output'].strip().splitlines()[-1]}" for test in tests
              if test["score"] < test["max_score"] or test.get("status") == "failed"]  # fmt: skip
    return [f"self-check FAILED: the reference solutions get {total:g} of {maximum}", *failed[:20]], False
