"""Argument checks shared by the model builders, the data pipelines and the CLI.

Each check raises ``ValueError`` that says what it received and what it accepts.
"""


def check_positive_int(name, value):
    """Returns ``value`` if it is an int of at least 1, else raises ValueError."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return value


def check_image_shape(model, input_shape, min_size, channels=(1, 3)):
    """Checks an (height, width, channels) input shape for ``model``.

    Args:
        model: the model's name, for the message.
        input_shape: the shape to check.
        min_size: the smallest height and width the model can take.
        channels: the channel counts the model accepts.

    Returns:
        ``input_shape`` as a tuple of ints.
    """
    shape = tuple(input_shape) if isinstance(input_shape, (tuple, list)) else None
    if (
        shape is None
        or len(shape) != 3
        or not all(isinstance(d, int) and not isinstance(d, bool) for d in shape)
        or shape[0] < min_size
        or shape[1] < min_size
        or shape[2] not in channels
    ):
        accepted = " or ".join(str(c) for c in channels)
        raise ValueError(
            f"{model} cannot take input shape {input_shape!r}: it needs (height, width, channels) "
            f"with height and width of at least {min_size} and {accepted} channels"
        )
    return shape
