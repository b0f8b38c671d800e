"""The exercises in a Jupyter notebook (``notebooks/``): your functions for the pictures, and ``check(N)``.

    from course.notebook import check, exercise, needs

    conv2d = exercise(5).conv2d      # your conv2d, as you last saved exercises/ex05_conv2d.py
    with needs(5):                   # one line instead of a traceback while conv2d isn't written
        plt.imshow(conv2d(batch, kernel)[0, :, :, 0])
    check(5)                         # exercise 5's checks: the report `pytest exercises -k ex05` prints

The code is yours, in ``exercises/``, unless ``EXERCISES_PACKAGE`` names another
package (``solutions``) or a folder, as it does for pytest.
"""

import contextlib
import importlib
import sys
import traceback
from pathlib import Path

import numpy as np

from course.catalog import EXERCISE_FILE, ROOT, find
from course.isolation import Location
from course.worker import FreshSourceFinder

# pytest's own capture, on file descriptors: its report is written to the notebook's output
# all the same, and TensorFlow's start-up log (written to descriptor 2 while the checks load)
# stays out of it, which --capture=sys would let through.
PYTEST_OPTIONS = ("--capture=fd",)
NO_PICTURE = "No picture yet:"


def check(number):
    """Runs exercise ``number``'s checks and prints the same worded report and progress line as
    ``pytest exercises -k exNN``. Returns True when the exercise is done.

    Your code runs in a process of its own, as under pytest: a wrong, unfinished or crashing
    exercise is reported in words and never raises here. Raises ValueError for a number that
    is not an exercise's."""
    from course.progress import DONE
    from course.run import run_checks

    checked = find(number)
    with contextlib.chdir(ROOT):  # file names in the report read as they do from the project's folder
        status = run_checks([checked], options=PYTEST_OPTIONS).status
    return status.get(checked) == DONE


def exercise(number):
    """Exercise ``number``'s module from the code under test, imported afresh: running a cell
    again uses what you last saved, in this exercise's file and in those it imports."""
    location = Location.current()
    if str(location.root) not in sys.path:
        sys.path.insert(0, str(location.root))
    folder = location.root / location.package
    if not any(isinstance(finder, FreshExercises) and finder.package_dir == folder for finder in sys.meta_path):
        sys.meta_path.insert(0, FreshExercises(folder))
    for name in [name for name in sys.modules if name.startswith(f"{location.package}.ex")]:
        del sys.modules[name]
    return importlib.import_module(f"{location.package}.{find(number).module}")


class FreshExercises(FreshSourceFinder):
    """Compiles the code under test from its source on every import, so that a stale .pyc (an
    edit saved in the same second as the last run, of the same size) never hides an edit. Every
    other module is imported the usual way."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname.startswith(f"{self.package_dir.name}."):
            return super().find_spec(fullname, path, target)
        return None


@contextlib.contextmanager
def needs(number):
    """Runs a picture that uses exercise ``number``. If the code raises (not written yet, or a
    crash), it prints one line saying why, instead of a traceback, and shows no half-drawn figure."""
    try:
        yield
    except Exception as error:  # whatever your code raises becomes that one line
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")
        print(f"{NO_PICTURE} {why(error)} Save your code, then run this cell again; "
              f"`check({find(number).number})` checks it.")  # fmt: skip


def why(error):
    """Why a picture failed, in a sentence, at the innermost line of the code under test."""
    location = Location.current()
    folder = location.root / location.package
    frames = [
        frame for frame in traceback.extract_tb(error.__traceback__)
        if Path(frame.filename).parent == folder and EXERCISE_FILE.fullmatch(Path(frame.filename).name)
    ]  # fmt: skip
    where = f" in {location.package}/{Path(frames[-1].filename).name}" if frames else ""
    if isinstance(error, NotImplementedError):
        return f"{frames[-1].name if frames else 'a function'}{where} is not written yet."
    line = f":{frames[-1].lineno}" if frames else ""
    return f"your code raised {type(error).__name__}: {error} ({where.strip() or 'outside your files'}{line})."


def photo(width=160):
    """A real photograph (a temple in China, shipped with scikit-learn) scaled down to ``width``
    pixels across: uint8, (height, width, 3). Small, so that a loop over its pixels is quick."""
    from PIL import Image
    from sklearn.datasets import load_sample_image

    image = Image.fromarray(load_sample_image("china.jpg"))
    height = round(image.height * width / image.width)
    return np.asarray(image.resize((width, height), Image.Resampling.LANCZOS))


def draw_numbers(ax, values, title="", box=None, cmap="Blues"):
    """Draws a small 2-D array on ``ax`` as a grid of cells with their numbers (NaN: an empty
    cell), shaded by value; ``box=(row, column, height, width)`` outlines a window in red."""
    from matplotlib.patches import Rectangle

    values = np.atleast_2d(np.asarray(values, dtype=float))
    ax.imshow(np.ma.masked_invalid(values), cmap=cmap, alpha=0.5)
    for (row, column), value in np.ndenumerate(values):
        if not np.isnan(value):
            ax.text(column, row, f"{value:.3g}", ha="center", va="center", fontsize=9)
    if box is not None:
        row, column, height, width = box
        ax.add_patch(Rectangle((column - 0.5, row - 0.5), width, height, fill=False, edgecolor="red", linewidth=2.5))
    ax.set_xticks(np.arange(values.shape[1] + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(values.shape[0] + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="grey", linewidth=0.5)
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
    ax.set_title(title, fontsize=9)
