"""The pictures: every PNG opens, has a sensible size and is not blank."""

import numpy as np
import pytest
from PIL import Image

from models import visualize
from models.data import digits_arrays, load
from models.registry import load_saved_model
from models.train import train


def assert_picture(path, min_size=(100, 60)):
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.width >= min_size[0] and image.height >= min_size[1]
        pixels = np.asarray(image.convert("L"), dtype=float)
    assert pixels.var() > 0, f"{path} is blank"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("run")
    train("lenet", folder, epochs=2, verbose=0)
    return folder


def test_a_finished_run_has_its_curves_and_confusion_matrix(run):
    for name in ("curves.png", "confusion_matrix.png", "misclassified.png"):
        assert_picture(run / name)


def test_visualize_a_run_writes_every_figure(run, tmp_path):
    written = {path.name for path in visualize.visualize(run, tmp_path)}
    layers = ["block1_conv1", "block1_pool", "block2_conv1", "block2_pool"]
    expected = {"filters.png", "curves.png", "confusion_matrix.png", "misclassified.png"}
    assert written == expected | {f"feature_maps_{layer}.png" for layer in layers}
    for name in written:
        assert_picture(tmp_path / name)


def test_feature_map_figure_has_one_panel_per_channel(run, tmp_path):
    model = load_saved_model(run / "best.keras")
    image = np.random.default_rng(0).uniform(size=(32, 32, 1)).astype("float32")
    visualize.plot_feature_maps(model, image, "block2_conv1", tmp_path / "maps.png")
    figure = visualize.panels([np.eye(3)] * 16, [""] * 16, "")  # the same layout, to count its panels
    drawn = [axis for axis in figure.axes if axis.images]
    assert len(drawn) == model.get_layer("block2_conv1").output.shape[-1] == 16
    assert_picture(tmp_path / "maps.png")


def test_confusion_matrix_counts_every_test_image(run):
    model = load_saved_model(run / "best.keras")
    splits = load("digits", (32, 32, 1))
    images, labels, predictions = visualize.test_predictions(model, splits.test)
    matrix = visualize.confusion_matrix(labels, predictions, 10)
    assert matrix.sum() == len(digits_arrays()["test"][1]) == 360
    np.testing.assert_array_equal(matrix.sum(axis=1), np.bincount(labels, minlength=10))
    assert np.trace(matrix) == np.sum(labels == predictions)


def test_visualize_a_keras_file_with_an_image(run, tmp_path, photo):
    Image.fromarray(photo).save(tmp_path / "photo.png")
    written = visualize.visualize(run / "best.keras", tmp_path / "out", image_path=tmp_path / "photo.png")
    assert "curves.png" not in {p.name for p in written}  # a lone .keras file has no training log
    for path in written:
        assert_picture(path)


def test_blur_compare_writes_a_before_after_picture(cli, tmp_path, photo):
    Image.fromarray(photo).save(tmp_path / "photo.png")
    status, out, err = cli("blur", tmp_path / "photo.png", tmp_path / "b.png", "--compare", tmp_path / "cmp.png")
    assert status == 0, err
    assert_picture(tmp_path / "cmp.png", min_size=(400, 150))


def test_bad_input_to_visualize_is_one_line(cli, tmp_path):
    (tmp_path / "empty_run").mkdir()
    (tmp_path / "notes.txt").write_text("hello")
    for args, fragment in [
        ([tmp_path / "empty_run"], "holds no best.keras"),
        ([tmp_path / "notes.txt"], "is not a .keras model file"),
    ]:
        status, _, err = cli("visualize", *args)
        assert status == 2 and fragment in err and len(err.strip().splitlines()) == 1
