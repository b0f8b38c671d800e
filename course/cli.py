"""``python -m exercises``: your progress, hints, checking one exercise, and watching as you work.

    python -m exercises              every exercise: done, in progress, failing or not started
    python -m exercises hint N       the next hint for exercise N, general to specific
    python -m exercises check N      run exercise N's tests
    python -m exercises watch [N]    re-check as you save, from exercise N or the first unfinished one

For teachers:

    python -m exercises grade SUBMISSION... --out DIR    grade a class (see course/teacher/grade.py)
    python -m exercises grade --self-check               the reference solutions must get full marks here
    python -m exercises report DIR                       the class picture: done, mistakes, slow checks
    python -m exercises autograder --out autograder.zip  the same grading as a Gradescope autograder

Checks run pytest in this process (``course.run``), so TensorFlow loads once; your
code runs in processes of its own (see ``course/isolation.py``), started afresh for
each check, so every edit is seen. Each exercise's verdict is kept (``course/verdicts.py``):
the table checks again only the exercises whose code, tests or engine changed, and with
nothing changed loads neither pytest nor TensorFlow; ``check`` always checks afresh.

This module only reads the command line and prints; the work is done below it.
"""

import argparse
import json
import sys
import time

from course.catalog import EXERCISES, find
from models.commandline import EXIT_USAGE, INTERRUPTED, OneLineParser, exit_now

CLEAR_SCREEN = "\033[2J\033[H"


def show_progress(args):
    """The table. Each exercise's verdict is kept (course/verdicts.py): only the exercises whose code,
    tests or engine changed since are checked again, so with nothing changed nothing heavy loads.
    ``--solutions`` checks everything afresh and keeps nothing."""
    from course.verdicts import DONE, Verdicts, current_location, summary_lines

    if args.solutions:
        from course.run import run_checks

        status = run_checks(EXERCISES, True, quiet=True).status
    else:
        verdicts = Verdicts(current_location())
        status = verdicts.statuses(EXERCISES, verdicts.loaded)
        stale = [exercise for exercise in EXERCISES if exercise not in status]
        if stale:
            from course.run import run_checks

            status.update(run_checks(stale, quiet=True, verdicts=verdicts).status)
    for line in summary_lines(status, bar_width=30):
        print(line)
    return 0 if all(status.get(exercise) == DONE for exercise in EXERCISES) else 1


def show_hint(args):
    from course.catalog import ROOT
    from models.files import save_json

    exercise = find(args.number)
    seen_file = ROOT / ".exercise-hints.json"
    try:
        seen = json.loads(seen_file.read_text())
    except (OSError, ValueError):
        seen = {}
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
    save_json(seen_file, seen)
    return 0


def check_one(args):
    """Always checks afresh (the report it prints is pytest's, whole), and keeps the verdict for the table."""
    from course.run import run_checks
    from course.verdicts import DONE, Verdicts, current_location

    exercise = find(args.number)
    verdicts = None if args.solutions else Verdicts(current_location())
    status = run_checks([exercise], args.solutions, verdicts=verdicts).status
    return 0 if status.get(exercise) == DONE else 1


