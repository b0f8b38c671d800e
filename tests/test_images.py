"""Images of every mode Pillow reads come out as the right 8-bit pixels, checked against conversions by hand."""

import numpy as np
import pytest
from PIL import Image

from models.training.images import read_image, write_image

GREY = np.array([[0, 1000, 30000], [40000, 65535, 257]], dtype=np.uint16)


def over_white(colour, alpha):
    """A pixel of ``colour`` with opacity ``alpha`` (0..255) on white paper, by hand."""
    return np.rint(colour * alpha / 255 + 255 * (1 - alpha / 255)).astype(np.uint8)


def test_16_bit_grey_is_scaled_not_saturated(tmp_path):
    Image.fromarray(GREY).save(tmp_path / "grey16.png")
    with Image.open(tmp_path / "grey16.png") as image:
        assert image.mode == "I;16"
    expected = np.rint(GREY / 257).astype(np.uint8)  # 65535 -> 255, 257 -> 1
    np.testing.assert_array_equal(read_image(tmp_path / "grey16.png")[..., 0], expected)


def test_a_float_tiff_in_0_1_is_scaled_not_black(tmp_path):
    values = np.array([[0.0, 0.25, 0.5], [0.75, 1.0, np.nan]], dtype=np.float32)
    Image.fromarray(values).save(tmp_path / "float.tif")
    expected = np.array([[0, 64, 128], [191, 255, 0]], dtype=np.uint8)  # round(v * 255); NaN -> 0
    np.testing.assert_array_equal(read_image(tmp_path / "float.tif")[..., 0], expected)


def test_a_float_tiff_beyond_1_is_taken_as_0_255_and_clipped(tmp_path):
    Image.fromarray(np.array([[-5.0, 12.4, 300.0]], dtype=np.float32)).save(tmp_path / "float.tif")
    np.testing.assert_array_equal(read_image(tmp_path / "float.tif")[..., 0], [[0, 12, 255]])


def test_a_palette_picture_is_its_colours(tmp_path):
    image = Image.new("P", (3, 1))
    image.putpalette([255, 0, 0, 0, 128, 255, 10, 20, 30])
    image.putdata([0, 1, 2])
    image.save(tmp_path / "palette.png")
    assert read_image(tmp_path / "palette.png").tolist() == [[[255, 0, 0], [0, 128, 255], [10, 20, 30]]]


def test_a_palette_picture_with_a_transparent_colour_lies_on_white(tmp_path):
    image = Image.new("P", (2, 1))
    image.putpalette([0, 0, 0, 200, 100, 50])
    image.putdata([0, 1])
    image.save(tmp_path / "transparent.png", transparency=0)
    assert read_image(tmp_path / "transparent.png").tolist() == [[[255, 255, 255], [200, 100, 50]]]


def test_rgba_lies_on_white(tmp_path):
    pixels = np.array([[[0, 0, 0, 0], [0, 0, 0, 255], [200, 100, 0, 128]]], dtype=np.uint8)
    Image.fromarray(pixels, "RGBA").save(tmp_path / "rgba.png")
    expected = over_white(pixels[..., :3].astype(float), pixels[..., 3:].astype(float))
    np.testing.assert_array_equal(read_image(tmp_path / "rgba.png"), expected)
    assert read_image(tmp_path / "rgba.png")[0, 0].tolist() == [255, 255, 255]  # not black


def test_grey_with_alpha_lies_on_white_and_stays_grey(tmp_path):
    pixels = np.array([[[0, 0], [0, 255], [100, 51]]], dtype=np.uint8)
    Image.fromarray(pixels, "LA").save(tmp_path / "la.png")
    result = read_image(tmp_path / "la.png")
    assert result.shape == (1, 3, 1)
    np.testing.assert_array_equal(result[..., 0], over_white(pixels[..., 0].astype(float), pixels[..., 1]))


def test_cmyk_follows_the_multiplicative_formula(tmp_path):
    cmyk = np.array([[[255, 0, 0, 0], [0, 0, 0, 128], [100, 50, 0, 50]]], dtype=np.uint8)
    Image.fromarray(cmyk, "CMYK").save(tmp_path / "cmyk.tif")
    ink, black = cmyk[..., :3].astype(float), cmyk[..., 3:].astype(float)
    expected = np.rint((255 - ink) * (255 - black) / 255).astype(np.uint8)
    np.testing.assert_array_equal(read_image(tmp_path / "cmyk.tif"), expected)


def test_one_bit_is_black_and_white(tmp_path):
    Image.fromarray(np.array([[True, False, True]])).save(tmp_path / "bits.png")
    assert read_image(tmp_path / "bits.png")[..., 0].tolist() == [[255, 0, 255]]


@pytest.mark.parametrize("suffix", [".png", ".jpg", ".bmp", ".tif", ".webp"])
def test_what_is_written_reads_back(tmp_path, suffix):
    pixels = np.full((4, 5, 3), (10, 200, 90), dtype=np.uint8)
    write_image(pixels, tmp_path / f"out{suffix}")
    assert [path.name for path in tmp_path.iterdir()] == [f"out{suffix}"]  # no temporary file left
    np.testing.assert_allclose(read_image(tmp_path / f"out{suffix}"), pixels, atol=3)  # JPEG and WebP are lossy
