"""``python -m exercises autograder``: the zip that Gradescope's autograder page takes, grading as ``grade`` does.

    python -m exercises autograder --out autograder.zip [--hidden DIR] [--exercises 1,5,6]
                                   [--no-partial-credit] [--no-hidden-gate]

Gradescope's specification (gradescope-autograders.readthedocs.io, "Autograder
Specifications"): the zip holds ``setup.sh`` and ``run_autograder`` at its root.
Gradescope unpacks it into ``/autograder/source`` and runs ``setup.sh`` there once,
as root, when it builds the assignment's Docker image (Ubuntu, with ``python3``).
For each submission it puts the student's files in ``/autograder/submission``,
runs ``/autograder/run_autograder`` (a copy of ours) as root with ``/autograder``
as its working folder, and reads ``/autograder/results/results.json``. Our zip::

    setup.sh            a Python of at least 3.11 (apt's python3.11 only if the image has none),
                        then a venv at /autograder/venv with the pinned requirements.txt, from
                        PyPI or, when the zip has a wheels/ folder, from it alone (offline);
                        then what the checks train for themselves, stored in /autograder/cache
                        (``course/oracles/stored.py``) so that no submission's grading trains it
    run_autograder      grades /autograder/submission into /autograder/results/results.json:
                        ``python -m course.teacher.autograder`` (:func:`grade_submission`)
    autograder.json     the options it was built with: exercises, partial credit, hidden gate
    requirements.txt    the pins, the same as a clone's
    pyproject.toml      pytest's settings for the checks
    course/ exercises/ models/   the engine, the stubs with their public tests, and the zoo
    hidden/             the teacher's tests given with --hidden (none when not given)

The solutions, the project's own tests, ``.git``, the notebooks and the docs stay
out. ``run_autograder`` calls :func:`course.teacher.grade.grade_class` on the one
submission, with the bundle's catalog, checks and hidden tests and the options of
``autograder.json``, and copies the results.json it wrote: the score is the one
``python -m exercises grade`` gives with the same options. The submission's code
runs in the strongest sandbox the container allows (``course.sandbox.way()``):
bubblewrap, or, where the container refuses user namespaces (as Docker's default
profile does), the fallback (Landlock, seccomp, rlimits and user ``nobody``). The
last line of results.json's ``output`` names it. Where neither can be built, no
code of the submission runs: results.json says why, with score 0. Whatever fails,
a results.json is written, with score 0 and a one-line reason.

``AUTOGRADER_ROOT`` (default ``/autograder``) moves the whole layout, so that a test
runs the bundle in a temporary folder laid out like Gradescope's;
``AUTOGRADER_PYTHON`` names the interpreter (default: the venv of ``setup.sh``,
else ``python3`` on the PATH).
"""

import json
import os
import stat
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from course import sandbox
from course.catalog import EXERCISES, ROOT, find
from course.oracles import stored
from course.teacher.grade import DEFAULT_RULES, check_hidden_tests, grade_class, hidden_tests
from course.teacher.scores import Rules
from course.teacher.submissions import SubmissionError, submission_files, submission_name
from models.files import save_json, write_atomically

OPTIONS = "autograder.json"
HIDDEN = "hidden"  # the bundle's folder of hidden tests
PROJECT_FOLDERS = ("course", "exercises", "models")
PROJECT_FILES = ("requirements.txt", "pyproject.toml")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # every entry's date: the same sources make the same zip
DEFAULT_ROOT = "/autograder"

SETUP_SH = r"""#!/usr/bin/env bash
# Gradescope runs this once, as root, in /autograder/source, when it builds the assignment's image
# (course/teacher/autograder.py tells the layout). It makes a venv at $ROOT/venv with the pinned
# requirements.txt. It downloads nothing but PyPI's packages, and Ubuntu's python3.11 only where
# the image has no Python of at least 3.11; with a wheels/ folder in the zip
# (`pip download -r requirements.txt -d wheels`), pip reads that folder alone.
set -euo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
SOURCE="$ROOT/source"
VENV="$ROOT/venv"

usable() {
    command -v "$1" >/dev/null 2>&1 && "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null
}
PYTHON=""
for candidate in python3.11 python3.12 python3.13 python3; do
    if usable "$candidate"; then PYTHON="$(command -v "$candidate")"; break; fi
done
if [ -z "$PYTHON" ]; then
    apt-get update -qq || true
    apt-get install -y --no-install-recommends python3.11 python3.11-venv
    PYTHON="$(command -v python3.11)"
fi
if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    apt-get update -qq || true
    apt-get install -y --no-install-recommends "$(basename "$PYTHON")-venv"
fi
"$PYTHON" -m venv "$VENV"
INSTALL=("$VENV/bin/python" -m pip install --no-input --disable-pip-version-check -r "$SOURCE/requirements.txt")
if [ -d "$SOURCE/wheels" ]; then INSTALL+=(--no-index --find-links "$SOURCE/wheels"); fi
"${INSTALL[@]}"
chmod -R a+rX "$VENV"
chmod 755 "$SOURCE/run_autograder"
# What the checks train for themselves (course/oracles/stored.py), trained once here instead of for each
# submission: this also shows that the image can run the checks.
export XDG_CACHE_HOME="$ROOT/cache"
cd "$SOURCE" && PYTHONPATH="$SOURCE" "$VENV/bin/python" -m course.teacher.autograder --store
# What this image's container allows the sandbox (a submission's container may allow less).
PYTHONPATH="$SOURCE" "$VENV/bin/python" -m course.teacher.autograder --sandbox || true
"""

