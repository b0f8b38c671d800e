"""``python -m exercises grade``: a class's submissions, each checked apart, scored and explained.

    python -m exercises grade alice/ bob.zip ... --out grades/ [--hidden DIR] [--exercises 1,5,6]
                              [--no-partial-credit] [--jobs N]

A submission is a folder or a zip holding a student's ``exNN_*.py`` files (any
subset). Each gets a temporary folder of its own, holding its files and the
untouched stubs of the exercises it lacks (so imports between exercises still
resolve). ``N`` grading processes (one per core by default), forked by a warm
parent that has loaded TensorFlow once for them all, check the submissions, each
taking the next as it finishes one; with fewer submissions than processes, a
submission's Keras exercises are checked apart, each as a part of its own, and
its NumPy exercises together, the processes sharing the parts out (and, for a
lone submission, the zygotes that fork its workers).
There, as for a student, each exercise's module runs in its own worker with the
time limits of ``course/catalog.py``; in grading the worker is forked by a
warm zygote inside the sandbox (``course/sandbox.py``, ``course/forking.py``) and
gets the submission's files over a pipe: it cannot read the solutions, the other
submissions, the hidden tests or the grades, write outside its scratch folder, or
start a process. Every test of every exercise runs (``--every-test``); a teacher's
hidden tests, written with the same harness as ``exercises/tests/``, run beside
the public ones. stderr shows the submissions done and the time left.

``DIR`` gets:
- ``grades.csv``: one row per submission, one column per exercise, and the total;
- ``<submission>/results.json``: Gradescope's results format, one test per check,
  the worded message as its output and each named mistake as a tag;
- ``feedback/<submission>.md``: what the student gets back;
- ``class.json``: every check of every submission, for ``python -m exercises report``.
"""

import collections
import concurrent.futures
import contextlib
import csv
import io
import itertools
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

from course import sandbox
from course.catalog import EXERCISES, ROOT, find
from course.teacher.scores import Rules, feedback, gradescope_results
from course.teacher.submissions import SubmissionError, check_submissions, prepare, submission_files
from models.commandline import exit_now
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


def fork_grading_processes(isolation_way, kinds, pipes):
    """In the grading processes' warm parent, never in the grader's own process: loads what the checks
    need (TensorFlow, Keras, pytest, the engine) once, then forks a grading process for each pair of
    descriptors ``(parts, done)`` in ``pipes`` (:func:`check_parts`), and returns when all have ended.

    ``kinds`` are the zygotes (``course/forking.py``) that the grading processes share, started first so
    that their imports run meanwhile: those of a lone submission's exercises, whose parts the processes
    check side by side. With none, each process starts its own, as it needs them: then the submissions
    that processes check at once never have workers forked by the same zygote. This parent holds no
    submission, hidden test or result, and neither do the zygotes it starts: every part is read, and
    every check made, by a forked grading process."""
    from course import forking, isolation

    isolation.grading = isolation_way
    forking.start(kinds)
    load_checks()
    made = [forking.connections() for _ in pipes]
    processes = []
    for number, (parts, done) in enumerate(pipes):
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                for fd in itertools.chain.from_iterable(pipes[:number] + pipes[number + 1 :]):
                    os.close(fd)
                forking.adopt(made[number], made[:number] + made[number + 1 :])
                sandbox.disown_engine_copies()
                check_parts(parts, done)
                code = 0
            except BaseException:
                traceback.print_exc()
            finally:
                forking.stop_all()
                sandbox.remove_engine_copies()
                os._exit(code)
        processes.append(pid)
    for fd in itertools.chain.from_iterable(pipes):
        os.close(fd)
    for connection in itertools.chain.from_iterable(theirs.values() for theirs in made):
        connection.close()
    for pid in processes:
        os.waitpid(pid, 0)


def load_checks():
    """Imports what every grading process's checks use, TensorFlow first (quietly), so that each forked
    process has it already."""
    from models.quiet import import_tensorflow

    import_tensorflow()
    import keras  # noqa: F401
    import pytest  # noqa: F401

    import course.oracles.common  # noqa: F401
    import course.run  # noqa: F401


def check_parts(parts, done):
    """In a grading process: says its process id on ``done``, then checks each part of a submission named
    on ``parts``, one path a line (:func:`check_part`), and writes its path to ``done`` when it is checked.
    Every exercise of every submission runs in a worker of its own, inside the sandbox
    (``course/sandbox.py``), which gets only the submission's files."""
    with os.fdopen(parts) as named, os.fdopen(done, "w") as finished:
        finished.write(f"{os.getpid()}\n")
        finished.flush()
        for line in named:
            check_part(Path(line.strip()))
            finished.write(line)
            finished.flush()