class Watcher:
    """``watch``: checks the exercise you work on each time you save, and what your save could break."""

    def __init__(self, start, solutions, interval):
        from course.catalog import ROOT
        from course.verdicts import Location, Verdicts, current_location

        self.start = start
        self.solutions = solutions
        self.interval = interval
        self.location = Location(ROOT, "solutions") if solutions else current_location()
        self.folder = self.location.root / self.location.package
        # The verdicts kept by earlier checks (the table's, check's, an earlier watch's); --solutions keeps none.
        self.verdicts = Verdicts(self.location, persistent=not solutions)
        self.checked = {}  # module -> {"status", "files": {name: hash}} of this watch's own checks

    def saved(self):
        """{module: {"status", "files"}}: each exercise's last verdict, from this watch's checks or the kept
        ones, while the files it depends on are unchanged; "changed since its last check" once one changed."""
        from course.verdicts import CHANGED

        state = self.verdicts.snapshot()
        saved = self.verdicts.view(EXERCISES, state)
        for module, record in self.checked.items():
            changed = any(state.digest(name) != digest for name, digest in record["files"].items())
            saved[module] = {"status": CHANGED if changed else record["status"], "files": list(record["files"])}
        return saved

    def remember(self, progress, state):
        """Keeps this watch's own verdicts, with the hashes of the files they depend on in ``state``, the
        files as they were when the check began: in memory, so that watch goes on where they can't be kept."""
        for exercise, record in progress.records.items():
            files = self.verdicts.dependencies(exercise, record.files, state)
            self.checked[exercise.module] = {"status": record.status, "files": {n: state.digest(n) for n in files}}

    def is_done(self, exercise, saved):
        from course.verdicts import DONE

        return saved.get(exercise.module, {}).get("status") == DONE

    def next_exercise(self, saved, broken=()):
        """An exercise your last change broke, else the first unfinished one from where watch started."""
        for exercise in EXERCISES:
            if exercise in broken or (exercise.number >= self.start.number and not self.is_done(exercise, saved)):
                return exercise
        return None

    def snapshot(self):
        return {path.name: path.stat().st_mtime_ns for path in self.folder.glob("*.py")}

    def wait_for_change(self, before):
        """Blocks until a file in the student's folder is saved; returns the changed file names."""
        while True:
            time.sleep(self.interval)
            now = self.snapshot()
            changed = {name for name in now.keys() | before.keys() if now.get(name) != before.get(name)}
            if changed:
                return changed

    def affected(self, changed, saved):
        """The exercises to check again after these files changed: theirs, and every exercise that uses them."""
        paths = {f"{self.location.package}/{name}" for name in changed}
        return [
            exercise for exercise in EXERCISES
            if f"{exercise.module}.py" in changed or paths & set(saved.get(exercise.module, {}).get("files", {}))
        ]  # fmt: skip

    def run(self):
        from course.run import run_checks

        saved = self.saved()
        current, others = self.next_exercise(saved), []
        while current is not None:
            if sys.stdout.isatty():
                print(CLEAR_SCREEN, end="")
            print(f"=== Exercise {current.number}: {current.title} ({self.location.path(current.module)}) ===",
                  flush=True)  # fmt: skip
            before, before_files = saved, self.snapshot()  # a save during the check counts as a change
            state = self.verdicts.snapshot()
            verdicts = None if self.solutions else self.verdicts
            progress = run_checks(sorted({current, *others}, key=lambda e: e.number), self.solutions, verdicts=verdicts)
            self.remember(progress, state)
            saved = self.saved()
            broken = [e for e in others if self.is_done(e, before) and not self.is_done(e, saved)]
            for exercise in broken:
                print(f"Exercise {exercise.number} was done, and your change broke it: see above.", flush=True)
            if self.is_done(current, saved) and not broken:
                print(f"Exercise {current.number} done! On to the next one.", flush=True)
                current, others = self.next_exercise(saved), []
                continue
            print(f"Watching {self.folder.name}/ for changes. Save to check again; Ctrl-C stops.", flush=True)
            changed = self.wait_for_change(before_files)
            others = [e for e in self.affected(changed, saved) if e is not current]
            current = self.next_exercise(saved, broken=broken) or current
        print("Every exercise is done. Now train a real CNN: `make train`.")
        return 0


def watch(args):
    start = find(args.number) if args.number is not None else EXERCISES[0]
    try:
        return Watcher(start, args.solutions, args.interval).run()
    except KeyboardInterrupt:
        print("\nStopped watching.")
        return 0


def exercise_list(text):
    """'1,5,6' -> those exercises."""
    try:
        return [find(part.strip()) for part in text.split(",")]
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def positive_int(text):
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


def validate_grade(args):
    """Raises ValueError for a submission, --out or --hidden that can't be used, before anything loads."""
    from pathlib import Path

    from course.teacher.grade import check_hidden_tests
    from course.teacher.submissions import check_submissions

    if args.self_check:
        if args.submissions or args.out or args.hidden:
            raise ValueError("--self-check grades the reference solutions: give no submission, --out or --hidden")
    elif not args.submissions or not args.out:
        raise ValueError("give the submissions to grade and --out DIR (or --self-check)")
    else:
        check_submissions(args.submissions)
    if args.out and Path(args.out).exists() and not Path(args.out).is_dir():
        raise ValueError(f"--out {args.out} is a file; give a folder for the grades")
    if args.hidden:
        check_hidden_tests(args.hidden)
    if not args.no_sandbox:
        from course.sandbox import unavailable

        if unavailable():
            raise ValueError(f"no sandbox for the submissions' code on this machine: {unavailable()}")


def grade(args):
    from pathlib import Path

    from course.teacher.grade import grade_class
    from course.teacher.scores import Rules

    rules = Rules(partial_credit=not args.no_partial_credit, hidden_gate=args.hidden_gate)
    if args.no_sandbox:
        print("python -m exercises grade: warning: --no-sandbox: the submissions' code runs unconfined",
              file=sys.stderr)
    isolation_way = "none" if args.no_sandbox else None
    if args.self_check:
        from course.teacher.selfcheck import self_check

        lines, full_marks = self_check(args.exercises, args.jobs, isolation_way)
        print("\n".join(lines))
        return 0 if full_marks else 1
    out = Path(args.out)
    totals = grade_class(args.submissions, out, args.hidden, args.exercises, rules, args.jobs, isolation_way)
    for name, total in totals.items():
        print(f"{name:30} {total:g}")
    print(f"Grades: {out / 'grades.csv'}; feedback in {out / 'feedback'}/; class report: "
          f"`python -m exercises report {out}`")  # fmt: skip
    return 0