RUN_AUTOGRADER = r"""#!/usr/bin/env bash
# Gradescope runs this, as root, for each submission: it grades $ROOT/submission into
# $ROOT/results/results.json with the sandbox, checks and hidden tests of $ROOT/source
# (course/teacher/autograder.py tells the layout). A results.json is always written.
ROOT="${AUTOGRADER_ROOT:-/autograder}"
SOURCE="$ROOT/source"
RESULTS="$ROOT/results/results.json"
export XDG_CACHE_HOME="$ROOT/cache"  # where setup.sh stored what the checks train
if [ -n "${AUTOGRADER_PYTHON:-}" ]; then
    PYTHON="$AUTOGRADER_PYTHON"
elif [ -x "$ROOT/venv/bin/python" ]; then
    PYTHON="$ROOT/venv/bin/python"
else
    PYTHON="$(command -v python3 || echo python3)"
fi
mkdir -p "$ROOT/results"
rm -f "$RESULTS"
cd "$SOURCE" && PYTHONPATH="$SOURCE" "$PYTHON" -m course.teacher.autograder "$ROOT"
status=$?
if [ ! -s "$RESULTS" ]; then  # the grader could not even start: say so, with score 0
    shown="$(printf '%s' "$PYTHON" | tr -d '"\\\n')"
    why="$shown stopped with status $status before writing results.json (see the autograder output)"
    printf '{"score": 0, "output": "The autograder could not grade this submission: %s.\\n' "$why" > "$RESULTS"
    printf 'Isolation: none, nothing of the submission ran.", "visibility": "visible", ' >> "$RESULTS"
    printf '"stdout_visibility": "hidden", "tests": []}\n' >> "$RESULTS"
fi
exit 0
"""


def check_options(out, hidden=None, exercises=None):
    """Raises ValueError, in one line, for an ``--out`` or ``--hidden`` that cannot make a bundle."""
    out = Path(out)
    if out.is_dir():
        raise ValueError(f"--out {out} is a folder; give the zip's file name, such as autograder.zip")
    if out.suffix.lower() != ".zip":
        raise ValueError(f"--out {out}: Gradescope takes a zip; give a name ending in .zip")
    if not out.parent.is_dir():
        raise ValueError(f"--out {out}: there is no folder {out.parent}")
    if hidden:
        check_hidden_tests(hidden)
        selected = list(exercises or EXERCISES)
        if not hidden_tests(hidden, selected):
            numbers = ",".join(str(exercise.number) for exercise in selected)
            raise ValueError(f"--hidden {hidden} has no test_exNN*.py file for the exercises graded ({numbers})")


def project_files(root=ROOT):
    """{name in the zip: host path} of the project files the bundle needs: no cache, no dot file."""
    files = {name: root / name for name in PROJECT_FILES}
    for folder in PROJECT_FOLDERS:
        files.update(folder_files(root / folder, folder))
    return files