def check_part(part):
    """Checks the exercises that ``part`` (``<submission>/part-N.json``) names, and writes what they found
    beside it (:func:`result_path`); what the checks print goes to its log (:func:`log_path`).

    The teacher's hidden tests run after the visible ones, in a pytest session (and so in workers)
    of their own: nothing a hidden check gave the student's code can show in a visible one."""
    from course.run import run_checks

    job = json.loads(part.read_text())
    with open(log_path(part), "ab") as log:
        for fd in (1, 2):  # the C++ side of TensorFlow writes to these too
            os.dup2(log.fileno(), fd)
    os.environ["EXERCISES_PACKAGE"] = str(part.parent / "submission" / "exercises")
    exercises = [find(module) for module in job["exercises"]]
    options = ["--every-test", "--import-mode=importlib"]
    started = time.monotonic()
    results = run_checks(exercises, quiet=True, options=options).results
    seconds = round(time.monotonic() - started, 1)  # what the student sees: the visible checks' time
    hidden = hidden_tests(job["hidden"], exercises)
    if hidden:
        results += run_checks([], quiet=True, options=["-p", "course.plugin", *options, *hidden]).results
    save_json(result_path(part), {"results": results, "seconds": seconds})


def result_path(part):
    return part.with_name(f"{part.stem}-result.json")


def log_path(part):
    return part.with_name(f"{part.stem}.log")


