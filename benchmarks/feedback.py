"""How fast the feedback comes: one check against a bare TensorFlow import, and a hung stub's message.

    python benchmarks/feedback.py

Prints, each a median of interleaved runs in this one process (machines are noisy):
- ``python -m exercises check 5`` on a correct solution, as a ratio to ``python -c "import tensorflow"``
  (target: at most 1.5);
- the seconds from starting ``python -m exercises check N`` on a stub with an endless loop to its
  message: a loop at the top of the file, and a loop inside the function (target: at most 15 s).
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3


def seconds(command, env=None):
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    return time.perf_counter() - started, result


def student_env(folder):
    return {**os.environ, "PYTHONPATH": str(ROOT), "EXERCISES_PACKAGE": str(folder)}


def main():
    check_5 = [sys.executable, "-m", "exercises", "check", "5", "--solutions"]
    import_tf = [sys.executable, "-c", "import tensorflow"]
    checks, imports = [], []
    for _ in range(RUNS):  # interleaved, so that a busy spell hits both
        elapsed, result = seconds(check_5)
        assert result.returncode == 0, result.stdout[-2000:]
        checks.append(elapsed)
        imports.append(seconds(import_tf)[0])
    check, imported = statistics.median(checks), statistics.median(imports)
    print(f"check 5 on the solution: {check:.1f} s; import tensorflow: {imported:.1f} s; "
          f"ratio {check / imported:.2f} (target <= 1.5)")  # fmt: skip

    hangs = {
        "ex03_output_size.py": ("3", "while True:\n    pass\n", "did not finish importing within"),
        "ex06_activations.py": ("6", "def relu(x):\n    while True:\n        pass\n", "did not finish within"),
    }
    with tempfile.TemporaryDirectory() as parent:
        folder = Path(parent) / "student"
        folder.mkdir()
        for stub in (ROOT / "exercises").glob("ex[0-9][0-9]_*.py"):
            shutil.copy(stub, folder)
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
