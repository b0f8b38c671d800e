"""The zoo's catalogue: every file ``models/zoo/NAME.py`` is one model with a ``SPEC``.

Adding a model is adding one file; nothing here names a model.

Two ways in, a cheap one and a full one:

- :func:`available_models` reads the model files' *source* (the ``name`` and
  ``kind`` of each ``SPEC = ModelSpec(...)``) without running them. Running a
  model file imports Keras, and so TensorFlow, which takes seconds; listing the
  zoo or checking a command line must not wait for that.
- :func:`get_spec` and :func:`build` import the model's file and use its spec.

And one for the way back from a file: :func:`register_custom_layers`, which
every loader of a ``.keras`` file calls first.
"""

import ast
import importlib
from functools import cache
from pathlib import Path

ZOO = Path(__file__).resolve().parent / "zoo"
CATALOGUE_FIELDS = ("name", "kind")


@cache
def catalogue():
    """``{name: kind}`` for every model file in ``models/zoo/``, read without importing them."""
    entries = {}
    for path in sorted(ZOO.glob("[!_]*.py")):
        fields = spec_fields(path)
        if fields.get("name") != path.stem:
            raise ValueError(f"{path}: its SPEC must be named {path.stem!r} after its file, got {fields.get('name')!r}")
        entries[path.stem] = fields["kind"]
    return entries


def spec_fields(path):
    """The literal ``name`` and ``kind`` arguments of ``SPEC = ModelSpec(...)`` in ``path``."""
    for node in ast.parse(path.read_text(), filename=str(path)).body:
        if (
            isinstance(node, ast.Assign)
            and [getattr(target, "id", None) for target in node.targets] == ["SPEC"]
            and isinstance(node.value, ast.Call)
        ):
            keywords = {keyword.arg: keyword.value for keyword in node.value.keywords}
            return {field: ast.literal_eval(keywords[field]) for field in CATALOGUE_FIELDS if field in keywords}
    raise ValueError(f"{path} defines no SPEC = ModelSpec(...)")


def available_models(*kinds):
    """The names ``build`` accepts, sorted; only those of the ``kinds`` given, if any
    (``models.spec.KINDS``: "classifier", "segmenter", "detector", "filter")."""
    return sorted(name for name, kind in catalogue().items() if not kinds or kind in kinds)


def check_model_name(name, *kinds):
    """Returns ``name`` if it is a model (of one of ``kinds``, if any are given), else raises
    ValueError listing the names it accepts."""
    allowed = available_models(*kinds)
    if name not in allowed:
        if len(kinds) > 1:
            kinds = (f"{', '.join(kinds[:-1])} or {kinds[-1]}",)
        what = f"{kinds[0]} " if kinds else ""
        raise ValueError(f"unknown {what}model {name!r}; available: {', '.join(allowed)}")
    return name


def get_spec(name):
    """The :class:`~models.spec.ModelSpec` of model ``name`` (imports its file, and so Keras)."""
    return importlib.import_module(f"models.zoo.{check_model_name(name)}").SPEC


def build(name, **kwargs):
    """Builds the zoo model called ``name``; ``kwargs`` go to its builder.

    Raises:
        ValueError: an unknown name (the message lists the known ones), or an
            argument the builder rejects.
    """
    spec = get_spec(name)
    kwargs.setdefault("input_shape", spec.input_shape)
    return spec.builder(**kwargs)


def register_custom_layers():
    """Makes Keras know every custom layer a zoo model can hold, by importing every model file.

    A ``.keras`` file names each layer's class, and Keras loads a custom class
    (``ZeroPadShortcut``, ``FixedFilter``...) only if its module has been
    imported: the import is what registers it
    (``keras.saving.register_keras_serializable``). A model file imports the
    modules its layers come from, wherever they are defined (``models.blocks``
    or the model file itself), so after this call a fresh process loads any
    zoo model. Imports Keras.
    """
    for name in available_models():
        get_spec(name)