def parts(submitted, processes):
    """The exercises of one submission as the parts that grading processes check: all in one when there
    are as many submissions as ``processes`` or more; otherwise each Keras exercise apart (each can train
    for seconds), then the NumPy exercises in ``processes`` runs of about equal length, so that the
    processes share them out as they finish: one submission is checked on every core. The parts come
    longest first (by their records' ``check_seconds``), so that none is left checking alone at the end."""
    if processes < 2:
        return [submitted]
    keras = [[module] for module in submitted if find(module).kind == "keras"]
    numpy = [module for module in submitted if find(module).kind != "keras"]
    size = max(1, -(-len(numpy) // processes))  # rounded up
    runs = keras + [numpy[start : start + size] for start in range(0, len(numpy), size)]
    return sorted(runs, key=lambda part: -sum(find(module).check_seconds for module in part))


def zygotes_to_share(submitted):
    """The kinds of zygote, ``(keras, packages)``, that the grading processes share: those of a lone
    submission's exercises. With more submissions, none: workers of two submissions never share one."""
    if len(submitted) != 1:
        return []
    (modules,) = submitted.values()
    return sorted({(find(module).kind == "keras", tuple(find(module).packages)) for module in modules})


def check_in_processes(part_files, jobs, isolation_way, progress, workspace, kinds=()):
    """Checks the submissions' parts in ``jobs`` grading processes at once, each part once, taking the next
    part as a process finishes one. One warm parent forks the processes (:func:`fork_grading_processes`),
    having started the zygotes of ``kinds`` for them to share. A part whose process dies is not checked
    again: its submission's row says so (:func:`graded_result`), and a fresh process, with a warm parent
    of its own, takes the next part. The processes' temporary folders (the fallback's scratch and engine
    copies) are made in ``workspace``, which goes with the grader's own, whatever becomes of them."""
    waiting, parents, lock = list(reversed(part_files)), [], threading.Lock()
    copies = min(jobs, len(part_files))
    environment = {**os.environ, **thread_counts(copies), "PYTHONPATH": str(ROOT), "TMPDIR": str(workspace)}

    def next_part():
        with lock:
            return waiting.pop() if waiting else None

    def start(copies):
        """A warm parent forking ``copies`` grading processes; returns, for each, the files on which it
        is given parts and says which it has checked."""
        ours, theirs = [], []
        for _ in range(copies):
            (parts_read, parts_write), (done_read, done_write) = os.pipe(), os.pipe()
            ours.append((os.fdopen(parts_write, "w"), os.fdopen(done_read)))
            theirs.append((parts_read, done_write))
        fds = list(itertools.chain.from_iterable(theirs))
        with lock:
            parents.append(subprocess.Popen(
                [sys.executable, "-m", "course.teacher.grade", isolation_way, json.dumps(kinds), *map(str, fds)],
                cwd=ROOT, env=environment, stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=fds,
                start_new_session=True))  # fmt: skip
        for fd in fds:
            os.close(fd)
        return ours

    def run(pipes):
        part = next_part()
        while part:
            parts, done = pipes
            with parts, done:
                process = int(done.readline() or 0)  # its process id, once it has started
                while part:
                    backstop = threading.Timer(SUBMISSION_SECONDS, kill, [process])
                    backstop.start()
                    try:
                        parts.write(f"{part}\n")
                        parts.flush()
                        answered = done.readline()
                    except (BrokenPipeError, ValueError):
                        answered = ""
                    finally:
                        backstop.cancel()
                    progress.part_done(part)
                    part = next_part()
                    if not answered:  # the process died on that part: a fresh one takes the next
                        break
            if part:
                pipes = start(1)[0]

    pool = concurrent.futures.ThreadPoolExecutor(max_workers=jobs)
    try:
        for future in [pool.submit(run, pipes) for pipes in start(copies)] if copies else []:
            future.result()
        for parent in parents:  # every part is checked: the parents end as their processes do
            with contextlib.suppress(subprocess.TimeoutExpired):
                parent.wait(timeout=60)
    finally:  # Ctrl-C or SIGTERM: no grading process, and so no sandboxed worker, outlives the grader
        with lock:
            waiting.clear()
            for parent in parents:
                stop(parent)
        pool.shutdown(cancel_futures=True)


def thread_counts(processes):
    """Each of ``processes`` grading processes at once gets its share of the cores this process may run on, for
    its threads (``sandbox.THREAD_COUNTS``) and for those of the workers it starts: threads beyond the cores only
    wait on each other. A count that the environment sets is kept."""
    share = str(max(1, len(os.sched_getaffinity(0)) // max(1, processes)))
    return {name: os.environ.get(name, share) for name in sandbox.THREAD_COUNTS}


def kill(pid):
    """Ends a grading process (its workers end with it); its warm parent and the others go on."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if pid:
            os.kill(pid, signal.SIGKILL)


def stop(process):
    """Ends a grading process and anything left of its session."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def graded_result(folder, submitted):
    """What the checks of one submission found, its parts put together, or why they did not finish."""
    results, seconds = [], 0.0
    for part in sorted(folder.glob("part-*.json")):
        if part.name.endswith("-result.json"):
            continue
        try:
            found = json.loads(result_path(part).read_text())
        except (OSError, ValueError):
            log = log_path(part).read_text(errors="replace")[-2000:] if log_path(part).exists() else ""
            return {"submitted": submitted, "results": [], "seconds": 0.0,
                    "error": f"the checks of this submission did not finish:\n{log}"}  # fmt: skip
        results += found["results"]
        seconds += found["seconds"]
    order = {module: index for index, module in enumerate(submitted)}
    results.sort(key=lambda result: order.get(result["exercise"], len(order)))  # stable: each part's order kept
    return {"submitted": submitted, "results": results, "seconds": round(seconds, 1)}


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


class ProgressLine:
    """While a class is graded, on stderr: the submissions done, of how many, and about how long is left."""

    def __init__(self, part_files, stream=None):
        self.owner = dict(part_files)  # part file -> submission
        self.parts_left = collections.Counter(self.owner.values())
        self.total, self.done = len(self.parts_left), 0
        self.started = time.monotonic()
        self.stream = stream or sys.stderr
        self.lock = threading.Lock()

    def part_done(self, part):
        with self.lock:
            name = self.owner[Path(part)]
            self.parts_left[name] -= 1
            if self.parts_left[name] == 0:
                self.done += 1
                self.show()

    def show(self):
        elapsed = time.monotonic() - self.started
        if self.done < self.total:
            left = elapsed / self.done * (self.total - self.done)
            text = f"graded {self.done} of {self.total}, about {duration(left)} left"
        else:
            text = f"graded {self.total} of {self.total} in {duration(elapsed)}"
        if self.stream.isatty():  # one line, rewritten
            self.stream.write(f"\r{text}\033[K" + ("\n" if self.done == self.total else ""))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()


def duration(seconds):
    """``42 s``, ``3 min 5 s``, ``2 h 10 min``."""
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


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
        os.chmod(workspace, 0o711)  # a fallback zygote, as user nobody, passes through it to its own folders
        graded, part_files = {}, {}  # part file -> the submission's name
        jobs = jobs or os.cpu_count()
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
                graded[name] = [exercise.module for exercise in selected if f"{exercise.module}.py" in files]
            submitted = {name: modules for name, modules in graded.items() if isinstance(modules, list) and modules}
            for name, modules in submitted.items():
                for number, part in enumerate(parts(modules, processes=jobs if len(submitted) < jobs else 1)):
                    part_file = Path(workspace) / name / f"part-{number}.json"
                    save_json(part_file, {"exercises": part, "hidden": hidden and str(Path(hidden).resolve())})
                    part_files[part_file] = name
            check_in_processes(list(part_files), jobs, isolation_way, ProgressLine(part_files), workspace,
                               zygotes_to_share(submitted))  # fmt: skip
        except KeyboardInterrupt:
            interrupted = True
        for name, submitted in graded.items():
            if isinstance(submitted, list):
                mine = [part for part, owner in part_files.items() if owner == name]
                done = all(result_path(part).exists() for part in mine) or not interrupted
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
    descriptors = [int(fd) for fd in sys.argv[3:]]
    kinds = [(keras, tuple(packages)) for keras, packages in json.loads(sys.argv[2])]
    fork_grading_processes(sys.argv[1], kinds, list(zip(descriptors[::2], descriptors[1::2], strict=True)))
    # Every part is written: the zygotes and the files they had go now, and TensorFlow's second of
    # clean-up at exit is skipped.
    from course import forking

    forking.stop_all()
    sandbox.remove_engine_copies()
    exit_now(0)
