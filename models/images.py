"""Reading, blurring and writing real image files (JPEG, PNG, ...)."""

import os
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from models.blur import blur

WRITABLE_SUFFIXES = (".bmp", ".jpeg", ".jpg", ".png", ".tif", ".tiff", ".webp")


def read_image(path):
    """Reads an image file as a uint8 array: H x W x 3 for colour, H x W x 1 for grey.

    Raises:
        ValueError: the file is missing, unreadable or not an image.
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path}: no such image file")
    try:
        with Image.open(path) as image:
            image.load()
            grey = image.mode in ("1", "L", "I", "I;16", "F")
            image = image.convert("L" if grey else "RGB")
    except (UnidentifiedImageError, OSError) as error:
        raise ValueError(f"{path} is not an image that Pillow can read ({error})") from error
    array = np.asarray(image, dtype=np.uint8)
    return array[..., None] if array.ndim == 2 else array


def check_writable_suffix(path):
    """Raises ValueError unless ``path`` ends in an image suffix we can write."""
    if Path(path).suffix.lower() not in WRITABLE_SUFFIXES:
        raise ValueError(
            f"cannot tell the image format of {path}: use one of {', '.join(WRITABLE_SUFFIXES)}"
        )


def write_image(array, path):
    """Writes a uint8 H x W x C array to ``path``; the suffix picks the format.

    The image goes to a temporary file first, then is renamed, so ``path`` is
    never left half-written.
    """
    path = Path(path)
    check_writable_suffix(path)
    image = Image.fromarray(array[..., 0] if array.shape[-1] == 1 else array)
    temporary = path.with_name(f".{path.name}.tmp")
    image.save(temporary, format=Image.registered_extensions()[path.suffix.lower()])
    os.replace(temporary, path)


def blur_array(image, size=5):
    """Blurs a uint8 H x W x C image with the zoo's ``blur`` model.

    Returns:
        The blurred image, uint8, same shape.
    """
    model = blur(input_shape=(None, None, image.shape[-1]), kernel_size=size)
    blurred = model(image[None].astype("float32"), training=False)[0]
    return np.clip(np.rint(np.asarray(blurred)), 0, 255).astype(np.uint8)


def blur_file(source, destination, size=5):
    """Reads ``source``, blurs it with a size x size box filter and writes ``destination``."""
    check_writable_suffix(destination)
    blurred = blur_array(read_image(source), size)
    write_image(blurred, destination)
    return blurred
