"""A small zoo of Keras CNNs built from shared blocks: LeNet, a small VGG and a blur filter.

    >>> import models
    >>> model = models.build("lenet")
    >>> models.available_models()
    ['blur', 'lenet', 'vgg']
"""

from models.quiet import import_tensorflow

import_tensorflow()

from models.registry import CLASSIFIERS, available_models, build  # noqa: E402

__all__ = ["CLASSIFIERS", "available_models", "build"]
