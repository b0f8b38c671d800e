"""Argument checks shared by the model builders, the data pipelines and the CLI.

Each check raises ``ValueError`` that says what it received and what it accepts.
None of them imports TensorFlow, so the command line runs them first.
"""

import math

# The largest height or width a model input may have: the zoo's models are made for small pictures.
MAX_IMAGE_SIDE = 1024
# The memory budget of one training batch: batch size x height x width x channels, in pixel values.
# 64 colour images of 256x256 fit; their activations take a few GiB in the zoo's deeper models.
MAX_BATCH_VALUES = 64 * 256 * 256 * 3
MAX_SEED = 2**32 - 1  # what NumPy's and TensorFlow's random generators take
# Above these a typo is likelier than a wish: 10,000 epochs of digits take days.
MAX_EPOCHS = 10_000
MAX_BATCH_SIZE = 65_536


def check_positive_int(name, value, maximum=None):
    """Returns ``value`` if it is an int of at least 1 (and at most ``maximum``), else raises ValueError."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum:,}, got {value!r}")
    return value


def check_seed(seed):
    """Returns ``seed`` if it is an int from 0 to 2**32 - 1, else raises ValueError."""
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed must be an integer from 0 to {MAX_SEED}, got {seed!r}")
    return seed


def check_learning_rate(value):
    """Returns ``value`` if it is a positive finite number, else raises ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < math.inf:
        raise ValueError(f"learning_rate must be a positive finite number, got {value!r}")
    return float(value)


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
        or not min_size <= shape[0] <= MAX_IMAGE_SIDE
        or not min_size <= shape[1] <= MAX_IMAGE_SIDE
        or shape[2] not in channels
    ):
        accepted = " or ".join(str(c) for c in channels)
        raise ValueError(
            f"{model} cannot take input shape {input_shape!r}: it needs (height, width, channels) "
            f"with height and width from {min_size} to {MAX_IMAGE_SIDE} and {accepted} channels"
        )
    return shape


def check_image_shape_budget(input_shape, batch_size):
    """Raises ValueError if a batch of ``batch_size`` images of ``input_shape`` is over the memory budget."""
    values = batch_size
    for size in input_shape:
        values *= size
    if values > MAX_BATCH_VALUES:
        raise ValueError(
            f"a batch of {batch_size} images of {'x'.join(map(str, input_shape))} is too large to train "
            f"({values:,} pixel values; at most {MAX_BATCH_VALUES:,}): choose a smaller --input-shape or --batch-size"
        )


def check_kernel_fits(size, height, width):
    """Raises ValueError unless a size x size kernel fits in a height x width image."""
    if size > min(height, width):
        raise ValueError(
            f"blur size {size} is larger than the image ({width}x{height}): choose at most {min(height, width)}"
        )
