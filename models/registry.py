"""The zoo's names: ``build("lenet")`` instead of importing each builder."""

import inspect

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
