"""Reading and writing real image files (JPEG, PNG, TIFF, ...) as 8-bit arrays.

Pillow opens a file in the mode it was saved in, and its own ``convert("L")``
or ``convert("RGB")`` is right only for 8-bit modes: it cuts 16-bit grey at
255 (a saturated, nearly white picture) and truncates a float picture in
[0, 1] to 0 (a black one). :func:`to_8bit` scales each mode to 0..255
instead, and lays a transparent picture over white, as a viewer shows it.
"""

import warnings
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from models.files import write_atomically
from models.training import runs

WRITABLE_SUFFIXES = (".bmp", ".jpeg", ".jpg", ".png", ".tif", ".tiff", ".webp")
# Pillow's own limit against decompression bombs (a small file that unpacks to gigabytes): about 89 megapixels.
MAX_PIXELS = Image.MAX_IMAGE_PIXELS
# The modes of one channel of grey, with or without transparency; every other mode becomes RGB.
GREY_MODES = ("1", "L", "LA", "La", "I", "I;16", "I;16L", "I;16B", "I;16N", "F")
SIXTEEN_BIT_MODES = ("I", "I;16", "I;16L", "I;16B", "I;16N")
UNREADABLE = (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError)


@contextmanager
def open_image(path):
    """Opens the image at ``path`` with Pillow, fully decoded, after checking its size from its header.

    Raises:
        ValueError: not an image Pillow can decode, or one of more than ``MAX_PIXELS`` pixels.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
    except Image.DecompressionBombError as error:
        raise too_large(path, "has far too many pixels") from error
    except UNREADABLE as error:
        raise ValueError(f"{path} is not an image that Pillow can read ({runs.first_line(error)})") from error
    with image:
        if image.width * image.height > MAX_PIXELS:
            raise too_large(path, f"is {image.width}x{image.height} pixels")
        try:
            image.load()
        except UNREADABLE as error:
            raise ValueError(f"{path} is not an image that Pillow can read ({runs.first_line(error)})") from error
        yield image


def too_large(path, size):
    return ValueError(f"{path} {size}, over the {MAX_PIXELS:,} we read (a decompression bomb?): shrink it first")


def read_image(path):
    """Reads an image file as a uint8 array: H x W x 1 for grey, H x W x 3 for colour.

    A photo's EXIF orientation is applied; see :func:`to_8bit` for the modes.

    Raises:
        ValueError: the file is missing, unreadable, too large or not an image.
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path}: no such image file")
    with open_image(path) as image:
        return to_8bit(ImageOps.exif_transpose(image))


def to_8bit(image):
    """A Pillow image of any mode as a uint8 array, H x W x 1 (grey modes) or H x W x 3.

    - 16-bit grey (``I;16``, and ``I`` as Pillow reads 16-bit PNGs): 0..65535 scaled to 0..255;
    - float (``F``): 0..1 scaled to 0..255 if every pixel is in [0, 1], else
      taken as 0..255 and clipped; NaN becomes 0;
    - with transparency (``LA``, ``RGBA``, ``PA``, ``P`` with a transparent
      colour): laid over white;
    - everything else (``1``, ``P``, ``CMYK``, ``YCbCr``, ...): Pillow's conversion to ``L`` or ``RGB``.
    """
    if image.mode in SIXTEEN_BIT_MODES:
        values = np.asarray(image).astype(np.float64) / 257.0
    elif image.mode == "F":
        values = np.nan_to_num(np.asarray(image, dtype=np.float64), nan=0.0)
        if values.min() >= 0 and values.max() <= 1:
            values = values * 255.0
    elif image.mode in ("LA", "La", "RGBA", "RGBa", "PA") or (image.mode == "P" and "transparency" in image.info):
        grey = image.mode in GREY_MODES
        pixels = np.asarray(image.convert("LA" if grey else "RGBA"), dtype=np.float64)
        colour, alpha = pixels[..., :-1], pixels[..., -1:] / 255.0
        values = colour * alpha + 255.0 * (1.0 - alpha)
    else:
        values = np.asarray(image.convert("L" if image.mode in GREY_MODES else "RGB"))
    array = np.clip(np.rint(values), 0, 255).astype(np.uint8)
    return array[..., None] if array.ndim == 2 else array


def check_writable_suffix(path):
    """Raises ValueError unless ``path`` ends in an image suffix we can write."""
    if Path(path).suffix.lower() not in WRITABLE_SUFFIXES:
        raise ValueError(f"cannot tell the image format of {path}: use one of {', '.join(WRITABLE_SUFFIXES)}")


def check_output_image(path, what="output"):
    """Raises ValueError unless an image can be written to ``path`` (suffix, folder, not a folder itself)."""
    runs.check_output_file(path, what)
    check_writable_suffix(path)
    return Path(path)


def write_image(array, path):
    """Writes a uint8 H x W x C array to ``path``; the suffix picks the format.

    The image goes to a temporary file first, then is renamed, so ``path`` is
    never left half-written.
    """
    path = check_output_image(path)
    image = Image.fromarray(array[..., 0] if array.shape[-1] == 1 else array)
    image_format = Image.registered_extensions()[path.suffix.lower()]
    return write_atomically(path, lambda temporary: image.save(temporary, format=image_format))