def folder_files(folder, prefix):
    """{prefix/relative path: host path} of the regular files under ``folder``, without caches and dot files."""
    found = {}
    for path in sorted(Path(folder).rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") or part == "__pycache__" for part in relative.parts) or path.suffix == ".pyc":
            continue
        if path.is_file():
            found[f"{prefix}/{relative.as_posix()}"] = path
    return found


def bundle_entries(hidden=None, exercises=None, rules=DEFAULT_RULES):
    """{name in the zip: (bytes, executable)} of the whole bundle."""
    selected = list(exercises or EXERCISES)
    entries = {"setup.sh": (SETUP_SH.encode(), True), "run_autograder": (RUN_AUTOGRADER.encode(), True)}
    hidden_files = folder_files(hidden, HIDDEN) if hidden else {}
    for name, path in {**project_files(), **hidden_files}.items():
        entries[name] = (path.read_bytes(), False)
    options = {
        "exercises": [exercise.module for exercise in selected],
        "partial_credit": rules.partial_credit,
        "hidden_gate": rules.hidden_gate,
        "hidden": HIDDEN if hidden else None,
        "hidden_tests": [Path(path).name for path in hidden_tests(hidden, selected)],
    }  # fmt: skip
    entries[OPTIONS] = ((json.dumps(options, indent=2) + "\n").encode(), False)
    return entries


def build_bundle(out, hidden=None, exercises=None, rules=DEFAULT_RULES):
    """Writes the bundle to ``out`` whole (see the module's docstring); returns what the command line
    prints: {"path", "bytes", "files", "hidden_tests", "options"}. Raises ValueError for bad options."""
    check_options(out, hidden, exercises)
    entries = bundle_entries(hidden, exercises, rules)

    def write(path):
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, (data, executable) in entries.items():
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = (stat.S_IFREG | (0o755 if executable else 0o644)) << 16
                archive.writestr(info, data)

    path = write_atomically(out, write)
    options = json.loads(entries[OPTIONS][0])
    return {"path": path, "bytes": path.stat().st_size, "files": len(entries),
            "hidden_tests": options["hidden_tests"], "options": options}  # fmt: skip


def failed(results, reason, started, exercises):
    """Writes a results.json of score 0 whose output says, in one line, why nothing was graded."""
    maximum = sum(exercise.points for exercise in exercises)
    reason = " ".join(str(reason).split()) or "an unknown error"
    save_json(results, {
        "score": 0.0,
        "execution_time": round(time.monotonic() - started, 1),
        "output": f"The autograder could not grade this submission (0 of {maximum} points): {reason}\n"
                  "Isolation: none, nothing of the submission ran.",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": [],
    })  # fmt: skip


def the_submission(folder):
    """Gradescope's submission folder, or the one zip in it when the student handed in a zip that
    was not unpacked (and no exercise file beside it)."""
    folder = Path(folder)
    try:
        if submission_files(folder):
            return folder
    except SubmissionError:
        return folder  # grade_class says why, in the student's results
    zips = sorted(path for path in folder.glob("*.zip") if path.is_file() and not path.is_symlink())
    return zips[0] if len(zips) == 1 else folder


def lock_away(folder):
    """Run as root: the hidden tests become root's alone, a wall beside the sandbox's for user nobody."""
    for path in [Path(folder), *Path(folder).rglob("*")]:
        if not path.is_symlink():
            os.chmod(path, 0o700 if path.is_dir() else 0o600)


def grade_submission(root=None):
    """``run_autograder``'s work: grades ``root/submission`` into ``root/results/results.json`` with the
    bundle's options, hidden tests and sandbox; returns the results written. Never raises an Exception:
    a failure is a results.json of score 0 with a one-line reason."""
    root = Path(root or os.environ.get("AUTOGRADER_ROOT") or DEFAULT_ROOT)
    source, results = root / "source", root / "results" / "results.json"
    results.parent.mkdir(parents=True, exist_ok=True)
    started, exercises = time.monotonic(), list(EXERCISES)
    try:
        options = json.loads((source / OPTIONS).read_text())
        exercises = [find(module) for module in options["exercises"]]
        rules = Rules(partial_credit=options["partial_credit"], hidden_gate=options["hidden_gate"])
        hidden = source / options["hidden"] if options["hidden"] else None
        why = sandbox.unavailable()
        if why:
            failed(results, f"no sandbox for the submission's code in this container: {why}", started, exercises)
            return json.loads(results.read_text())
        if hidden and os.geteuid() == 0:
            lock_away(hidden)
        submission = the_submission(root / "submission")
        with tempfile.TemporaryDirectory(prefix="autograder-") as folder:
            try:
                grade_class([submission], folder, hidden, exercises, rules, jobs=1)
            except KeyboardInterrupt:  # SIGTERM: what was graded is written, and counts
                pass
            graded = json.loads((Path(folder) / submission_name(submission) / "results.json").read_text())
        save_json(results, graded)
        return graded
    except Exception as error:
        failed(results, f"{type(error).__name__}: {error}", started, exercises)
        return json.loads(results.read_text())


def sandbox_line():
    """In words, the sandbox this machine or container can build for a submission."""
    why = sandbox.unavailable()
    return f"sandbox here: none, {why}" if why else f"sandbox here: {sandbox.describe(sandbox.way())}"


def main(argv):
    if argv[:1] == ["--sandbox"]:
        print(sandbox_line())
        return 0
    if argv[:1] == ["--store"]:  # setup.sh's: for the bundle's exercises
        if not (ROOT / OPTIONS).is_file():
            print(f"--store is setup.sh's step in an unpacked bundle; {ROOT} has no {OPTIONS}", file=sys.stderr)
            return 2
        options = json.loads((ROOT / OPTIONS).read_text())
        names = stored.store_all([find(module) for module in options["exercises"]])
        print(f"stored in {stored.folder()}: {', '.join(names) or 'nothing (these checks train nothing)'}")
        return 0
    graded = grade_submission(argv[0] if argv else None)
    print(f"results.json: score {graded['score']:g}; {graded['output'].splitlines()[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
