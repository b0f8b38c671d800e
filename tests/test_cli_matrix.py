"""Every command of ``python -m models`` on every model it lists, each in a fresh process, as a user types it.

For each classifier that ``python -m models list`` prints, one run is trained
(``train M --epochs 1 --out D --dataset PICTURES``) and shared by the commands that read it:
``evaluate D``, ``predict D IMAGE``, ``predict D/best.keras IMAGE`` and
``visualize D --out V``. The filter, the blur model, gets the command that
applies to it: ``blur``. Each command runs in a process of its own, because
that is where a user meets what the pytest process hides: a ResNet that
loaded here only because this process had imported the module that
registers its custom layer could not be opened by ``evaluate`` in a new one.

Each test checks the exit status and one real thing the command promises.
The runs are tiny: one epoch on a folder of 85 digit pictures
(``picture_folder``), a single training step. Most of the matrix's time is
its 21 processes loading TensorFlow (4 to 5 s each): it took 68 s of
``-n 2`` beside the other zoo tests on a quiet 2-core machine (140 s of CPU).
Each model's tests share an ``xdist_group``, so that under ``make test`` one
worker trains the model and runs its commands.
"""

import json
from pathlib import Path

import pytest

from models.registry import get_spec
from tests.conftest import run_module

pytestmark = pytest.mark.slow

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def listed_models():
    """``{name: kind}`` as ``python -m models list`` prints it (it loads no TensorFlow: a fraction of a second)."""
    listed = run_module("models", "list", timeout=60)
    assert listed.returncode == 0, listed.stderr
    return dict(line.split() for line in listed.stdout.splitlines())


LISTED = listed_models()
CLASSIFIERS = [name for name, kind in LISTED.items() if kind == "classifier"]


# Each model's tests in an xdist group of their own, with its run.
on_every_classifier = pytest.mark.parametrize(
    "model", [pytest.param(name, marks=pytest.mark.xdist_group(f"cli_matrix_{name}")) for name in CLASSIFIERS]
)


@pytest.fixture(scope="module")
def trained(tmp_path_factory, picture_folder):
    """``trained(model)``: the run folder of ``train MODEL --epochs 1`` and its finished process, trained once."""
    runs = {}

    def train(model):
        if model not in runs:
            out = tmp_path_factory.mktemp(model) / "run"
            result = run_module("models", "train", model, "--epochs", "1", "--out", out, "--dataset", picture_folder)
            runs[model] = out, result
        out, result = runs[model]
        assert result.returncode == 0, f"train {model} failed:\n{result.stderr[-3000:]}"
        return out, result

    return train


def metrics(run):
    return json.loads((run / "metrics.json").read_text())


def assert_png(path):
    """``path`` is a PNG file with something in it."""
    assert path.is_file(), f"{path} is missing"
    content = path.read_bytes()
    assert content.startswith(PNG_SIGNATURE) and len(content) > len(PNG_SIGNATURE) + 100, path


@on_every_classifier
def test_train_writes_a_finished_run_and_says_where_and_what_next(trained, model):
    run, result = trained(model)
    assert result.stderr == ""  # no library chatter, no warning
    lines = result.stdout.strip().splitlines()
    assert lines[0] == f"run folder: {run}"
    assert lines[-4] == "next:"
    assert [line.split()[3:5] for line in lines[-3:]] == [["visualize", str(run)], ["predict", str(run)],
                                                          ["evaluate", str(run)]]  # fmt: skip
    written = metrics(run)
    accuracy, images = written["test_accuracy"], written["test_images"]
    assert 0 <= accuracy <= 1 and written["epochs"] == 1
    recognised = f"{model} recognised {round(accuracy * images)} of the {images} test images ({accuracy:.1%})"
    assert any(line.startswith(recognised) for line in lines), recognised
    # --epochs 1 leaves no room for a warm-up: a recipe's is dropped, and the run says so and records it.
    recipe = get_spec(model).recipe
    note = f"warm-up scaled with the epochs: 0 of 1 ({model}'s recipe: {recipe.warmup_epochs} of {recipe.epochs})"
    assert written["warmup_epochs"] == 0 and (note in lines) == (recipe.warmup_epochs > 0)


@on_every_classifier
def test_evaluate_gives_the_accuracy_the_run_recorded(trained, model):
    run, _ = trained(model)
    result = run_module("models", "evaluate", run)
    assert result.returncode == 0, result.stderr[-3000:]
    evaluated = json.loads(result.stdout)
    assert 0 <= evaluated["test_accuracy"] <= 1
    assert evaluated["test_accuracy"] == pytest.approx(metrics(run)["test_accuracy"], abs=1e-6)
    assert evaluated["test_images"] == metrics(run)["test_images"]


@on_every_classifier
@pytest.mark.parametrize("model_file", [None, "best.keras"], ids=["run", "best.keras"])
def test_predict_names_classes_of_the_dataset(trained, picture_folder, model, model_file):
    run, _ = trained(model)
    image = picture_folder / "two" / "000.png"
    result = run_module("models", "predict", run / model_file if model_file else run, image)
    assert result.returncode == 0, result.stderr[-3000:]
    [line] = result.stdout.splitlines()
    path, guesses = line.split(": ", 1)
    names = [guess.split(" (")[0] for guess in guesses.split(", ")]
    assert path == str(image) and len(set(names)) == len(names) == 3
    assert set(names) <= set(metrics(run)["class_names"])


@on_every_classifier
def test_visualize_draws_every_picture(trained, model, tmp_path):
    run, _ = trained(model)
    out = tmp_path / "figures"
    result = run_module("models", "visualize", run, "--out", out)
    assert result.returncode == 0, result.stderr[-3000:]
    written = [Path(line.removeprefix("wrote ")) for line in result.stdout.splitlines()]
    names = {path.name for path in written}
    assert {"filters.png", "gradcam.png", "confusion_matrix.png", "misclassified.png", "curves.png"} <= names
    assert any(name.startswith("feature_maps_") for name in names)
    for path in written:
        assert path.parent == out
        assert_png(path)


def test_the_blur_model_blurs_a_photo_and_draws_before_and_after(tmp_path, photo):
    from PIL import Image

    from models.training.images import read_image

    assert LISTED.get("blur") == "filter"
    source, blurred, compare = tmp_path / "photo.jpg", tmp_path / "blurred.png", tmp_path / "compare.png"
    Image.fromarray(photo).save(source)
    result = run_module("models", "blur", source, blurred, "--compare", compare)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stderr == ""
    assert read_image(blurred).shape == read_image(source).shape == photo.shape
    assert_png(compare)
