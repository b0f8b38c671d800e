"""Solution to exercise 15: LeNet on digits, with a learning rate that decays."""

import math

import keras

from models.training import data
from solutions.ex14_lenet import build_lenet

EPOCHS, BATCH_SIZE = 10, 32
TRAIN_IMAGES = len(data.digits_arrays()["train"][1])


def train_digits():
    keras.utils.set_random_seed(0)
    splits = data.load("digits", (32, 32, 1), batch_size=BATCH_SIZE)
    model = build_lenet()
    # Big steps first, small ones at the end: cosine decay from 3e-3 to 0 over the whole run.
    steps = EPOCHS * math.ceil(TRAIN_IMAGES / BATCH_SIZE)
    learning_rate = keras.optimizers.schedules.CosineDecay(3e-3, decay_steps=steps)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    model.fit(splits.train, validation_data=splits.validation, epochs=EPOCHS, verbose=0)
    return model
