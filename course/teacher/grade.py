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
import contextlib
import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from course import sandbox
from course.catalog import EXERCISES, ROOT, find
from course.teacher.scores import Rules, feedback, gradescope_results
from course.teacher.submissions import SubmissionError, check_submissions, prepare, submission_files
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


def check_in_this_process(folders, isolation_way):
    """In a grading process: checks each submission's folder as its ``job.json`` says and writes its
    ``result.json``. Never called in the grader's own process. TensorFlow loads once for them all;
    every exercise of every submission still runs in a worker of its own, inside the sandbox
    (``course/sandbox.py``), which sees only its copy of the submission's files.

    The teacher's hidden tests run after the visible ones, in a pytest session (and so in workers)
    of their own: nothing a hidden check gave the student's code can show in a visible one."""
    from course import isolation
    from course.run import run_checks

    isolation.grading = isolation_way
    for folder in folders:
        job = json.loads((folder / "job.json").read_text())
        os.environ["EXERCISES_PACKAGE"] = str(folder / "submission" / "exercises")
        exercises = [find(module) for module in job["exercises"]]
        options = ["--every-test", "--import-mode=importlib"]
        started = time.monotonic()
        results = run_checks(exercises, quiet=True, options=options).results
        seconds = round(time.monotonic() - started, 1)  # what the student sees: the visible checks' time
        hidden = hidden_tests(job["hidden"], exercises)
        if hidden:
            results += run_checks([], quiet=True, options=["-p", "course.plugin", *options, *hidden]).results
        save_json(folder / "result.json", {"results": results, "seconds": seconds})


def check_in_processes(folders, jobs, isolation_way):
    """Checks the submissions' folders in ``jobs`` grading processes at once, each submission once.
    A submission whose process dies is not checked again: its row says so (:func:`graded_result`)."""
    processes, lock = [], threading.Lock()
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run(batch):
        with open(batch[0].parent / f"{batch[0].name}.log", "ab") as log, lock:
            process = subprocess.Popen([sys.executable, "-m", "course.teacher.grade", isolation_way,
                                        *map(str, batch)], cwd=ROOT, env=environment, stdout=log,
                                       stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
            processes.append(process)
        try:
            process.wait(timeout=SUBMISSION_SECONDS * len(batch))
        except subprocess.TimeoutExpired:
            stop(process)

    pool = concurrent.futures.ThreadPoolExecutor(max_workers=jobs)
    try:
        list(pool.map(run, [folders[start::jobs] for start in range(jobs) if folders[start::jobs]]))
    finally:  # Ctrl-C or SIGTERM: no grading process, and so no sandboxed worker, outlives the grader
        with lock:
            for process in processes:
                stop(process)
        pool.shutdown(cancel_futures=True)


def stop(process):
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def graded_result(folder, submitted):
    """What the checks of one submission found, or why they did not finish."""
    try:
        return {"submitted": submitted, **json.loads((folder / "result.json").read_text())}
    except (OSError, ValueError):
        log = (folder.parent / f"{folder.name}.log").read_text(errors="replace")[-2000:] if submitted else ""
        error = f"the checks of this submission did not finish:\n{log}" if submitted else None
        return {"submitted": submitted, "results": [], "seconds": 0.0, **({"error": error} if error else {})}


@contextlib.contextmanager
def stopped_by_sigterm():
    """SIGTERM stops grading as Ctrl-C does: the grades already made are still written."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


DEFAULT_RULES = Rules()
NOT_GRADED = "not graded: grading was stopped before this submission was done"


def grade_class(paths, out, hidden=None, exercises=None, rules=DEFAULT_RULES, jobs=None, isolation_way=None):
    """Grades the submissions at ``paths`` into folder ``out``; returns {name: total}.

    ``isolation_way`` is the sandbox's (``course.sandbox.way()`` when None), or "none" for
    ``--no-sandbox``. Raises KeyboardInterrupt after writing what was graded if Ctrl-C or
    SIGTERM stopped it."""
    named = check_submissions(paths)
    selected = list(exercises or EXERCISES)
    isolation_way = isolation_way or sandbox.way()
    out = Path(out)
    for folder in (out, out / "feedback"):
        folder.mkdir(parents=True, exist_ok=True)
    interrupted = False
    with tempfile.TemporaryDirectory(prefix="exercises-grading-") as workspace, stopped_by_sigterm():
        # A fallback worker runs as user nobody: it must pass through (not list) the workspace to its
        # own submission's copy; Landlock keeps it out of the others'.
        os.chmod(workspace, 0o711)
        graded, pending = {}, []
        try:
            for name, path in named.items():
                folder = Path(workspace) / name
                try:
                    files = submission_files(path)
                except SubmissionError as why:
                    graded[name] = {"submitted": [], "results": [], "seconds": 0.0,
                                    "error": f"unreadable submission: {why}"}  # fmt: skip
                    continue
                prepare(folder / "submission", files)
                submitted = [exercise.module for exercise in selected if f"{exercise.module}.py" in files]
                job = {"exercises": submitted, "hidden": hidden and str(Path(hidden).resolve())}
                save_json(folder / "job.json", job)
                pending += [folder] if submitted else []
                graded[name] = submitted
            check_in_processes(pending, jobs or os.cpu_count(), isolation_way)
        except KeyboardInterrupt:
            interrupted = True
        for name, submitted in graded.items():
            if isinstance(submitted, list):
                done = (Path(workspace) / name / "result.json").exists() or not interrupted or not submitted
                graded[name] = graded_result(Path(workspace) / name, submitted) if done else {
                    "submitted": submitted, "results": [], "seconds": 0.0, "error": NOT_GRADED}  # fmt: skip
    totals = write_grades(out, graded, selected, rules, isolation_way)
    if interrupted:
        raise KeyboardInterrupt
    return totals


def write_grades(out, graded, selected, rules, isolation_way):

    """Each submission's results.json and feedback, then grades.csv and class.json, each written whole;
    returns {name: total}."""
    rows, everyone, totals = [], {}, {}
    for name, result in graded.items():
        scores, results = gradescope_results(name, result, selected, rules)
        results["output"] += f"\nIsolation: {sandbox.describe(isolation_way)}."
        (out / name).mkdir(exist_ok=True)
        save_json(out / name / "results.json", results)
        write_atomically(out / "feedback" / f"{name}.md", feedback(name, result, scores, selected, rules))
        totals[name] = round(sum(scores.values()), 2)
        note = result["error"].splitlines()[0] if result.get("error") else ""
        rows.append([name, *(f"{scores[exercise.module]:g}" for exercise in selected), f"{totals[name]:g}", note,
                     sandbox.describe(isolation_way)])  # fmt: skip
        everyone[name] = {"scores": scores, **result}
    table = io.StringIO()
    writer = csv.writer(table)
    writer.writerow(["submission", *(exercise.module for exercise in selected), "total", "note", "isolation"])
    writer.writerows(rows)
    write_atomically(out / "grades.csv", table.getvalue())
    save_json(out / "class.json", {
        "exercises": [exercise.module for exercise in selected],
        "points": {exercise.module: exercise.points for exercise in selected},
        "isolation": isolation_way,
        "submissions": everyone,
    })  # fmt: skip
    return totals


if __name__ == "__main__":
    check_in_this_process([Path(folder) for folder in sys.argv[2:]], sys.argv[1])
