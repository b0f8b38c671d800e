"""The rules of the house (pyproject.toml's import contracts) hold, and would catch the mistakes they are for."""

import os
import shutil
import subprocess
import sys

from tests.conftest import ROOT

LINT_IMPORTS = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"


def lint_imports(folder):
    """Runs ``lint-imports`` on the project in ``folder``, as `make imports` does."""
    return subprocess.run(
        [sys.executable, "-c", LINT_IMPORTS, "--no-cache"], cwd=folder, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(folder)},
    )  # fmt: skip


def test_every_import_contract_is_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "BROKEN" not in result.stdout and ", 0 broken." in result.stdout, result.stdout[-2000:]


def project_copy(tmp_path):
    for name in ("course", "exercises", "models", "solutions"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_contracts_catch_a_circle_and_the_teacher_side_calling_the_student_cli(tmp_path):
    """The grader once imported run_checks from the student CLI, which imported the grader."""
    project = project_copy(tmp_path)
    grade = project / "course" / "teacher" / "grade.py"
    grade.write_text(grade.read_text() + "\n\ndef checks(*args):\n    from course.cli import main\n")
    result = lint_imports(project)
    assert result.returncode != 0
    assert "No import circle in any package BROKEN" in result.stdout, result.stdout[-3000:]
    assert "course.teacher.grade -> course.cli" in result.stdout, result.stdout[-3000:]


def test_the_contracts_catch_a_framework_in_the_numpy_drivers_and_the_engine_in_the_zoo(tmp_path):
    project = project_copy(tmp_path)
    drivers = project / "course" / "drivers.py"
    drivers.write_text(drivers.read_text() + "\n\ndef sneaky():\n    import tensorflow\n")
    blocks = project / "models" / "blocks.py"
    blocks.write_text(blocks.read_text() + "\n\ndef sneaky():\n    from course import catalog\n")
    result = lint_imports(project)
    assert "course.drivers is not allowed to import tensorflow" in result.stdout, result.stdout[-3000:]
    assert "models is not allowed to import course" in result.stdout, result.stdout[-3000:]
