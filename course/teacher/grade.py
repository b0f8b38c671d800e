"""``python -m exercises grade``: a class's submissions, each checked apart, scored and explained.

    python -m exercises grade alice/ bob.zip ... --out grades/ [--hidden DIR] [--exercises 1,5,6]
                              [--no-partial-credit] [--jobs N]

A submission is a folder or a zip holding a student's ``exNN_*.py`` files (any
subset). Each gets a temporary folder of its own, holding its files and the
untouched stubs of the exercises it lacks (so imports between exercises still
resolve), and is checked in a process of its own, several at once. There, as
for a student, each exercise's module runs in its own worker with the time
limits of ``course/catalog.py``; in grading the worker is also sandboxed
(``worker.Sandbox``): it cannot read the solutions, the other submissions, the
hidden tests or the grades, write outside its folder, or start a process. Every
test of every exercise runs (``--every-test``); a teacher's hidden tests, written
with the same harness as ``exercises/tests/``, run beside the public ones.

``DIR`` gets:
- ``grades.csv``: one row per submission, one column per exercise, and the total;
- ``<submission>/results.json``: Gradescope's results format, one test per check,
  the worded message as its output and each named mistake as a tag;
- ``feedback/<submission>.md``: what the student gets back;
- ``class.json``: every check of every submission, for ``python -m exercises report``.
"""

import concurrent.futures
import csv
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from course.catalog import EXERCISES, ROOT, find
from course.teacher.scores import Rules, feedback, gradescope_results
from course.teacher.submissions import check_submissions, prepare, submission_files
from models.files import save_json, write_atomically

SUBMISSION_SECONDS = 3600  # a backstop for one submission; each call has its own, much shorter, limit


# Where a hidden test written before the engine left exercises/ imported the checks from.
MOVED = re.compile(r"\b(?:from\s+exercises\s+import\s+(harness|oracle\w*)\b|exercises\.(harness|oracle\w*)\b)")


def check_hidden_tests(hidden):
    """Raises ValueError if ``hidden`` is not a folder, or one of its tests imports the checks from
    where they were before they moved to ``course`` (the message says where they are now)."""
    folder = Path(hidden)
    if not folder.is_dir():
        raise ValueError(f"--hidden {hidden} is not a folder of test files")
    for path in sorted(folder.glob("test_ex*.py")):
        found = MOVED.search(path.read_text(errors="replace"))
        if found:
            old = found.group(1) or found.group(2)
            new = "course.oracles"
            if old == "harness":
                new = "course.harness (check and check_equal are now compare and compare_equal)"
            raise ValueError(f"{path} imports exercises.{old}, which moved: use {new} (README: grading)")


def hidden_tests(hidden, exercises):
    """The teacher's hidden test files for these exercises: test_exNN*.py in ``hidden``."""
    if not hidden:
        return []
    prefixes = tuple(f"test_{exercise.module[:4]}" for exercise in exercises)
    return sorted(str(path) for path in Path(hidden).glob("test_ex*.py") if path.name.startswith(prefixes))


def check_in_this_process(folders):
    """In a grading process: checks each submission's folder as its ``job.json`` says and writes its
    ``result.json``. Never called in the grader's own process. TensorFlow loads once for them all;
    every exercise of every submission still runs in its own sandboxed worker."""
    from course import isolation
    from course.run import run_checks

    for folder in folders:
        job = json.loads((folder / "job.json").read_text())
        isolation.sandbox = {"denied": job["denied"], "folder": str(folder), "writable": [str(folder / "tmp")]}
        os.environ.update(EXERCISES_PACKAGE=str(folder / "exercises"), TMPDIR=str(folder / "tmp"))
        exercises = [find(module) for module in job["exercises"]]
        options = ["--every-test", "--import-mode=importlib", *hidden_tests(job["hidden"], exercises)]
        started = time.monotonic()
        progress = run_checks(exercises, quiet=True, options=options)
        seconds = round(time.monotonic() - started, 1)
        save_json(folder / "result.json", {"results": progress.results, "seconds": seconds})


