"""Training recipes: the learning-rate schedule and the overrides, checked by hand."""

import dataclasses
import math
import sys

import numpy as np
import pytest

from models.arguments import MAX_EPOCHS
from models.registry import available_models, get_spec
from models.spec import Recipe
from models.training.train import learning_rate_schedule, train


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


@pytest.mark.parametrize(
    "epochs, warmup", [(1, 0), (2, 0), (13, 0), (14, 1), (27, 1), (28, 2), (MAX_EPOCHS, MAX_EPOCHS // 14)]
)
def test_other_epochs_keep_the_warmups_share_of_the_run_rounded_down(epochs, warmup):
    recipe = Recipe(epochs=14, batch_size=64, learning_rate=0.02, warmup_epochs=1, label_smoothing=0.1)
    assert recipe.for_epochs(epochs) == Recipe(
        epochs=epochs, batch_size=64, learning_rate=0.02, warmup_epochs=warmup, label_smoothing=0.1
    )


@pytest.mark.parametrize("name", available_models("classifier"))
def test_every_recipe_can_be_shortened_to_one_epoch_or_stretched(name):
    recipe = get_spec(name).recipe
    assert recipe.for_epochs(recipe.epochs) == recipe
    for epochs in (1, 2, recipe.epochs - 1, recipe.epochs + 1, MAX_EPOCHS):
        scaled = recipe.for_epochs(epochs)  # a Recipe checks its fields when it is made
        assert scaled.epochs == epochs and 0 <= scaled.warmup_epochs < epochs
    assert recipe.for_epochs(1).warmup_epochs == 0


def test_train_records_the_scaled_warmup_and_says_so(tmp_path, picture_folder, capsys, monkeypatch):
    spec = get_spec("lenet")
    recipe = Recipe(epochs=14, batch_size=64, learning_rate=0.02, warmup_epochs=1)
    monkeypatch.setattr(sys.modules[spec.builder.__module__], "SPEC", dataclasses.replace(spec, recipe=recipe))
    metrics = train("lenet", tmp_path / "run", dataset=str(picture_folder), epochs=1, input_shape=(16, 16, 1))
    assert metrics["epochs"] == 1 and metrics["warmup_epochs"] == 0
    assert "warm-up scaled with the epochs: 0 of 1 (lenet's recipe: 1 of 14)" in capsys.readouterr().out.splitlines()
