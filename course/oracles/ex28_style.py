"""Exercise 28, neural style: TensorFlow's Gram matrices, costs and random-filter features, and the known mistakes.

Every answer is computed in float64: the Gram matrices with ``tf.linalg.matmul`` (the solution uses
``tf.einsum``), and the gradients with ``tf.GradientTape``. Each ``*_mistakes`` function returns
``(explanation, compute)`` pairs for :func:`course.harness.compare`.
"""

import numpy as np
import tensorflow as tf

from course.oracles.common import avg_pool2d, conv2d


def float64(x):
    return tf.constant(np.asarray(x), tf.float64)


# The divisor of the Gram matrix, for the right answer and for the known mistakes: (H, W, C) -> a number.
DIVISORS = {
    "H*W": lambda h, w, c: h * w,
    "1": lambda h, w, c: 1,
    "C": lambda h, w, c: c,
    "H*W*C": lambda h, w, c: h * w * c,
}


def gram_matrix(features, divisor="H*W", channels_first=False):
    """(N, H, W, C) -> (N, C, C): F^T F / (H*W) with F the (N, H*W, C) matrix of each image's positions.

    ``channels_first`` flattens as a plain reshape to (N, C, H*W) would (the mistake), ``divisor``
    names another divisor (a mistake too)."""
    x = float64(features)
    n, h, w, c = x.shape
    if channels_first:  # the rows of this "F" mix positions and channels: no channel stays a channel
        f = tf.reshape(x, (n, c, h * w))
        product = tf.linalg.matmul(f, f, transpose_b=True)
    else:
        f = tf.reshape(x, (n, h * w, c))
        product = tf.linalg.matmul(f, f, transpose_a=True)
    return (product / DIVISORS[divisor](h, w, c)).numpy()


GRAM_MISTAKES = {
    ("1", False): "the Gram matrix was not divided by H*W. Each entry sums H*W products, so a larger "
    "feature map would weigh more: divide by H*W, the number of positions.",
    ("C", False): "the Gram matrix was divided by C, the channels. It sums over the H*W positions, so divide by H*W.",
    ("H*W*C", False): "the Gram matrix was divided by H*W*C. It sums over the H*W positions only: divide by H*W.",
    ("H*W", True): "the features were flattened channels first by a plain reshape to (N, C, H*W). A reshape "
    "does not move the channels: on NHWC its rows mix positions and channels. Reshape to (N, H*W, C) and "
    "compute F^T F (or transpose to NCHW before reshaping).",
}


def gram_mistakes(features):
    return [(explanation, lambda mistake=mistake: gram_matrix(features, *mistake))
            for mistake, explanation in GRAM_MISTAKES.items()]  # fmt: skip


def content_cost(a_C, a_G, scale="4*H*W*C"):
    """sum((a_C - a_G)**2) / (4*H*W*C); ``scale`` "1" (no factor) or "mean" (divided by the size) for the mistakes."""
    a_C, a_G = float64(a_C), float64(a_G)
    n, h, w, c = a_C.shape
    divisor = {"4*H*W*C": 4 * h * w * c, "1": 1, "mean": n * h * w * c}[scale]
    return float(tf.reduce_sum(tf.square(a_C - a_G)) / divisor)


CONTENT_MISTAKES = {
    "1": "the content cost was not divided by 4*H*W*C. The sum of squared differences grows with the "
    "layer's size: divide it by 4 * H * W * C (of one image; the batch is summed).",
    "mean": "the content cost is a mean. It is the sum of the squared differences divided by 4 * H * W * C, "
    "of one image: not by the number of values, and with the 4.",
}


def content_mistakes(a_C, a_G):
    return [(explanation, lambda scale=scale: content_cost(a_C, a_G, scale))
            for scale, explanation in CONTENT_MISTAKES.items()]  # fmt: skip


def layer_style_cost(a_S, a_G, gram=("H*W", False)):
    """One layer's sum((G_S - G_G)**2) / (4*C**2), with the Gram matrix computed right or as ``gram`` says."""
    c = np.shape(a_S)[-1]
    return float(np.sum((gram_matrix(a_S, *gram) - gram_matrix(a_G, *gram)) ** 2) / (4 * c**2))


