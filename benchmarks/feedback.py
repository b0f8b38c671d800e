"""How fast the feedback comes: the progress table and one check against a bare TensorFlow import,
and a hung stub's message.

    python benchmarks/feedback.py

Prints, each a median of interleaved runs in this one process (machines are noisy), each command in a
fresh process as a student types it:
- ``python -m exercises`` over a student's 23 stubs with nothing changed since the last table, its
  verdicts kept (course/verdicts.py), as a ratio to ``python -c "import tensorflow"`` (target: at most
  0.5), and whether it imported TensorFlow, pytest or NumPy (it should not). The table runs on a copy
  of the project, so that an edit of the engine while the benchmark runs is no change to it;
- the same table after editing one exercise (exercise 6, whose solution is saved with a new comment
  each time; exercise 9, whose checks call it, is checked again too) (target: at most 1.5);
- ``python -m exercises check 5`` on a correct solution, as a ratio to ``python -c "import tensorflow"``
  (target: at most 1.5);
- the seconds from starting ``python -m exercises check N`` on a stub with an endless loop to its
  message: a loop at the top of the file, and a loop inside the function (target: at most 15 s).
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3


def seconds(command, env=None, cwd=ROOT):
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    return time.perf_counter() - started, result


def student_env(folder, project=ROOT):
    return {**os.environ, "PYTHONPATH": str(project), "EXERCISES_PACKAGE": str(folder)}


def project_copy(folder):
    """The engine, the tests and the stubs copied to ``folder``."""
    for name in ("course", "exercises", "models", "solutions"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", folder)
    return folder


def stubs(parent):
    """A student's folder holding every stub, in ``parent/student``."""
    folder = Path(parent) / "student"
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    for stub in (ROOT / "exercises").glob("ex[0-9][0-9]_*.py"):
        shutil.copy(stub, folder)
    return folder


def heavy_imports(env, project):
    """The heavy modules a progress table with nothing changed imports (``python -X importtime``)."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "exercises"], cwd=project, env=env,
                            capture_output=True, text=True)  # fmt: skip
    imported = {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line}
    return sorted(imported & {"tensorflow", "keras", "pytest", "numpy", "hypothesis"})


def main():
    check_5 = [sys.executable, "-m", "exercises", "check", "5", "--solutions"]
    table = [sys.executable, "-m", "exercises"]
    import_tf = [sys.executable, "-c", "import tensorflow"]
    checks, imports, unchanged, edited = [], [], [], []
    with tempfile.TemporaryDirectory() as parent:
        folder, edit = stubs(parent), (ROOT / "solutions" / "ex06_activations.py").read_text()
        project = project_copy(Path(parent) / "project")
        env = student_env(folder, project)
        last = seconds(table, env, project)[1].stdout  # every verdict checked and kept once
        assert "Exercise progress:" in last, last[-2000:]
        for run in range(RUNS):  # interleaved, so that a busy spell hits them all
            elapsed, result = seconds(check_5)
            assert result.returncode == 0, result.stdout[-2000:]
            checks.append(elapsed)
            imports.append(seconds(import_tf)[0])
            elapsed, result = seconds(table, env, project)
            assert result.stdout == last, result.stdout[-3000:]
            unchanged.append(elapsed)
            (folder / "ex06_activations.py").write_text(f"{edit}\n# edit {run}\n")
            elapsed, result = seconds(table, env, project)
            assert re.search(r"6\. ReLU and softmax +done", result.stdout), result.stdout[-3000:]
            edited.append(elapsed)
            last = result.stdout
        heavy = heavy_imports(env, project)
    imported = statistics.median(imports)
    print(f"import tensorflow: {imported:.1f} s")
    for name, times, target in [
        ("the table, nothing changed", unchanged, 0.5),
        ("the table after editing exercise 6", edited, 1.5),
        ("check 5 on the solution", checks, 1.5),
    ]:
        median = statistics.median(times)
        print(f"{name}: {median:.2f} s; ratio {median / imported:.2f} (target <= {target})")
    print(f"the table with nothing changed imported: {', '.join(heavy) or 'none of TensorFlow, pytest, NumPy'}")

    hangs = {
        "ex03_output_size.py": ("3", "while True:\n    pass\n", "did not finish importing within"),
        "ex06_activations.py": ("6", "def relu(x):\n    while True:\n        pass\n", "did not finish within"),
    }
    with tempfile.TemporaryDirectory() as parent:
        folder = stubs(parent)
        for name, (number, source, message) in hangs.items():
            (folder / name).write_text(source)
            times = []
            for _ in range(RUNS):
                elapsed, result = seconds([sys.executable, "-m", "exercises", "check", number], student_env(folder))
                assert message in result.stdout, result.stdout[-2000:]
                times.append(elapsed)
            where = "at the top of the file" if "importing" in message else "inside the function"
            print(f"an endless loop {where} (exercise {number}): its message after "
                  f"{statistics.median(times):.1f} s (target <= 15 s)")  # fmt: skip


if __name__ == "__main__":
    main()