def validate_report(args):
    from course.teacher.report import load_class

    load_class(args.folder)


def report(args):
    from course.teacher.report import print_class_report

    print_class_report(args.folder)
    return 0


def validate_autograder(args):
    from course.teacher.autograder import check_options

    check_options(args.out, args.hidden, args.exercises)


def autograder(args):
    from course.teacher.autograder import build_bundle
    from course.teacher.scores import Rules

    rules = Rules(partial_credit=not args.no_partial_credit, hidden_gate=args.hidden_gate)
    built = build_bundle(args.out, args.hidden, args.exercises, rules)
    options = built["options"]
    numbers = ", ".join(str(find(module).number) for module in options["exercises"])
    hidden = len(built["hidden_tests"])
    print(f"Wrote {built['path']} ({built['bytes'] / 1e6:.1f} MB, {built['files']} files): setup.sh, run_autograder, "
          f"the engine and {hidden} hidden test file{'s' * (hidden != 1)}.")
    print(f"Exercises {numbers}; partial credit {'on' if options['partial_credit'] else 'off'}; "
          f"hidden gate {'on' if options['hidden_gate'] else 'off'}.")
    print("Upload it on Gradescope: the assignment's Configure Autograder page, Zip file upload.")
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
    one.set_defaults(run=check_one)
    watcher = commands.add_parser("watch", help="re-check your exercise every time you save")
    watcher.add_argument("number", metavar="N", nargs="?", help="start at exercise N (default: the first unfinished)")
    watcher.add_argument("--interval", type=float, default=0.25, help="seconds between looks (default 0.25)")
    watcher.add_argument("--solutions", action="store_true", help="run against solutions/ instead")
    watcher.set_defaults(run=watch)
    grader = commands.add_parser("grade", help="grade a class's submissions (folders or zips)")
    grader.add_argument("submissions", metavar="SUBMISSION", nargs="*", help="a folder or zip of exNN_*.py files")
    grader.add_argument("--out", metavar="DIR", help="where grades.csv and the feedback go")
    grader.add_argument("--self-check", action="store_true",
                        help="grade the reference solutions as a student would hand them in: full marks expected")
    grader.add_argument("--hidden", metavar="DIR", help="a folder of the teacher's own test_exNN*.py files")
    grader.add_argument("--exercises", type=exercise_list, metavar="N,M,...", help="the exercises graded (default all)")
    grader.add_argument("--no-partial-credit", action="store_true", help="an exercise's points only if all pass")
    grader.add_argument("--hidden-gate", action=argparse.BooleanOptionalAction, default=True,
                        help="keep a visible check's points only if the hidden tests of its function pass (default)")
    grader.add_argument("--jobs", type=positive_int, metavar="N", help="submissions checked at once (default: cores)")
    grader.add_argument("--no-sandbox", action="store_true",
                        help="run the submissions' code without the OS sandbox (only where none can be had)")
    grader.set_defaults(run=grade, validate=validate_grade)
    reporter = commands.add_parser("report", help="the class picture from a grade folder")
    reporter.add_argument("folder", metavar="DIR")
    reporter.set_defaults(run=report, validate=validate_report)
    bundle = commands.add_parser("autograder", help="build a Gradescope autograder zip that grades as `grade` does")
    bundle.add_argument("--out", metavar="ZIP", required=True, help="the zip to write, such as autograder.zip")
    bundle.add_argument("--hidden", metavar="DIR", help="a folder of the teacher's own test_exNN*.py files")
    bundle.add_argument("--exercises", type=exercise_list, metavar="N,M,...", help="the exercises graded (default all)")
    bundle.add_argument("--no-partial-credit", action="store_true", help="an exercise's points only if all pass")
    bundle.add_argument("--hidden-gate", action=argparse.BooleanOptionalAction, default=True,
                        help="keep a visible check's points only if the hidden tests of its function pass (default)")
    bundle.set_defaults(run=autograder, validate=validate_autograder)
    return parser


def main(argv=None):
    args = make_parser().parse_args(argv)
    try:  # a usage error is found before anything loads
        if getattr(args, "number", None) is not None:
            find(args.number)
        if getattr(args, "validate", None):
            args.validate(args)
    except ValueError as error:
        print(f"python -m exercises: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return args.run(args)
    except KeyboardInterrupt:  # Ctrl-C: the workers are stopped already (isolation.reset)
        print(f"\npython -m exercises {args.command}: interrupted", file=sys.stderr)
        return INTERRUPTED


def command_line():
    """``python -m exercises``: runs :func:`main` on the command line and ends the process with its status."""
    exit_now(main())
