"""The notebooks in notebooks/: stored as source, and each one runs from top to bottom in a real kernel.

They are executed with nbclient, as Jupyter runs them: against the solutions, every cell runs
without an error and every exercise's check says it is done; against the stubs, a check cell
says "not started" and no cell shows a traceback. All the executions run at once, each in
its own kernel, so the whole file takes about as long as the slowest notebook.
"""

import ast
import asyncio
import os
import re
import subprocess
import sys
import time
import types
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from course.catalog import EXERCISES
from course.notebook import NO_PICTURE
from tests.conftest import ROOT

FOLDER = ROOT / "notebooks"
NOTEBOOKS = sorted(FOLDER.glob("*.ipynb"))
CHECK_CELL = re.compile(r"^check\((\d+)\)$")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
STUBS_RUN = "convolution.ipynb"  # the notebook also run against the stubs: the first one a student opens
CELL_SECONDS = 300  # a check cell that trains (exercise 15) takes the longest


def read(path):
    return nbformat.read(path, as_version=nbformat.NO_CONVERT)


def checked_numbers(notebook):
    """The exercise numbers of the notebook's check cells, in order."""
    return [int(match[1]) for cell in notebook.cells if (match := CHECK_CELL.match(cell.source.strip()))]


def text_of(cell):
    """Everything a code cell printed or showed as text, colours removed."""
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type == "error":
            parts.append("\n".join(output.traceback))
        else:
            parts.append(output.get("data", {}).get("text/plain", ""))
    return ANSI.sub("", "\n".join(parts))


async def execute(path, package):
    """``path`` executed in a fresh kernel, with ``EXERCISES_PACKAGE=package`` (None: the stubs);
    returns (the executed notebook, the error that stopped it or None, seconds)."""
    notebook = read(path)
    if package and path.name != STUBS_RUN:
        for cell in notebook.cells:
            if CHECK_CELL.match(cell.source.strip()):
                cell.source = "True  # checked by pytest exercises --solutions"
    environment = {name: value for name, value in os.environ.items() if name != "EXERCISES_PACKAGE"}
    if package:
        environment["EXERCISES_PACKAGE"] = package
    client = NotebookClient(
        notebook, timeout=CELL_SECONDS, kernel_name="python3", resources={"metadata": {"path": str(FOLDER)}}
    )
    start = time.perf_counter()
    try:
        await client.async_execute(env=environment)
        error = None
    except Exception as raised:  # a cell's error: reported by the test of that notebook
        error = raised
    return notebook, error, time.perf_counter() - start


@pytest.fixture(scope="module")
def executed():
    """{(notebook name, package): (executed notebook, error, seconds)} for every run, all run at once."""
    runs = [(path, "solutions") for path in NOTEBOOKS] + [(FOLDER / STUBS_RUN, None)]

    async def all_runs():
        return await asyncio.gather(*(execute(path, package) for path, package in runs))

    results = asyncio.run(all_runs())
    for (path, package), (_, _, seconds) in zip(runs, results, strict=True):
        print(f"{path.name} against {package or 'the stubs'}: {seconds:.1f} s")
    return {(path.name, package): result for (path, package), result in zip(runs, results, strict=True)}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_stored_without_outputs(path):
    for cell in read(path).cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, (
                f"{path.name}, cell {cell.id} holds outputs: clear them before saving "
                f"(`jupyter nbconvert --clear-output --inplace {path.relative_to(ROOT)}`)"
            )


def test_every_exercise_is_checked_in_exactly_one_notebook_in_order():
    numbers = [number for path in NOTEBOOKS for number in checked_numbers(read(path))]
    assert sorted(numbers) == [exercise.number for exercise in EXERCISES]
    for path in NOTEBOOKS:
        assert checked_numbers(read(path)) == sorted(checked_numbers(read(path))), path.name


def setup_cell():
    """The first code cell, the same in every notebook."""
    first_cells = {next(cell for cell in read(path).cells if cell.cell_type == "code").source for path in NOTEBOOKS}
    assert len(first_cells) == 1, "the notebooks' first code cells differ"
    return first_cells.pop()


