"""`pip install .` and `pip install -e .` work, and the commands then run from any folder.

Each install goes into a throwaway virtual environment that sees this one's packages
(TensorFlow and the rest, through a .pth file), so pip installs only the project itself,
offline, in seconds. The project is copied first, so that no build/ folder in the clone
can put stale files in the wheel.
"""

import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile

import pytest

from course.catalog import EXERCISES
from models.registry import available_models
from tests.conftest import ROOT

pytestmark = pytest.mark.slow
LEFT_OUT = ("build", "runs", "*.egg-info", "__pycache__", ".*")


def installed(tmp_path, editable):
    """A virtual environment with the project installed by pip; returns its python and the project's folder."""
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(*LEFT_OUT))
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=False)
    python = environment / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    with open(f"{site}/this-projects-requirements.pth", "w") as pth:
        pth.write(sysconfig.get_paths()["purelib"] + "\n")
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-build-isolation", "-q"]
    result = subprocess.run([*pip, *(["-e"] if editable else []), str(project)], capture_output=True, text=True,
                            timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return python, project


def run(python, *args, cwd):
    return subprocess.run([python, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("editable", [False, True], ids=["install", "editable"])
def test_pip_install_then_the_commands_work_from_another_folder(tmp_path, editable):
    python, project = installed(tmp_path, editable)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = run(python, "-c", "import course, exercises, models, solutions; print(models.__file__)", cwd=elsewhere)
    assert where.returncode == 0, where.stderr
    assert where.stdout.startswith(str(project)) == editable, where.stdout  # the clone, or site-packages
    listed = run(python, "-m", "models", "list", cwd=elsewhere)
    assert listed.returncode == 0, listed.stderr
    for name in available_models():
        assert name in listed.stdout
    hint = run(python, "-m", "exercises", "hint", "1", cwd=elsewhere)
    assert hint.returncode == 0, hint.stderr
    assert hint.stdout.splitlines()[1].strip() == EXERCISES[0].hints[0]
    assert not list(elsewhere.iterdir()), "nothing is written in the folder a command runs from"


def test_the_wheel_holds_the_packages_the_tests_and_no_stray_files(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(*LEFT_OUT))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w",
                            tmp_path / "wheel", project], capture_output=True, text=True, timeout=300)  # fmt: skip
    assert built.returncode == 0, built.stderr[-3000:]
    names = set(zipfile.ZipFile(next((tmp_path / "wheel").glob("*.whl"))).namelist())
    for exercise in EXERCISES:
        for path in (exercise.stub_path, exercise.test_path, f"solutions/{exercise.module}.py",
                     f"course/oracles/{exercise.module}.py"):  # fmt: skip
            assert path in names, path
    for name in available_models():
        assert f"models/zoo/{name}.py" in names
    assert {name.split("/")[0] for name in names} == {"course", "exercises", "models", "solutions",
                                                       "cnn_zoo_exercises-0.1.0.dist-info"}  # fmt: skip
