"""What a model file in ``models/zoo/`` declares beside its builder: its spec.

A spec says what the model is (its name, its builder, its kind, the input
shape it is built with) and, for a model that learns, how to train it: the
recipe that reaches its benchmark target (on ``digits`` for a classifier, on
``digit_scenes`` for a segmenter or a detector). The registry, the
command line, training and the tests read specs; nothing else keeps a list of
the models. This module imports nothing heavy, so reading a spec is quick.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace

# What a model says about an image: one class for it, a class per pixel, boxes with classes, or a new image.
KINDS = ("classifier", "segmenter", "detector", "filter")
TRAINED_KINDS = ("classifier", "segmenter", "detector")  # the kinds `python -m models train` trains
SCHEDULES = ("constant", "cosine")


@dataclass(frozen=True)
class Recipe:
    """The training defaults of a model that learns; ``python -m models train`` options override some.

    Attributes:
        epochs: passes over the training split.
        batch_size: images per gradient step.
        learning_rate: Adam's (peak) step size.
        schedule: ``"constant"``, or ``"cosine"``: the rate falls from
            ``learning_rate`` to 0 along half a cosine over the whole run, so
            the last epochs take small, careful steps.
        warmup_epochs: epochs over which the rate first climbs from 0 to
            ``learning_rate`` (0 for none), so that a large rate does not
            throw the freshly initialised weights about.
        label_smoothing: the share of each label spread over the other
            classes (0 for none): the model is not pushed to be 100% sure,
            which it never should be about a blurry 8x8 digit.
        weight_decay: AdamW's decoupled weight decay (0 for plain Adam).
    """

    epochs: int
    batch_size: int
    learning_rate: float
    schedule: str = "cosine"
    warmup_epochs: int = 0
    label_smoothing: float = 0.0
    weight_decay: float = 0.0

    def __post_init__(self):
        if self.schedule not in SCHEDULES:
            raise ValueError(f"schedule must be one of {', '.join(SCHEDULES)}, got {self.schedule!r}")
        if self.warmup_epochs and (self.schedule != "cosine" or not 0 <= self.warmup_epochs < self.epochs):
            raise ValueError(
                f"warmup_epochs must be fewer than the {self.epochs} epochs, with the cosine schedule; "
                f"got {self.warmup_epochs!r} with {self.schedule!r}"
            )
        if not 0 <= self.label_smoothing < 1:
            raise ValueError(f"label_smoothing must be in [0, 1), got {self.label_smoothing!r}")

    def for_epochs(self, epochs):
        """This recipe stretched or shrunk to ``epochs``, as ``--epochs`` asks.

        The schedule is a shape over the whole run, so the warm-up keeps its
        share of it: ``warmup_epochs * epochs / self.epochs``, rounded down to
        whole epochs. That is never all of the run (a valid recipe warms up for
        fewer than its epochs), and it is none for a single epoch: MobileNet's
        1 of 14 epochs is 0 of 1 to 13 and 2 of 28. The other fields do not
        depend on the length of the run.
        """
        return replace(self, epochs=epochs, warmup_epochs=self.warmup_epochs * epochs // self.epochs)


@dataclass(frozen=True)
class ModelSpec:
    """One zoo model: what ``models.build(name)`` calls, and how to train it.

    Attributes:
        name: the name the registry and the command line know it by; the
            same as its file's name in ``models/zoo/``.
        builder: the function that builds it, ``builder(input_shape=..., **kwargs)``.
        kind: ``"classifier"`` (a class per image), ``"segmenter"`` (a class
            per pixel), ``"detector"`` (boxes with classes), all three trained by
            ``python -m models train``; or ``"filter"`` (fixed weights, nothing to train).
        input_shape: the (height, width, channels) it is built with by default.
        recipe: the training defaults (every kind but filters).
        gradcam_layer: the layer whose feature maps Grad-CAM weighs, in the
            model as built by default (classifiers only): its last layer whose
            output still has rows and columns, pooling left out.
            :func:`models.pictures.gradcam.last_conv_layer` finds that layer in
            any model (a ``.keras`` file, another depth); the spec names it, so
            that the tests check that rule against every model's own answer.
    """

    name: str
    builder: Callable
    kind: str
    input_shape: tuple
    recipe: Recipe | None = None
    gradcam_layer: str | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {self.kind!r}")
        if (self.kind in TRAINED_KINDS) != (self.recipe is not None):
            raise ValueError(f"{self.name}: a {self.kind} needs a recipe" if self.recipe is None
                             else f"{self.name}: a filter has no recipe")  # fmt: skip