def run_setup_cell_in_colab(monkeypatch, tmp_path, repo_url, git_exit=0):
    """Runs the setup cell as Colab would (``google.colab`` imported, a user's REPO_URL), with git and pip
    stood in for; returns the commands it ran."""
    commands = []

    def run(command, **kwargs):
        commands.append(command)
        if command[0] == "git" and not git_exit:
            (Path(command[-1]) / "requirements.txt").parent.mkdir(parents=True)
            (Path(command[-1]) / "requirements.txt").write_text("")
        return subprocess.CompletedProcess(command, git_exit if command[0] == "git" else 0, "", "fatal: not found\n")

    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setattr(subprocess, "run", run)
    monkeypatch.setattr(os, "chdir", lambda path: commands.append(["chdir", str(path)]))
    monkeypatch.setattr(sys, "path", list(sys.path))
    source = setup_cell().replace('REPO_URL = ""', f"REPO_URL = {repo_url!r}")
    source = source.replace('Path("/content")', repr(tmp_path).replace("PosixPath", "Path"))
    exec(compile(source, "setup cell", "exec"), {"__name__": "__main__"})
    return commands


def test_the_setup_cell_in_colab_asks_for_the_address_in_one_sentence_and_clones_nothing(monkeypatch, tmp_path):
    with pytest.raises(ValueError, match=r"^In Colab, paste the project's git address .* into REPO_URL") as raised:
        run_setup_cell_in_colab(monkeypatch, tmp_path, "")
    assert str(raised.value).count(".") == 1  # one sentence
    with pytest.raises(ValueError, match=r"^git could not clone REPO_URL '\S+x\.git' \(fatal: not found\)"):
        run_setup_cell_in_colab(monkeypatch, tmp_path, "https://example.org/x.git", git_exit=128)


def test_the_setup_cell_in_colab_clones_the_address_given_and_installs_the_requirements(monkeypatch, tmp_path):
    commands = run_setup_cell_in_colab(monkeypatch, tmp_path, " https://example.org/me/cnn-course.git ")
    project = tmp_path / "cnn-course"
    assert commands[0] == ["git", "clone", "--depth", "1", "https://example.org/me/cnn-course.git", str(project)]
    assert commands[1][1:] == ["-m", "pip", "install", "-q", "-r", str(project / "requirements.txt")]
    assert commands[2] == ["chdir", str(project)]
    assert run_setup_cell_in_colab(monkeypatch, tmp_path, "https://example.org/me/cnn-course.git")[0][0] == "chdir"


def stored_names(nodes):
    return {node.id for tree in nodes for node in ast.walk(tree) if isinstance(node, ast.Name)
            and isinstance(node.ctx, ast.Store)}  # fmt: skip


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_no_cell_uses_what_an_earlier_picture_may_not_have_made(path):
    """A name set only inside ``with needs(N):`` is missing when that picture could not be drawn
    (an unfinished exercise): a later cell that uses it would fail with a NameError."""
    only_in_pictures = set()
    for cell in read(path).cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        pictures = [node for node in ast.walk(tree) if isinstance(node, ast.With) and "needs(" in ast.unparse(node)]
        inside = stored_names(statement for picture in pictures for statement in picture.body)
        outside = stored_names([tree]) - inside
        used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
        assert not used & only_in_pictures - outside - inside, f"{path.name}, cell {cell.id}"
        only_in_pictures = (only_in_pictures | inside) - outside


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_runs_against_the_solutions(path, executed):
    notebook, error, _ = executed[(path.name, "solutions")]
    assert error is None, f"{path.name} stopped with an error:\n{error}"
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        text = text_of(cell)
        assert not any(output.get("name") == "stderr" for output in cell.outputs), f"{cell.id}: {text}"
        assert NO_PICTURE not in text, f"{cell.id}: {text}"
        if CHECK_CELL.match(cell.source.strip()):
            assert text.rstrip().endswith("True"), f"{cell.id}: {text}"
            assert path.name != STUBS_RUN or "Exercise progress: 1/1 done" in text, f"{cell.id}: {text}"


@pytest.mark.slow
def test_against_the_stubs_checks_say_not_started_and_nothing_shows_a_traceback(executed):
    notebook, error, _ = executed[(STUBS_RUN, None)]
    assert error is None, f"{STUBS_RUN} stopped with an error:\n{error}"
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        text = text_of(cell)
        assert "Traceback" not in text and not any(o.output_type == "error" for o in cell.outputs), text
        match = CHECK_CELL.match(cell.source.strip())
        if match:
            exercise = EXERCISES[int(match[1]) - 1]
            assert f"Exercise {exercise.number} ({exercise.title}) is not started" in text, text
            assert f"{exercise.number:4}. {exercise.title:45} not started" in text, text
            assert text.rstrip().endswith("False"), text
        elif "exercise(" in cell.source:
            assert NO_PICTURE in text and "is not written yet" in text, f"{cell.id}: {text}"
