"""A small zoo of Keras CNNs built from shared blocks, and the tools to train and look at them.

    >>> import models
    >>> models.available_models("classifier")  # doctest: +ELLIPSIS
    [..., 'resnet', ...]
    >>> model = models.build("resnet", depth=20)
    >>> model.name, model.count_params()
    ('resnet20', 271098)

``models/zoo/`` holds one file per model (its builder and its spec),
:mod:`models.blocks` the blocks they share and :mod:`models.registry` the
catalogue. The tools sit beside the zoo: ``models/training/`` (datasets, image
files, ``model.fit`` runs, predictions), ``models/pictures/`` (figures,
Grad-CAM) and the command line (``python -m models``). Importing ``models``
does not import TensorFlow; building a model does.
"""

from models.registry import available_models, build, get_spec

__all__ = ["available_models", "build", "get_spec"]
