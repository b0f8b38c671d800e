"""The zoo's names: ``build("lenet")`` instead of importing each builder."""

import inspect
from pathlib import Path

import keras

from models.blur import blur
from models.lenet import lenet
from models.vgg import vgg

BUILDERS = {"blur": blur, "lenet": lenet, "vgg": vgg}
CLASSIFIERS = ("lenet", "vgg")


def available_models():
    """The names ``build`` accepts, sorted."""
    return sorted(BUILDERS)


def build(name, **kwargs):
    """Builds the zoo model called ``name`` with the builder's keyword arguments.

    Raises:
        ValueError: for an unknown name; the message lists the known ones.
    """
    return BUILDERS[check_model_name(name)](**kwargs)


def check_model_name(name, allowed=None):
    """Returns ``name`` if it is one of ``allowed`` (default: every model), else
    raises ValueError listing the names it accepts."""
    allowed = available_models() if allowed is None else sorted(allowed)
    if name not in allowed:
        raise ValueError(f"unknown model {name!r}; available models: {', '.join(allowed)}")
    return name


def default_input_shape(name):
    """The input shape model ``name`` is built with when none is given."""
    check_model_name(name)
    return inspect.signature(BUILDERS[name]).parameters["input_shape"].default


def load_saved_model(path):
    """Loads a ``.keras`` file, raising ValueError if it is missing or not a model."""
    path = Path(path)
    if path.suffix != ".keras" or not path.is_file():
        raise ValueError(f"{path} is not a .keras model file")
    try:
        return keras.models.load_model(path)
    except Exception as error:  # Keras raises many kinds for a damaged file
        raise ValueError(f"cannot load a model from {path}: {error}") from error
