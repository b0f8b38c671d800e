"""Grad-CAM: the heat map lights up the digit's strokes, not the empty border."""

import numpy as np
import pytest
from PIL import Image

import models
from models.pictures import gradcam
from models.training import data, runs


@pytest.fixture(scope="module")
def model_and_digits(lenet_run):
    model = runs.load_model(lenet_run)
    images, labels = next(iter(data.load("digits", model.input_shape[1:], batch_size=16).test))
    return model, images.numpy(), labels.numpy()


@pytest.mark.parametrize("name", models.available_models("classifier"))
def test_the_layer_each_classifier_names_in_its_spec_is_the_one_gradcam_finds(name):
    layer = models.get_spec(name).gradcam_layer
    assert layer is not None, f"{name}'s spec names no gradcam_layer"
    assert gradcam.last_conv_layer(models.build(name)).name == layer


@pytest.mark.slow
def test_heat_maps_are_not_blank_and_follow_the_strokes(model_and_digits):
    model, images, labels = model_and_digits
    heat, predicted = gradcam.gradcam(model, images)
    assert heat.shape == images.shape[:3] and heat.min() >= 0 and np.allclose(heat.max(axis=(1, 2)), 1)
    strokes = images[..., 0] > 0.5
    ring = np.ones(images.shape[1:3], bool)
    ring[4:-4, 4:-4] = False
    empty_border = ring & (images[..., 0] < 0.05)  # the outer 4 pixels, where there is no ink
    on_strokes = np.array([h[s].mean() for h, s in zip(heat, strokes, strict=True)])
    on_border = np.array([h[b].mean() for h, b in zip(heat, empty_border, strict=True)])
    assert np.mean(on_strokes > on_border) >= 0.8
    assert on_strokes.mean() > 1.3 * on_border.mean()
    assert np.mean(predicted == labels) >= 0.8


def test_explaining_the_predicted_class_is_the_default(model_and_digits):
    model, images, _ = model_and_digits
    heat, predicted = gradcam.gradcam(model, images[:4])
    np.testing.assert_allclose(gradcam.gradcam(model, images[:4], classes=predicted)[0], heat, atol=1e-6)
    other = (predicted + 1) % 10
    assert not np.allclose(gradcam.gradcam(model, images[:4], classes=other)[0], heat)


@pytest.mark.slow
def test_visualize_draws_gradcam_png_for_a_run_and_for_one_image(cli, lenet_run, tmp_path):
    status, out, err = cli("visualize", lenet_run, "--out", tmp_path / "figures")
    assert status == 0, err
    assert f"wrote {tmp_path / 'figures' / 'gradcam.png'}" in out.splitlines()
    with Image.open(tmp_path / "figures" / "gradcam.png") as picture:
        assert picture.width > 600 and np.asarray(picture.convert("L")).var() > 0

    digit = data.digits_arrays()["test"][0][0]
    Image.fromarray(np.rint(255 - digit[..., 0] * 255).astype("uint8")).resize((40, 40)).save(tmp_path / "my.png")
    status, out, err = cli("visualize", lenet_run, "--image", tmp_path / "my.png", "--out", tmp_path / "mine")
    assert status == 0, err
    assert (tmp_path / "mine" / "gradcam.png").is_file()
    assert any(line.startswith(f"{tmp_path / 'my.png'}: ") and "[inverted]" in line for line in out.splitlines())
