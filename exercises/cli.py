"""``python -m exercises``: your progress, hints, and checking one exercise.

    python -m exercises              every exercise: done, failing or not started
    python -m exercises hint N       the next hint for exercise N, general to specific
    python -m exercises check N      run exercise N's tests
    python -m exercises watch        re-check the next unfinished exercise whenever you save
"""

import argparse
import contextlib
import io
import json
import subprocess
import sys
import time
from pathlib import Path

from exercises.catalog import EXERCISES, find

ROOT = Path(__file__).resolve().parent.parent
HINTS_SEEN = ROOT / ".exercise-hints.json"
EXIT_USAGE = 2


class OneLineParser(argparse.ArgumentParser):
    def error(self, message):
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def pytest_args(paths, solutions):
    return [*paths, "-p", "no:cacheprovider", *(["--solutions"] if solutions else [])]


def progress(solutions=False):
    """Runs every exercise's tests quietly; returns {exercise: status}."""
    import pytest

    from exercises.progress import Progress

    recorder = Progress()
    with contextlib.redirect_stdout(io.StringIO()):
        pytest.main([*pytest_args([str(ROOT / "exercises")], solutions), "-q"], plugins=[recorder])
    return recorder.status


def show_progress(args):
    from exercises.progress import DONE, summary_lines

    status = progress(args.solutions)
    for line in summary_lines(status, bar_width=30):
        print(line)
    return 0 if all(status.get(exercise) == DONE for exercise in EXERCISES) else 1


def show_hint(args):
    exercise = find(args.number)
    seen = json.loads(HINTS_SEEN.read_text()) if HINTS_SEEN.exists() else {}
    shown = seen.get(exercise.module, 0)
    total = len(exercise.hints)
    if shown >= total:
        print(f"Exercise {exercise.number} has no more hints. All {total} again:")
        for number, hint in enumerate(exercise.hints, start=1):
            print(f"  {number}. {hint}")
        return 0
    print(f"Exercise {exercise.number}, {exercise.title}: hint {shown + 1} of {total}")
    print(f"  {exercise.hints[shown]}")
    if shown + 1 < total:
        print(f"More specific: `python -m exercises hint {exercise.number}` again.")
    seen[exercise.module] = shown + 1
    HINTS_SEEN.write_text(json.dumps(seen, indent=2) + "\n")
    return 0


def run_check(exercise, solutions, quiet=False):
    """Runs one exercise's tests in a fresh Python (so edited files are re-read); returns True if they pass."""
    command = [sys.executable, "-m", "pytest", *pytest_args([exercise.test_path], solutions), "-q"]
    output = subprocess.DEVNULL if quiet else None
    return subprocess.run(command, cwd=ROOT, stdout=output, stderr=output).returncode == 0


def check(args):
    return 0 if run_check(find(args.number), args.solutions) else 1


def modification_times():
    return {path: path.stat().st_mtime_ns for path in (ROOT / "exercises").glob("*.py")}


def watch(args):
    """Checks the next unfinished exercise, then again after every save, until all pass."""
    pending = list(EXERCISES)
    try:
        while pending:
            exercise = pending[0]
            print(f"\n=== Exercise {exercise.number}: {exercise.title} ({exercise.stub_path}) ===", flush=True)
            before = modification_times()  # before the check, so a save during it counts as a change
            if run_check(exercise, args.solutions):
                print(f"Exercise {exercise.number} done! On to the next one.", flush=True)
                pending.pop(0)
                continue
            print(f"Watching exercises/ for changes (every {args.interval} s). Ctrl-C stops.", flush=True)
            while modification_times() == before:
                time.sleep(args.interval)
        print("\nEvery exercise is done. Now train a real CNN: `make train`.")
    except KeyboardInterrupt:
        print("\nStopped watching.")
    return 0


def make_parser():
    parser = OneLineParser(prog="python -m exercises", description=__doc__.splitlines()[0])
    parser.add_argument("--solutions", action="store_true", help="run against solutions/ instead")
    parser.set_defaults(run=show_progress)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    hint = commands.add_parser("hint", help="print the next hint for exercise N")
    hint.add_argument("number", metavar="N")
    hint.set_defaults(run=show_hint)
    one = commands.add_parser("check", help="run exercise N's tests")
    one.add_argument("number", metavar="N")
    one.add_argument("--solutions", action="store_true", help="run against solutions/ instead")
    one.set_defaults(run=check)
    watcher = commands.add_parser("watch", help="re-check the next unfinished exercise on every save")
    watcher.add_argument("--interval", type=float, default=1.0, help="seconds between looks (default 1)")
    watcher.add_argument("--solutions", action="store_true", help="run against solutions/ instead")
    watcher.set_defaults(run=watch)
    return parser


def main(argv=None):
    args = make_parser().parse_args(argv)
    try:
        return args.run(args)
    except ValueError as error:
        print(f"python -m exercises: error: {error}", file=sys.stderr)
        return EXIT_USAGE