def style_cost(style_features, generated_features, weights, gram=("H*W", False), combine="weighted sum"):
    """The sum over layers of weight * the layer's cost; ``combine`` "unweighted" or "weighted mean" for the
    mistakes."""
    costs = [layer_style_cost(a_S, a_G, gram) for a_S, a_G in zip(style_features, generated_features, strict=True)]
    if combine == "unweighted":
        return float(np.sum(costs))
    total = float(np.dot(weights, costs))
    return total / len(costs) if combine == "weighted mean" else total


STYLE_MISTAKES = {
    "unweighted": "the layers' costs were added without their weights. Each layer's cost is multiplied by "
    "its weight before the sum: sum of weights[l] * J_layer[l].",
    "weighted mean": "the style cost is the mean of the weighted layer costs. It is their sum: the weights "
    "already say how much each layer counts.",
}


def style_mistakes(style_features, generated_features, weights):
    """The combination mistakes, then each Gram mistake carried into the cost."""
    args = style_features, generated_features, weights
    mistakes = [(explanation, lambda combine=combine: style_cost(*args, combine=combine))
                for combine, explanation in STYLE_MISTAKES.items()]  # fmt: skip
    mistakes += [(f"in its Gram matrices, {explanation}", lambda gram=gram: style_cost(*args, gram=gram))
                 for gram, explanation in GRAM_MISTAKES.items()]  # fmt: skip
    return mistakes


def total_cost(J_content, J_style, alpha=10, beta=40):
    return float(alpha * J_content + beta * J_style)


TOTAL_SWAPPED = (
    "alpha and beta were swapped. alpha weighs the content cost, beta the style cost: "
    "alpha * J_content + beta * J_style."
)


def total_mistakes(J_content, J_style, alpha=10, beta=40):
    return [(TOTAL_SWAPPED, lambda: total_cost(J_content, J_style, beta, alpha))]


def cost_gradients(cost, features):
    """The gradient of ``cost(variables)`` with respect to each array of ``features``, by tf.GradientTape."""
    variables = [tf.Variable(float64(value)) for value in features]
    with tf.GradientTape() as tape:
        value = cost(variables)
    return [gradient.numpy() for gradient in tape.gradient(value, variables)]


def style_gradients(style_features, generated_features, weights):
    """d style_cost / d each generated feature map, from the costs' formulas written with TF's ops here."""

    def gram(x):
        n, h, w, c = x.shape
        f = tf.reshape(x, (n, h * w, c))
        return tf.linalg.matmul(f, f, transpose_a=True) / (h * w)

    def cost(variables):
        return tf.add_n([weight * tf.reduce_sum(tf.square(gram(float64(a_S)) - gram(a_G))) / (4 * a_G.shape[-1] ** 2)
                         for a_S, a_G, weight in zip(style_features, variables, weights, strict=True)])  # fmt: skip

    return cost_gradients(cost, generated_features)


def content_gradients(a_C, a_G):
    """[d content_cost / d a_G], by tf.GradientTape."""
    n, h, w, c = np.shape(a_C)
    return cost_gradients(lambda v: tf.reduce_sum(tf.square(float64(a_C) - v[0])) / (4 * h * w * c), [a_G])


def texture_features(images, filters, pool_first=False, pool=True):
    """Each layer's output: relu(conv2d(x, kernel, SAME)), x average-pooled 2x2 before every layer but the
    first. ``pool_first`` pools before the first too, ``pool=False`` never (the mistakes)."""
    x = np.asarray(images, np.float64)
    features = []
    for i, kernel in enumerate(filters):
        if pool and (i or pool_first):
            x = avg_pool2d(x, 2, 2, "VALID")
        x = tf.nn.relu(conv2d(x, kernel, 1, "SAME")).numpy()
        features.append(x)
    return features


