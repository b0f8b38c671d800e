import keras
import pytest

import models
from exercises.harness import check_equal, describe, load
from models import data

build_lenet = load("ex14_lenet").build_lenet


def layer_shapes(model):
    return [tuple(layer.output.shape[1:]) for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]


@pytest.mark.parametrize("input_shape, num_classes", [((32, 32, 1), 10), ((28, 28, 3), 5)])
def test_same_shapes_and_parameters_as_the_zoo(input_shape, num_classes):
    mine = build_lenet(input_shape=input_shape, num_classes=num_classes)
    zoo = models.build("lenet", input_shape=input_shape, num_classes=num_classes)
    case = describe(input_shape=input_shape, num_classes=num_classes)
    check_equal(layer_shapes(mine), layer_shapes(zoo), f"layer output shapes, {case}")
    check_equal(mine.count_params(), zoo.count_params(), f"parameter count, {case}")


def test_it_trains():
    keras.utils.set_random_seed(0)
    splits = data.load("digits", (32, 32, 1), batch_size=32)
    model = build_lenet()
    model.compile(optimizer=keras.optimizers.Adam(2e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])  # fmt: skip
    history = model.fit(splits.train, validation_data=splits.validation, epochs=3, verbose=0)
    assert history.history["val_accuracy"][-1] > 0.5