def check_in_processes(folders, jobs):
    """Checks the submissions' folders in ``jobs`` grading processes at once. Should one of those
    processes die, each submission it left unchecked is checked again, alone."""

    def run(batch):
        with open(batch[0].parent / f"{batch[0].name}.log", "ab") as log:
            try:
                subprocess.run([sys.executable, "-m", "course.teacher.grade", *map(str, batch)], cwd=ROOT, stdout=log,
                               stderr=subprocess.STDOUT, timeout=SUBMISSION_SECONDS * len(batch))  # fmt: skip
            except subprocess.TimeoutExpired:
                pass

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(run, [folders[start::jobs] for start in range(jobs) if folders[start::jobs]]))
        list(pool.map(run, [[folder] for folder in folders if not (folder / "result.json").exists()]))


def graded_result(folder, submitted):
    """What the checks of one submission found, or why they did not finish."""
    try:
        return {"submitted": submitted, **json.loads((folder / "result.json").read_text())}
    except (OSError, ValueError):
        log = (folder.parent / f"{folder.name}.log").read_text(errors="replace")[-2000:] if submitted else ""
        error = f"the checks of this submission did not finish:\n{log}" if submitted else None
        return {"submitted": submitted, "results": [], "seconds": 0.0, **({"error": error} if error else {})}


DEFAULT_RULES = Rules()


def grade_class(paths, out, hidden=None, exercises=None, rules=DEFAULT_RULES, jobs=None):
    """Grades the submissions at ``paths`` into folder ``out``; returns {name: total}."""
    named = check_submissions(paths)
    selected = list(exercises or EXERCISES)
    out = Path(out)
    for folder in (out, out / "feedback"):
        folder.mkdir(parents=True, exist_ok=True)
    denied = [str(ROOT / "solutions"), str(out.resolve()), *(str(Path(p).resolve()) for p in named.values())]
    denied += [str(Path(hidden).resolve())] if hidden else []
    with tempfile.TemporaryDirectory(prefix="exercises-grading-") as workspace:
        denied.append(workspace)  # every submission's folder; a worker may still read its own
        graded, pending = {}, []
        for name, path in named.items():
            folder, files = Path(workspace) / name, submission_files(path)
            prepare(folder, files)
            submitted = [exercise.module for exercise in selected if f"{exercise.module}.py" in files]
            save_json(folder / "job.json", {"exercises": submitted, "hidden": hidden, "denied": denied})
            pending += [folder] if submitted else []
            graded[name] = submitted
        check_in_processes(pending, jobs or os.cpu_count())
        graded = {name: graded_result(Path(workspace) / name, submitted) for name, submitted in graded.items()}
    totals, rows, everyone = {}, [], {}
    for name, result in graded.items():
        scores, results = gradescope_results(name, result, selected, rules)
        (out / name).mkdir(exist_ok=True)
        save_json(out / name / "results.json", results)
        write_atomically(out / "feedback" / f"{name}.md", feedback(name, result, scores, selected))
        totals[name] = round(sum(scores.values()), 2)
        rows.append([name, *(f"{scores[exercise.module]:g}" for exercise in selected), f"{totals[name]:g}"])
        everyone[name] = {"scores": scores, **result}
    table = io.StringIO()
    writer = csv.writer(table)
    writer.writerow(["submission", *(exercise.module for exercise in selected), "total"])
    writer.writerows(rows)
    write_atomically(out / "grades.csv", table.getvalue())
    save_json(out / "class.json", {
        "exercises": [exercise.module for exercise in selected],
        "points": {exercise.module: exercise.points for exercise in selected},
        "submissions": everyone,
    })  # fmt: skip
    return totals


if __name__ == "__main__":
    check_in_this_process([Path(folder) for folder in sys.argv[1:]])
