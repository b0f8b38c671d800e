"""Training recipes: the learning-rate schedule and the overrides, checked by hand."""

import math

import numpy as np
import pytest

from models.spec import Recipe
from models.training.train import learning_rate_schedule


def cosine(step, steps, peak):
    return 0.5 * peak * (1 + math.cos(math.pi * step / steps))


def test_cosine_schedule_falls_from_the_peak_to_zero():
    rate = learning_rate_schedule(Recipe(epochs=5, batch_size=8, learning_rate=0.01), steps_per_epoch=7)
    for step in (0, 1, 17, 34, 35):
        assert float(rate(step)) == pytest.approx(cosine(step, 35, 0.01), rel=1e-6, abs=1e-9)


def test_warmup_climbs_linearly_then_the_cosine_takes_over():
    recipe = Recipe(epochs=5, batch_size=8, learning_rate=0.02, warmup_epochs=1)
    rate = learning_rate_schedule(recipe, steps_per_epoch=10)
    np.testing.assert_allclose([float(rate(step)) for step in (0, 5, 10)], [0, 0.01, 0.02], rtol=1e-6, atol=1e-9)
    for step in (20, 30, 49):
        assert float(rate(step)) == pytest.approx(cosine(step - 10, 40, 0.02), rel=1e-6, abs=1e-9)


def test_a_constant_schedule_is_the_number_itself():
    assert learning_rate_schedule(Recipe(epochs=3, batch_size=8, learning_rate=0.5, schedule="constant"), 4) == 0.5


@pytest.mark.parametrize(
    "arguments, fragment",
    [
        ({"warmup_epochs": 5}, "warmup_epochs must be fewer than the 5 epochs"),
        ({"warmup_epochs": 1, "schedule": "constant"}, "with 'constant'"),
        ({"label_smoothing": 1.0}, "label_smoothing must be in [0, 1), got 1.0"),
    ],
)
def test_bad_recipes_say_what_they_got(arguments, fragment):
    with pytest.raises(ValueError) as error:
        Recipe(**{"epochs": 5, "batch_size": 8, "learning_rate": 0.1, **arguments})
    assert fragment in str(error.value)
