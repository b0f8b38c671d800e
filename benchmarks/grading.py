"""How fast is a class graded? Two ratios, each measured in one run, as a teacher runs the grader.

1. One complete, correct submission: the reference solutions handed in as a student
   would (every exercise), graded by ``python -m exercises grade`` in a fresh process,
   against a bare ``python -c "import tensorflow"`` timed in the same rounds.
   Target: at most 2x the import.
2. A class of 20 such submissions graded with ``--jobs 2`` against the same class with
   ``--jobs 1`` (one at a time). Target: at least 1.6x as fast. To keep a run to a few
   minutes the class is graded on exercises 1-12 and 14 by default (the NumPy
   exercises and one Keras exercise, so both kinds of zygote work); ``--class-exercises
   all`` grades everything.

Rounds are interleaved (import, one submission, import, ...) so that a slow spell of
the machine slows both sides of a ratio; figures are medians. Beside the clock's
seconds are the CPU seconds the machine was busy while a command ran, all cores and
all processes counted (from /proc/stat: run it on a quiet machine). A process's own
count of its children's time would miss most of grading: the workers run in
bubblewrap's pid namespace, whose processes are reaped inside it, out of their
grader's sight. Every grading must give full marks, or the figure means nothing
and the script says so and exits 1.

    .venv/bin/python benchmarks/grading.py [--rounds 3] [--class-size 20] [--class-exercises 1-12,14]
"""

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from course.catalog import EXERCISES, find  # noqa: E402
from course.teacher.selfcheck import student_version  # noqa: E402

PYTHON = sys.executable
ONE_TARGET, CLASS_TARGET = 2.0, 1.6


def timed(command):
    """The seconds ``command`` takes on the clock, and the CPU seconds the machine was busy meanwhile."""
    started, cpu = time.perf_counter(), busy_seconds()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - started, busy_seconds() - cpu


def busy_seconds():
    """The CPU seconds this machine has been busy since it started, every core and every process counted."""
    with open("/proc/stat") as stat:
        user, nice, system, _idle, _iowait, irq, softirq = map(int, stat.readline().split()[1:8])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def full_marks(grades, exercises):
    """Whether every row of ``grades``/grades.csv has the full total of ``exercises``."""
    maximum = sum(exercise.points for exercise in exercises)
    with open(Path(grades) / "grades.csv") as table:
        return all(float(row["total"]) == maximum for row in csv.DictReader(table))


def grade(submissions, out, exercises, jobs):
    numbers = ",".join(str(exercise.number) for exercise in exercises)
    seconds = timed([PYTHON, "-m", "exercises", "grade", *map(str, submissions), "--out", str(out),
                     "--exercises", numbers, "--jobs", str(jobs)])  # fmt: skip
    if not full_marks(out, exercises):
        sys.exit(f"grading {len(submissions)} submission(s) did not give full marks: see {out}/grades.csv")
    return seconds


def selected(text):
    if text == "all":
        return list(EXERCISES)
    numbers = []
    for part in text.split(","):
        first, _, last = part.partition("-")
        numbers += range(int(first), int(last or first) + 1)
    return [find(number) for number in numbers]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--class-size", type=int, default=20)
    parser.add_argument("--class-exercises", default="1-12,14")
    args = parser.parse_args()
    class_exercises = selected(args.class_exercises)
    with tempfile.TemporaryDirectory(prefix="grading-benchmark-") as folder:
        folder = Path(folder)
        submissions = []
        for number in range(args.class_size):
            submission = folder / f"student{number:02d}"
            submission.mkdir()
            for exercise in EXERCISES:
                (submission / f"{exercise.module}.py").write_text(student_version(exercise.module))
            submissions.append(submission)
        imports, ones = [], []
        for round_number in range(args.rounds):
            imports.append(timed([PYTHON, "-c", "import tensorflow"]))
            ones.append(grade(submissions[:1], folder / f"one{round_number}", EXERCISES, os.cpu_count()))
        medians = (map(statistics.median, zip(*pairs, strict=True)) for pairs in (imports, ones))
        (tf_import, tf_cpu), (one, one_cpu) = medians
        print(f"bare `import tensorflow`: {tf_import:.1f} s, {tf_cpu:.1f} s of CPU busy (medians of {args.rounds})")
        print(
            f"one complete submission, {len(EXERCISES)} exercises: {one:.1f} s = {one / tf_import:.1f}x the import "
            f"(target at most {ONE_TARGET:g}x); {one_cpu:.1f} s of CPU busy = {one_cpu / tf_cpu:.1f}x the import's"
        )
        serial, _ = grade(submissions, folder / "class1", class_exercises, 1)
        parallel, _ = grade(submissions, folder / "class2", class_exercises, 2)
        print(
            f"a class of {args.class_size} on exercises {args.class_exercises}: {serial:.0f} s one at a time, "
            f"{parallel:.0f} s with --jobs 2: {serial / parallel:.2f}x as fast (target at least {CLASS_TARGET:g}x)"
        )
        print(f"({os.cpu_count()} cores; each grading gave full marks)")


if __name__ == "__main__":
    main()
