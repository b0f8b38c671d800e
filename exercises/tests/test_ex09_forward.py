import numpy as np
import pytest
import tensorflow as tf

from course.failures import Crashed, Failure, Mismatch, NotStarted
from course.harness import compare, describe, load, rejects
from course.oracles import common
from course.oracles import ex09_forward as oracle

forward = load("ex09_forward").forward
conv2d = load("ex05_conv2d").conv2d
activations, pooling, dense_layers = load("ex06_activations"), load("ex07_pooling"), load("ex08_dense")


def tf_stages(images, kernel, conv_bias, dense_weights, dense_bias):
    """Each stage of the forward pass in TensorFlow: (name, your function, its input, TF's output)."""
    conv = common.conv2d(images, kernel) + conv_bias
    relu = tf.nn.relu(conv).numpy()
    pool = common.max_pool2d(relu, 2, 2, "VALID")
    flat = pool.reshape(len(pool), -1)
    logits = flat @ dense_weights + dense_bias
    return [
        ("conv", "conv2d of exercise 5", lambda: conv2d(images, kernel, 1, "VALID") + conv_bias, conv),
        ("relu", "relu of exercise 6", lambda: activations.relu(conv), relu),
        ("pool", "max_pool2d of exercise 7", lambda: pooling.max_pool2d(relu, 2, 2, "VALID"), pool),
        ("flatten", "flatten of exercise 8", lambda: dense_layers.flatten(pool), flat),
        ("dense", "dense of exercise 8", lambda: dense_layers.dense(flat, dense_weights, dense_bias), logits),
        ("softmax", "softmax of exercise 6", lambda: activations.softmax(logits), tf.nn.softmax(logits).numpy()),
    ]


def stage_report(stages):
    """Which stage first differs from TensorFlow, checked with the student's own functions."""
    for stage, function, mine, expected in stages:
        try:
            compare(mine(), expected, f"stage {stage}")
        except (Failure, NotStarted) as problem:
            first_line = str(problem).splitlines()[-1].strip()
            return [f"Stage by stage with your own functions, the first that differs from TensorFlow is "
                    f"{stage}: your {function} ({first_line}). Fix that exercise first."]  # fmt: skip
    return ["Stage by stage, each of your own functions gives TensorFlow's answer, so the mistake is in "
            "how forward chains them: conv2d (VALID) + conv_bias -> relu -> max_pool2d (2, 2, VALID) -> "
            "flatten -> dense -> softmax."]  # fmt: skip


@pytest.mark.parametrize(
    "kernel_size, filters, classes, batch, image_shape",
    [(3, 4, 10, 2, (28, 28, 1)), (5, 2, 3, 1, (28, 28, 1)), (4, 3, 10, 3, (28, 28, 1)),
     ((3, 4), 3, 5, 2, (19, 26, 3))],  # colour images and a kernel that are not square, an odd height
)  # fmt: skip
def test_forward_matches_keras_with_the_same_weights(kernel_size, filters, classes, batch, image_shape):
    model = oracle.keras_model(kernel_size, filters, classes, image_shape)
    rng = np.random.default_rng(kernel_size)
    weights = [rng.normal(scale=0.5, size=w.shape) for w in model.get_weights()]
    model.set_weights(weights)
    images = rng.uniform(size=(batch, *image_shape))
    expected = model(images).numpy()
    try:
        compare(forward(images, *weights), expected,
                describe(images=images.shape, conv_kernel=weights[0].shape, dense_weights=weights[2].shape),
                mistakes=oracle.forward_mistakes(images, *weights))  # fmt: skip
    except (Mismatch, Crashed) as failure:  # a crash too: a stage's wrong shape may make a later one fail
        failure.args = (str(failure) + "\n  " + "\n  ".join(stage_report(tf_stages(images, *weights))),)
        raise


def test_bad_bias_raises_value_error():
    rejects(lambda: forward(np.ones((1, 28, 28, 1)), np.ones((3, 3, 1, 4)), np.ones(3), np.ones((676, 10)),
                            np.ones(10)), "3 conv biases for 4 filters")  # fmt: skip
