"""Solution to exercise 23: a CNN made of the earlier solutions, trained on digits."""

import numpy as np

from solutions.ex06_activations import relu
from solutions.ex07_pooling import max_pool2d
from solutions.ex08_dense import dense, flatten
from solutions.ex11_im2col import conv2d_im2col
from solutions.ex12_backprop import conv2d_backward, max_pool2d_backward, relu_backward
from solutions.ex18_loss import softmax_cross_entropy
from solutions.ex19_optimizers import adam, sgd_momentum

OPTIMIZERS = ("sgd", "adam")
BATCH_SIZE, LEARNING_RATE = 32, 0.02


class NumpyCNN:
    def __init__(self, input_shape=(8, 8, 1), filters=(8, 16), num_classes=10, optimizer="adam",
                 learning_rate=LEARNING_RATE, seed=0):  # fmt: skip
        if optimizer not in OPTIMIZERS:
            raise ValueError(f"optimizer must be one of {OPTIMIZERS}, got {optimizer!r}")
        height, width, channels = input_shape
        if height % 4 or width % 4:
            raise ValueError(f"the two 2x2 poolings need a height and width divisible by 4, got {input_shape}")
        rng = np.random.default_rng(seed)

        def he_normal(*shape):  # keeps the activations' scale through ReLU layers
            return rng.normal(0.0, np.sqrt(2.0 / np.prod(shape[:-1])), shape)

        first, second = filters
        self.weights = [
            he_normal(3, 3, channels, first), np.zeros(first),
            he_normal(3, 3, first, second), np.zeros(second),
            he_normal(height // 4 * width // 4 * second, num_classes), np.zeros(num_classes),
        ]  # fmt: skip
        self.optimizer, self.learning_rate = optimizer, learning_rate
        self.slots = [(np.zeros_like(w), np.zeros_like(w)) for w in self.weights]  # velocity, or Adam's m and v
        self.steps = 0

    def get_weights(self):
        return [w.copy() for w in self.weights]

    def set_weights(self, weights):
        if [np.shape(w) for w in weights] != [w.shape for w in self.weights]:
            raise ValueError(f"weights must have the shapes {[w.shape for w in self.weights]}, "
                             f"got {[np.shape(w) for w in weights]}")  # fmt: skip
        self.weights = [np.array(w, dtype=np.float64) for w in weights]

    def forward(self, images):
        return self._forward(images)[0]

    def _forward(self, images):
        conv1, bias1, conv2, bias2, dense_weights, dense_bias = self.weights
        pre1 = conv2d_im2col(images, conv1, 1, "SAME") + bias1
        out1 = relu(pre1)
        pool1 = max_pool2d(out1, 2, 2, "VALID")
        pre2 = conv2d_im2col(pool1, conv2, 1, "SAME") + bias2
        out2 = relu(pre2)
        pool2 = max_pool2d(out2, 2, 2, "VALID")
        features = flatten(pool2)
        return dense(features, dense_weights, dense_bias), (images, pre1, out1, pool1, pre2, out2, pool2, features)

    def _gradients(self, cache, grad_logits):
        images, pre1, out1, pool1, pre2, out2, pool2, features = cache
        conv1, _, conv2, _, dense_weights, _ = self.weights
        grad_dense = features.T @ grad_logits
        grad_pool2 = (grad_logits @ dense_weights.T).reshape(pool2.shape)
        grad_pre2 = relu_backward(pre2, max_pool2d_backward(out2, grad_pool2, 2, 2, "VALID"))
        grad_pool1, grad_conv2 = conv2d_backward(pool1, conv2, grad_pre2, 1, "SAME")
        grad_pre1 = relu_backward(pre1, max_pool2d_backward(out1, grad_pool1, 2, 2, "VALID"))
        _, grad_conv1 = conv2d_backward(images, conv1, grad_pre1, 1, "SAME")
        return [grad_conv1, grad_pre1.sum(axis=(0, 1, 2)), grad_conv2, grad_pre2.sum(axis=(0, 1, 2)),
                grad_dense, grad_logits.sum(axis=0)]  # fmt: skip

    def train_step(self, images, labels):
        images = np.asarray(images, dtype=np.float64)
        logits, cache = self._forward(images)
        loss, grad_logits = softmax_cross_entropy(logits, labels)
        self.steps += 1
        for i, grad in enumerate(self._gradients(cache, grad_logits)):
            first, second = self.slots[i]
            if self.optimizer == "sgd":
                self.weights[i], first = sgd_momentum(self.weights[i], grad, first, self.learning_rate, momentum=0.0)
            else:
                self.weights[i], first, second = adam(self.weights[i], grad, first, second, self.steps,
                                                      self.learning_rate)  # fmt: skip
            self.slots[i] = (first, second)
        return float(loss)


def digits_splits(seed=0):
    """scikit-learn's digits in [0, 1], (n, 8, 8, 1), split 60/20/20 and stratified as the zoo's digits."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    images, labels = (digits.images / 16.0)[..., None], digits.target
    rest, test = train_test_split(np.arange(len(labels)), test_size=0.2, stratify=labels, random_state=seed)
    train, validation = train_test_split(rest, test_size=0.25, stratify=labels[rest], random_state=seed)
    return {name: (images[index], labels[index]) for name, index in
            (("train", train), ("validation", validation), ("test", test))}  # fmt: skip


def train_numpy_cnn(epochs, seed):
    images, labels = digits_splits()["train"]
    network = NumpyCNN(learning_rate=LEARNING_RATE, seed=seed)
    rng = np.random.default_rng(seed)
    for epoch in range(epochs):
        # Cosine decay: big steps first, ever smaller ones to settle at the end.
        network.learning_rate = LEARNING_RATE * (1 + np.cos(np.pi * epoch / epochs)) / 2
        order = rng.permutation(len(labels))
        for start in range(0, len(order), BATCH_SIZE):
            batch = order[start : start + BATCH_SIZE]
            network.train_step(images[batch], labels[batch])
    return network
