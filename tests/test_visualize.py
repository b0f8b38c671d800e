"""The pictures: every PNG opens, has a sensible size and is not blank."""

import numpy as np
from PIL import Image

from models.pictures import visualize
from models.training.data import digits_arrays, load
from models.training.runs import load_model


def assert_picture(path, min_size=(100, 60)):
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.width >= min_size[0] and image.height >= min_size[1]
        pixels = np.asarray(image.convert("L"), dtype=float)
    assert pixels.var() > 0, f"{path} is blank"


def test_a_finished_run_gets_its_curves_and_confusion_matrix(lenet_run):
    written = visualize.plot_run_results(lenet_run)
    assert [path.name for path in written] == ["curves.png", "confusion_matrix.png", "misclassified.png"]
    for path in written:
        assert path.parent == lenet_run
        assert_picture(path)


def test_visualize_a_run_writes_every_figure(lenet_run, tmp_path):
    written = {path.name for path in visualize.visualize(lenet_run, tmp_path)}
    layers = ["block1_conv1", "block1_pool", "block2_conv1", "block2_pool"]
    expected = {"filters.png", "curves.png", "confusion_matrix.png", "misclassified.png", "gradcam.png"}
    assert written == expected | {f"feature_maps_{layer}.png" for layer in layers}
    for name in written:
        assert_picture(tmp_path / name)


def drawn(monkeypatch, draw):
    """The matplotlib figure that ``draw()`` saves."""
    figures = []
    monkeypatch.setattr(visualize, "save", lambda figure, path: figures.append(figure) or path)
    draw()
    return figures[0]


def test_feature_map_figure_shows_the_input_and_one_panel_per_channel(lenet_run, monkeypatch):
    model = load_model(lenet_run)
    image = np.random.default_rng(0).uniform(size=(32, 32, 1)).astype("float32")
    maps = visualize.feature_maps(model, image, ["block2_conv1"])["block2_conv1"]
    figure = drawn(monkeypatch, lambda: visualize.plot_feature_maps(image, "true 3", "block2_conv1", maps, "x.png"))
    panels = [axis for axis in figure.axes if axis.images]
    assert len(panels) == 1 + model.get_layer("block2_conv1").output.shape[-1] == 17
    assert panels[0].get_title() == "input: true 3"
    np.testing.assert_array_equal(panels[0].images[0].get_array(), image[..., 0])


def test_filter_figure_has_a_colour_bar_centred_on_zero(lenet_run, monkeypatch):
    model = load_model(lenet_run)
    figure = drawn(monkeypatch, lambda: visualize.plot_filters(model, "x.png"))
    [colour_bar] = [axis for axis in figure.axes if axis.get_ylabel() == "weight"]
    low, high = colour_bar.get_ylim()
    largest = np.abs(np.asarray(model.get_layer("block1_conv1").kernel).mean(axis=2)).max()
    np.testing.assert_allclose([low, high], [-largest, largest], rtol=1e-6)
    assert len([axis for axis in figure.axes if axis.images]) == 6


def test_confusion_matrix_counts_every_test_image(lenet_run):
    model = load_model(lenet_run)
    splits = load("digits", (32, 32, 1))
    images, labels, predictions = visualize.test_predictions(model, splits.test)
    matrix = visualize.confusion_matrix(labels, predictions, 10)
    assert matrix.sum() == len(digits_arrays()["test"][1]) == 360
    np.testing.assert_array_equal(matrix.sum(axis=1), np.bincount(labels, minlength=10))
    assert np.trace(matrix) == np.sum(labels == predictions)


def test_visualize_a_keras_file_with_an_image(lenet_run, tmp_path, photo):
    Image.fromarray(photo).save(tmp_path / "photo.png")
    (tmp_path / "alone.keras").write_bytes((lenet_run / "model.keras").read_bytes())
    written = visualize.visualize(tmp_path / "alone.keras", image_path=tmp_path / "photo.png")
    assert {p.name for p in written} == {"filters.png", "gradcam.png", "feature_maps_block1_conv1.png",
                                         "feature_maps_block1_pool.png", "feature_maps_block2_conv1.png",
                                         "feature_maps_block2_pool.png"}  # fmt: skip
    assert {p.parent for p in written} == {tmp_path / "alone-figures"}
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
        ([tmp_path / "empty_run"], "holds no model.keras"),
        ([tmp_path / "notes.txt"], "is neither a run folder nor a .keras model file"),
    ]:
        status, _, err = cli("visualize", *args)
        assert status == 2 and fragment in err and len(err.strip().splitlines()) == 1
