"""Exercise 15, train a CNN on digits: the labels the trained model is scored on, and the bars it must clear.

The student's ``train_digits()`` runs in its own process (``course/keras_drivers.py`` returns the
model's predictions on the digits test split, its epochs and its seconds).
"""

from models.training import data

TARGET_ACCURACY = 0.97  # on the 360 digits of the test split
MAX_EPOCHS = 10
MAX_SECONDS = 120  # training, on a laptop CPU


def digits_test_labels():
    """The labels of the digits test split: the answers the model's predictions are scored against."""
    return data.digits_arrays()["test"][1]