FEATURE_MISTAKES = {
    "pool_first": "the images were pooled before the first layer too. The first layer sees the image at "
    "full size; average-pool 2x2 before each later layer.",
    "pool": "the layers were not pooled. Before each layer but the first, tf.nn.avg_pool2d(x, 2, 2, 'VALID') "
    "halves the height and width: a deeper layer sees larger patterns.",
}


def feature_mistakes(images, filters, layer):
    variants = {"pool_first": {"pool_first": True}, "pool": {"pool": False}}
    return [(FEATURE_MISTAKES[name], lambda kwargs=kwargs: texture_features(images, filters, **kwargs)[layer])
            for name, kwargs in variants.items()]  # fmt: skip


def random_filters(shapes, seed):
    """A fixed network's filters: He-normal random kernels of these HWIO shapes, float32, from ``seed``."""
    rng = np.random.default_rng(seed)
    return [rng.normal(0, np.sqrt(2 / np.prod(shape[:3])), shape).astype(np.float32) for shape in shapes]


def texture_style_cost(style_image, image, filters):
    """The style cost of ``image`` against ``style_image`` (both (H, W, C)), on the features of ``filters``,
    each layer weighted 1 / the number of layers: what synthesize_texture lowers."""
    weights = [1 / len(filters)] * len(filters)
    return style_cost(texture_features(style_image[None], filters), texture_features(image[None], filters), weights)


def style_crop():
    """The style image of the checks: a 64 x 64 crop of scikit-learn's flower.jpg (its petals), every second
    pixel of 128 x 128, as floats in [0, 1]."""
    from sklearn.datasets import load_sample_image

    return (load_sample_image("flower.jpg")[100:228:2, 300:428:2] / 255).astype(np.float32)


CLIPPED_AT_THE_END = (
    "the pixels were clipped to [0, 1] once, at the end, not after each step. Clip after every step "
    "(image.assign(tf.clip_by_value(image, 0, 1))): the next step's gradient is then taken at pixels that are "
    "pixels, and the image found differs."
)


def synthesize_texture(style_image, filters, steps, learning_rate=0.05, seed=0, clip_each_step=True):
    """The texture as the docstring grows it, in float32 TensorFlow ops (tf.linalg.matmul for the Gram
    matrices, eager steps): Adam on the pixels of the seeded noise, clipped after each step, or only at the
    end (``clip_each_step=False``, the mistake). Returns the (H, W, C) image as float64."""
    import keras

    kernels = [tf.constant(kernel, tf.float32) for kernel in filters]

    def features(x):
        found = []
        for i, kernel in enumerate(kernels):
            x = tf.nn.relu(tf.nn.conv2d(tf.nn.avg_pool2d(x, 2, 2, "VALID") if i else x, kernel, 1, "SAME"))
            found.append(x)
        return found

    def gram(x):
        _, h, w, c = x.shape
        f = tf.reshape(x, (-1, h * w, c))
        return tf.linalg.matmul(f, f, transpose_a=True) / (h * w)

    targets = [gram(a_S) for a_S in features(tf.constant(np.asarray(style_image)[None], tf.float32))]
    image = tf.Variable(np.random.default_rng(seed).uniform(0, 1, (1, *np.shape(style_image))).astype(np.float32))
    optimizer = keras.optimizers.Adam(learning_rate)
    for _ in range(steps):
        with tf.GradientTape() as tape:
            cost = tf.add_n([tf.reduce_sum(tf.square(target - gram(a_G))) / (4 * a_G.shape[-1] ** 2) / len(kernels)
                             for target, a_G in zip(targets, features(image), strict=True)])  # fmt: skip
        optimizer.apply_gradients([(tape.gradient(cost, image), image)])
        if clip_each_step:
            image.assign(tf.clip_by_value(image, 0, 1))
    return np.clip(image[0].numpy(), 0, 1).astype(np.float64)


def synthesis_mistakes(style_image, filters, steps, seed):
    return [(CLIPPED_AT_THE_END, lambda: synthesize_texture(style_image, filters, steps, seed=seed,
                                                           clip_each_step=False))]  # fmt: skip
