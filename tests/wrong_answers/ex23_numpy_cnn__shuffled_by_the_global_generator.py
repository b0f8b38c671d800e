"""train_numpy_cnn drew random numbers from NumPy's global generator"""

import numpy as np

from solutions.ex23_numpy_cnn import BATCH_SIZE, LEARNING_RATE, NumpyCNN, digits_splits  # noqa: F401  (checked too)


def train_numpy_cnn(epochs, seed):
    images, labels = digits_splits()["train"]
    network = NumpyCNN(learning_rate=LEARNING_RATE, seed=seed)
    np.random.seed(seed)  # seeds the global generator: the caller's random numbers change too
    for epoch in range(epochs):
        network.learning_rate = LEARNING_RATE * (1 + np.cos(np.pi * epoch / epochs)) / 2
        order = np.random.permutation(len(labels))
        for start in range(0, len(order), BATCH_SIZE):
            batch = order[start : start + BATCH_SIZE]
            network.train_step(images[batch], labels[batch])
    return network
