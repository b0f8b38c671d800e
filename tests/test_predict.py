"""``python -m models predict``: test digits saved as files, at other sizes, in other formats, inverted."""

import numpy as np
import pytest
from PIL import Image

from models.training import data, predict, runs

COUNT = 12


@pytest.fixture(scope="module")
def test_digits(lenet_run):
    """The first test images of digits, with their labels and what the model says through the pipeline."""
    images, labels = data.digits_arrays()["test"]
    model = runs.load_model(lenet_run)
    pipeline = data.load("digits", model.input_shape[1:], batch_size=COUNT).test
    fitted, pipeline_labels = (part.numpy() for part in next(iter(pipeline)))
    np.testing.assert_array_equal(pipeline_labels, labels[:COUNT])
    said = model.predict(fitted, verbose=0).argmax(axis=1)
    return images[:COUNT], labels[:COUNT], fitted, said


def save_digits(folder, images, size, suffix, dark_on_light=False, mode="L"):
    """Each 8x8 image in [0, 1] as a ``size`` x ``size`` picture file; returns the paths."""
    paths = []
    for i, image in enumerate(images):
        pixels = np.rint(image[..., 0] * 255).astype("uint8")
        if dark_on_light:
            pixels = 255 - pixels
        picture = Image.fromarray(pixels).resize((size, size), Image.BILINEAR).convert(mode)
        picture.save(folder / f"digit{i}{suffix}")
        paths.append(folder / f"digit{i}{suffix}")
    return paths


def said_by_cli(cli, *args):
    status, out, err = cli("predict", *args)
    assert status == 0, err
    rows = [line for line in out.splitlines() if not line.startswith("[inverted]:")]
    return [row.split(": ")[1].split(" ")[0] for row in rows], out


@pytest.mark.parametrize(
    "size, suffix, mode", [(32, ".png", "L"), (64, ".png", "L"), (20, ".png", "RGB"), (96, ".jpg", "RGB")]
)
def test_predict_names_the_digit_of_test_images_saved_as_files(cli, lenet_run, tmp_path, test_digits, size, suffix,
                                                                mode):  # fmt: skip
    images, labels, _, said_by_pipeline = test_digits
    paths = save_digits(tmp_path, images, size, suffix, mode=mode)
    said, out = said_by_cli(cli, lenet_run, *paths)
    assert "[inverted]" not in out
    assert said == [str(d) for d in said_by_pipeline]  # the same preprocessing as training
    assert np.mean(np.array(said) == labels.astype(str)) >= 0.9


def test_each_line_has_the_top_3_classes_likeliest_first(cli, lenet_run, tmp_path, test_digits):
    path = save_digits(tmp_path, test_digits[0][:1], 32, ".png")[0]
    status, out, _ = cli("predict", lenet_run, path)
    assert status == 0
    guesses = out.strip().split(": ", 1)[1].split(", ")
    names = [guess.split(" ")[0] for guess in guesses]
    shares = [float(guess.split("(")[1].rstrip("%)")) for guess in guesses]
    assert len(guesses) == 3 and len(set(names)) == 3 and shares == sorted(shares, reverse=True)
    assert 0 < sum(shares) <= 100.05


def test_a_dark_digit_on_light_paper_is_inverted_and_says_so(cli, lenet_run, tmp_path, test_digits):
    images, _, _, said_by_pipeline = test_digits
    paths = save_digits(tmp_path, images, 48, ".png", dark_on_light=True)
    said, out = said_by_cli(cli, lenet_run, *paths)
    assert said == [str(d) for d in said_by_pipeline]
    assert out.count("[inverted]") == len(paths) + 1  # one mark per line, and the note
    assert "--no-invert" in out

    kept, out = said_by_cli(cli, lenet_run, "--no-invert", *paths)
    assert "[inverted]" not in out and kept != said  # white paper is not what the model learned


def test_a_model_trained_on_a_folder_is_never_inverted(lenet_run, tmp_path, test_digits):
    run = tmp_path / "run"
    run.mkdir()
    (run / runs.MODEL_FILE).write_bytes((lenet_run / runs.MODEL_FILE).read_bytes())
    metrics = runs.run_metrics(lenet_run) | {"dataset": str(tmp_path / "photos"), "class_names": list("abcdefghij")}
    runs.write_json(run / runs.METRICS_FILE, metrics)
    path = save_digits(tmp_path, test_digits[0][:1], 32, ".png", dark_on_light=True)[0]
    [result] = predict.predict(run, [path])
    assert not result.inverted and result.top[0][0] in "abcdefghij"


def test_prepare_gives_the_pipeline_image_for_a_file_at_the_model_size(tmp_path, test_digits):
    _, _, fitted, _ = test_digits
    Image.fromarray(np.rint(fitted[0, ..., 0] * 255).astype("uint8")).save(tmp_path / "same.png")
    image, inverted = predict.prepare(tmp_path / "same.png", (32, 32, 1))
    assert not inverted and image.shape == (32, 32, 1)
    np.testing.assert_allclose(image, fitted[0], atol=0.5 / 255 + 1e-6)  # only 8-bit rounding


def test_border_is_light():
    image = np.zeros((10, 10, 1))
    assert not predict.border_is_light(image)
    image[0], image[-1], image[:, 0], image[:, -1] = 1, 1, 1, 1
    assert predict.border_is_light(image)
