"""The framework's answers for exercises 16 to 23 (and 7's explicit padding), and what known mistakes give.

As in :mod:`course.oracles.common`, every answer comes from Keras or TensorFlow
themselves, in float64: a ``keras.layers.BatchNormalization`` or ``Dropout``
layer, a Keras loss and optimizer applied to a ``keras.Variable``, a
``tf.GradientTape``. The ``*_mistakes`` functions return ``(explanation,
compute)`` pairs for :func:`course.harness.check`; ``compute()`` returns
what a known mistake gives on the same case. The mistakes are computed in
NumPy from the wrong formula, or by the framework run the wrong way.
"""

import keras
import numpy as np
import tensorflow as tf

from course import drivers
from course.oracles import common as oracle

# --- Exercise 7: max pooling with explicit padding ------------------------------------------------

EXPLICIT_ZEROS = (
    "the explicit padding was filled with 0 instead of -inf, so a padded 0 beat the negative pixels of "
    "its window. tf.nn.max_pool2d pads with -inf: a padded position never wins."
)


def max_pool_explicit_mistakes(x, ksize, strides, pads):
    rows = [list(row) for row in pads]
    return [
        (EXPLICIT_ZEROS, lambda: oracle.max_pool2d(np.pad(x, pads), ksize, strides, "VALID")),
        *(("the explicit padding was read from the wrong rows: it is [[0, 0], [top, bottom], [left, right], "
           "[0, 0]], so height's pads are row 1 and width's row 2.",
           lambda wrong=wrong: oracle.max_pool2d(np.pad(x, wrong, constant_values=-np.inf), ksize, strides, "VALID"))
          for wrong in ([[0, 0], rows[0], rows[1], [0, 0]], [[0, 0], rows[2], rows[1], [0, 0]])),
    ]  # fmt: skip


# --- Exercise 16: batch normalisation -------------------------------------------------------------

AXES = (0, 1, 2)


def batchnorm_layer(gamma, beta, moving_mean, moving_variance, momentum=0.99, epsilon=1e-3):
    """A float64 ``keras.layers.BatchNormalization`` with these weights."""
    layer = keras.layers.BatchNormalization(momentum=momentum, epsilon=epsilon, dtype="float64")
    layer.build((None, None, None, len(gamma)))
    layer.set_weights([np.asarray(w, np.float64) for w in (gamma, beta, moving_mean, moving_variance)])
    return layer


def batchnorm_forward(x, gamma, beta, moving_mean, moving_variance, training, momentum=0.99, epsilon=1e-3):
    """Keras's answer: (out, new moving mean, new moving variance)."""
    layer = batchnorm_layer(gamma, beta, moving_mean, moving_variance, momentum, epsilon)
    out = keras.ops.convert_to_numpy(layer(x, training=training))
    return out, *(keras.ops.convert_to_numpy(w) for w in (layer.moving_mean, layer.moving_variance))


def batchnorm_backward(grad_out, x, gamma, epsilon=1e-3):
    """tf.GradientTape's (grad_x, grad_gamma, grad_beta) through the Keras layer in training mode."""
    channels = x.shape[3]
    layer = batchnorm_layer(gamma, np.zeros(channels), np.zeros(channels), np.ones(channels), epsilon=epsilon)
    x = tf.Variable(x, dtype=tf.float64)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(layer(x, training=True) * grad_out)
    return [g.numpy() for g in tape.gradient(loss, [x, layer.gamma, layer.beta])]


def _normalise(x, gamma, beta, epsilon, axes=AXES, eps_outside=False):
    mean, variance = x.mean(axis=axes, keepdims=True), x.var(axis=axes, keepdims=True)
    spread = np.sqrt(variance) + epsilon if eps_outside else np.sqrt(variance + epsilon)
    return gamma * (x - mean) / spread + beta


def batchnorm_forward_mistakes(x, gamma, beta, moving_mean, moving_variance, training, epsilon=1e-3):
    """Mistakes in ``out``."""
    used_in_training = gamma * (x - moving_mean) / np.sqrt(moving_variance + epsilon) + beta
    if not training:
        return [("the batch's own statistics were used at inference. With training=False, Keras normalises "
                 "with the moving mean and variance.", lambda: _normalise(x, gamma, beta, epsilon))]  # fmt: skip
    return [
        ("the statistics were taken per image (over height and width only). Batch normalisation takes one "
         "mean and variance per channel over the whole batch: axes (0, 1, 2).",
         lambda: _normalise(x, gamma, beta, epsilon, axes=(1, 2))),
        ("the statistics were taken per image over everything (height, width and channels), as layer "
         "normalisation does. Batch normalisation takes them per channel over axes (0, 1, 2).",
         lambda: _normalise(x, gamma, beta, epsilon, axes=(1, 2, 3))),
        ("the statistics were taken over the channels (axis 3). Batch normalisation keeps the channels "
         "apart: one mean and variance per channel, over axes (0, 1, 2).",
         lambda: _normalise(x, gamma, beta, epsilon, axes=(3,))),
        ("epsilon was added outside the square root. Keras divides by sqrt(variance + epsilon).",
         lambda: _normalise(x, gamma, beta, epsilon, eps_outside=True)),
        ("the moving statistics were used in training mode. In training, Keras normalises with the batch's "
         "own mean and variance, and only updates the moving ones.", lambda: used_in_training),
    ]  # fmt: skip


MOMENTUM_SWAPPED = (
    "the momentum was used the wrong way round. Keras keeps most of the old value: "
    "moving = momentum * moving + (1 - momentum) * batch statistic."
)
UNBIASED_VARIANCE = (
    "the moving variance was updated with the unbiased variance (divided by n - 1). Keras uses the "
    "biased one, divided by n = N*H*W, for normalising and for the moving variance alike."
)


def moving_mean_mistakes(x, moving_mean, momentum):
    mean = x.mean(axis=AXES)
    return [(MOMENTUM_SWAPPED, lambda: momentum * mean + (1 - momentum) * moving_mean)]


def moving_variance_mistakes(x, moving_variance, momentum):
    variance, unbiased = x.var(axis=AXES), x.var(axis=AXES, ddof=1)
    return [
        (MOMENTUM_SWAPPED, lambda: momentum * variance + (1 - momentum) * moving_variance),
        (UNBIASED_VARIANCE, lambda: momentum * moving_variance + (1 - momentum) * unbiased),
    ]


def batchnorm_backward_mistakes(grad_out, x, gamma, epsilon=1e-3):
    inverse_std = 1 / np.sqrt(x.var(axis=AXES) + epsilon)
    x_hat = (x - x.mean(axis=AXES)) * inverse_std
    direct = gamma * inverse_std * grad_out
    return [
        ("the gradient through the batch mean and variance was left out: grad_x is not just "
         "grad_out * gamma / sqrt(variance + epsilon), because every x also moves the mean and the variance "
         "that normalise its whole channel. Subtract the mean of grad_out and x_hat times the mean of "
         "grad_out * x_hat (per channel).", lambda: direct),
        ("the gradient through the batch variance was left out: subtract x_hat times the mean of "
         "grad_out * x_hat (per channel) too.",
         lambda: direct - gamma * inverse_std * grad_out.mean(axis=AXES)),
        ("the gradient through the batch mean was left out: subtract the mean of grad_out (per channel) too.",
         lambda: direct - gamma * inverse_std * x_hat * np.mean(grad_out * x_hat, axis=AXES)),
    ]  # fmt: skip


# --- Exercise 17: dropout -------------------------------------------------------------------------


def dropout(x, rate, seed, grad_out):
    """Keras's Dropout in training mode, in float64: (its output, tf.GradientTape's input gradient)."""
    layer = keras.layers.Dropout(rate, seed=seed, dtype="float64")
    x = tf.Variable(x, dtype=tf.float64)
    with tf.GradientTape() as tape:
        out = layer(x, training=True)
        loss = tf.reduce_sum(out * grad_out)
    return out.numpy(), tape.gradient(loss, x).numpy()


def dropout_inference(x, rate):
    return keras.ops.convert_to_numpy(keras.layers.Dropout(rate, dtype="float64")(x, training=False))


NOT_SCALED = (
    "the kept values were not scaled by 1 / (1 - rate). Inverted dropout scales them up in training, "
    "so that the expected output equals the input and inference needs no change."
)
RATE_AS_KEEP = (
    "rate was read as the probability of keeping a value. In Keras, rate is the share dropped: "
    "a value is kept with probability 1 - rate, and kept values are divided by 1 - rate."
)


def dropout_mistakes(x, rate, mask):
    return [
        (NOT_SCALED, lambda: np.where(mask, x, 0.0)),
        (RATE_AS_KEEP, lambda: np.where(mask, x / rate, 0.0) if rate else None),
    ]


def dropout_inference_mistakes(x, rate):
    return [
        ("the output was scaled at inference. Inverted dropout does all its scaling in training: with "
         "training=False the output is the input, unchanged.", lambda scale=scale: x * scale)
        for scale in (1 - rate, 1 / (1 - rate))
    ]  # fmt: skip


def dropout_backward_mistakes(grad_out, mask, rate):
    return [(NOT_SCALED, lambda: np.where(mask, grad_out, 0.0))]


# --- Exercise 18: softmax cross-entropy -----------------------------------------------------------


def softmax_cross_entropy(logits, labels):
    """keras.losses.SparseCategoricalCrossentropy(from_logits=True) in float64, and its tape gradient."""
    loss_function = keras.losses.SparseCategoricalCrossentropy(from_logits=True, dtype="float64")
    logits = tf.Variable(logits, dtype=tf.float64)
    with tf.GradientTape() as tape:
        loss = loss_function(labels, logits)
    return loss.numpy(), tape.gradient(loss, logits).numpy()


NO_MAX_SHIFT = (
    "the maximum logit was not subtracted first, so exp() overflowed to inf (inf / inf is NaN). "
    "log(sum(exp(z))) = max(z) + log(sum(exp(z - max(z)))): shift each row by its maximum."
)


ONE_HOT = (
    "the labels were used as one-hot rows. Here they are class indices, shape (N,): the loss of "
    "example n is -log_softmax(logits)[n, labels[n]]."
)
ONE_HOT_CRASH = (ONE_HOT, r"could not be broadcast together|out of bounds for array of dimension 1")


def _naive_softmax(logits):
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)


def loss_mistakes(logits, labels):
    batch = np.arange(len(labels))
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        naive_log_sum = np.log(np.exp(logits).sum(axis=1))
        naive_loss = -np.log(_naive_softmax(logits)[batch, labels]).mean()

    def one_hot_read():  # labels (N,) broadcast against (N, K) only when N == K; else that mistake crashes
        return -(labels * _log_softmax(logits)).sum(axis=1).mean() if logits.shape[0] == logits.shape[1] else None

    return [
        (NO_MAX_SHIFT, lambda: naive_loss),
        (NO_MAX_SHIFT, lambda: (naive_log_sum - logits[batch, labels]).mean()),
        (ONE_HOT, one_hot_read),
    ]


def _log_softmax(logits):
    shifted = logits - logits.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def loss_gradient_mistakes(logits, labels):
    probabilities = np.exp(_log_softmax(logits))
    one_hot = np.eye(logits.shape[1])[labels]
    return [
        ("the gradient was not divided by the batch size. The loss is the mean over the batch, so each "
         "row's gradient softmax - one_hot is divided by N.", lambda: probabilities - one_hot),
        (NO_MAX_SHIFT, lambda: (_naive_softmax(logits) - one_hot) / len(labels)),
    ]  # fmt: skip


# --- Exercise 19: optimizers ----------------------------------------------------------------------


def keras_steps(optimizer, w, gradients):
    """Applies ``optimizer`` to a float64 ``keras.Variable`` holding ``w``, one gradient at a time.

    Returns, for each step, the weights and the optimizer's own variables for ``w`` after it (SGD: the
    velocity; RMSprop: the mean square; Adam: m, then v), as NumPy arrays."""
    variable = keras.Variable(w, dtype="float64")
    optimizer.build([variable])
    own = [v for v in optimizer.variables if v.name not in ("iteration", "learning_rate")]
    states = []
    for gradient in gradients:
        optimizer.apply_gradients([(tf.constant(gradient, tf.float64), variable)])
        states.append([keras.ops.convert_to_numpy(v) for v in (variable, *own)])
    return states


WRONG_SIGN = (
    "the momentum step went the wrong way, uphill. Keras keeps velocity = momentum * velocity - "
    "learning_rate * grad and adds it: w + velocity."
)


def sgd_mistakes(w, grad, velocity, learning_rate, momentum, nesterov):
    """Mistakes as (explanation, compute) where compute() returns (new_w, new_velocity)."""
    right = momentum * velocity - learning_rate * grad
    uphill = momentum * velocity + learning_rate * grad
    torch_velocity = momentum * velocity + grad
    return [
        (WRONG_SIGN, lambda: (w + uphill, uphill)),
        (WRONG_SIGN, lambda: (w - right, right)),
        ("the velocity was kept as PyTorch keeps it, velocity = momentum * velocity + grad and "
         "w - learning_rate * velocity. Keras's velocity has the learning rate and the minus sign inside: "
         "momentum * velocity - learning_rate * grad.",
         lambda: (w - learning_rate * torch_velocity, torch_velocity)),
        ("nesterov=True was ignored. Nesterov's step looks ahead: w + momentum * new_velocity - "
         "learning_rate * grad.", lambda: (w + right, right) if nesterov else None),
    ]  # fmt: skip


def rmsprop_mistakes(w, grad, mean_square, learning_rate, rho, epsilon):
    new_mean_square = rho * mean_square + (1 - rho) * grad**2
    return [
        ("epsilon was added outside the square root. Keras's RMSprop adds it inside: "
         "w - learning_rate * grad / sqrt(mean_square + epsilon).",
         lambda: (w - learning_rate * grad / (np.sqrt(new_mean_square) + epsilon), new_mean_square)),
        ("the step used the mean square from before this step. Update the mean square first, then divide "
         "by its square root.",
         lambda: (w - learning_rate * grad / np.sqrt(mean_square + epsilon), new_mean_square)),
    ]  # fmt: skip


def adam_mistakes(w, grad, m, v, t, learning_rate, beta_1, beta_2, epsilon):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
    corrected = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)

    return [
        ("Adam's bias correction was left out. m and v start at 0, so early on they are too small: "
         "Keras multiplies the step by sqrt(1 - beta_2**t) / (1 - beta_1**t).",
         lambda: (w - learning_rate * m / (np.sqrt(v) + epsilon), m, v)),
        ("epsilon was added inside the square root. Keras's Adam adds it outside: sqrt(v) + epsilon.",
         lambda: (w - corrected * m / np.sqrt(v + epsilon), m, v)),
        ("epsilon was added to sqrt(v_hat), the bias-corrected v, as the Adam paper's algorithm does. Keras "
         "folds the correction into the step size and adds epsilon to sqrt(v) itself: "
         "w - lr * sqrt(1 - beta_2**t) / (1 - beta_1**t) * m / (sqrt(v) + epsilon).",
         lambda: (w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v)),
    ]  # fmt: skip


def state_mistakes(mistakes, index):
    """Picks part ``index`` of mistakes whose compute() returns a tuple of parts."""
    return [
        (explanation, lambda compute=compute: None if (value := compute()) is None else value[index])
        for explanation, compute in mistakes
    ]


# --- Exercise 20: average pooling backward --------------------------------------------------------


def avg_pool2d_backward(grad_out, x, ksize, strides, padding):
    (grad,) = oracle.gradients(lambda v: tf.nn.avg_pool2d(v, ksize, strides, padding), [x], grad_out)
    return grad


def avg_pool_backward_mistakes(grad_out, x, ksize, strides, padding):
    if padding != "SAME":
        return []
    pads = oracle.same_as_explicit(x.shape, oracle.pair(ksize), strides)

    def counted_zeros(v):
        return tf.nn.avg_pool2d(tf.pad(v, pads), ksize, strides, "VALID")

    return [
        ("the padding zeros were counted: each window's gradient was shared among all KH*KW positions. "
         "TF's SAME average pooling divides by the real pixels of each window, so the gradient is shared "
         "among those only.", lambda: oracle.gradients(counted_zeros, [x], grad_out)[0]),
    ]  # fmt: skip


# --- Exercise 21: separable convolution -----------------------------------------------------------


def separable_conv2d(x, depthwise_filters, pointwise_filters, strides=1, padding="VALID"):
    return tf.nn.separable_conv2d(
        tf.constant(x, tf.float64), tf.constant(depthwise_filters, tf.float64),
        tf.constant(pointwise_filters, tf.float64), [1, strides, strides, 1], padding,
    ).numpy()  # fmt: skip


def separable_params(kernel_size, in_channels, out_channels, depth_multiplier=1):
    layer = keras.layers.SeparableConv2D(out_channels, kernel_size, depth_multiplier=depth_multiplier, use_bias=False)
    layer.build((None, None, None, in_channels))
    return layer.count_params()


def separable_params_mistakes(kernel_size, in_channels, out_channels, depth_multiplier=1):
    right = separable_params(kernel_size, in_channels, out_channels, depth_multiplier)
    return [
        ("the depth multiplier was left out of the pointwise count: the 1x1 convolution reads C*M "
         "channels, so it has C*M*C_out weights.",
         lambda: right - in_channels * (depth_multiplier - 1) * out_channels),
    ]  # fmt: skip


def separable_mistakes(x, depthwise_filters, pointwise_filters, strides, padding):
    kh, kw, channels, multiplier = depthwise_filters.shape
    out_channels = pointwise_filters.shape[3]

    def pointwise_first():
        if multiplier != 1 or out_channels != channels:
            return None  # the shapes would not even fit
        pointwise = oracle.conv2d(x, pointwise_filters)
        return oracle.depthwise_conv2d(pointwise, depthwise_filters, strides, padding)

    # Output channel c*M + m summing window x filter[:, :, c', m] over every input channel c'.
    summed = np.repeat(depthwise_filters[:, :, :, None, :], channels, axis=3).reshape(kh, kw, channels, -1)
    return [
        ("the pointwise (1x1) convolution came before the depthwise one. A separable convolution filters "
         "each channel on its own first, then mixes the channels with the 1x1 convolution.", pointwise_first),
        ("the depthwise step summed over the input channels, like a full convolution. Depthwise output "
         "channel c*M + m uses input channel c only: window[..., c] * depthwise_filters[:, :, c, m].",
         lambda: oracle.conv2d(oracle.conv2d(x, summed, strides, padding), pointwise_filters)),
    ]  # fmt: skip


# --- Exercise 22: a residual block ----------------------------------------------------------------


def residual_block(x, filters, stride=1, name="res", mistake=None):
    """The reference basic block, its layers named as keras.applications's ResNet names them.

    ``mistake`` builds it wrongly instead: "relu before add", "relu before and after add" or
    "stride on the second conv"."""
    layers = keras.layers
    first_stride, second_stride = (1, stride) if mistake == "stride on the second conv" else (stride, 1)
    main = keras.Sequential([
        layers.Conv2D(filters, 3, strides=first_stride, padding="same", use_bias=False, name=f"{name}_1_conv"),
        layers.BatchNormalization(name=f"{name}_1_bn"),
        layers.Activation("relu", name=f"{name}_1_relu"),
        layers.Conv2D(filters, 3, strides=second_stride, padding="same", use_bias=False, name=f"{name}_2_conv"),
        layers.BatchNormalization(name=f"{name}_2_bn"),
    ], name=f"{name}_main")(x)  # fmt: skip
    if mistake in ("relu before add", "relu before and after add"):
        main = layers.Activation("relu", name=f"{name}_2_relu")(main)
    shortcut = x
    if needs_projection(x.shape[-1], filters, stride):
        shortcut = keras.Sequential([
            layers.Conv2D(filters, 1, strides=stride, use_bias=False, name=f"{name}_0_conv"),
            layers.BatchNormalization(name=f"{name}_0_bn"),
        ], name=f"{name}_shortcut")(x)  # fmt: skip
    out = layers.Add(name=f"{name}_add")([shortcut, main])
    return out if mistake == "relu before add" else layers.Activation("relu", name=f"{name}_out")(out)


def needs_projection(in_channels, filters, stride):
    return stride != 1 or in_channels != filters


def residual_paths(in_channels, filters, stride, mistake=None):
    """The block as the kinds of layer on each path (see :func:`course.drivers.operation_kind`):
    the main path and the shortcut from the input to the addition, then what follows it."""
    first_stride, second_stride = (1, stride) if mistake == "stride on the second conv" else (stride, 1)
    main = [f"conv 3x3 stride {first_stride}", "batch norm", "relu", f"conv 3x3 stride {second_stride}", "batch norm"]
    shortcut = [f"conv 1x1 stride {stride}", "batch norm"] if needs_projection(in_channels, filters, stride) else []
    if mistake == "no projection":
        shortcut = []
    if mistake in ("relu before add", "relu before and after add"):
        main.append("relu")
    return {"main": main, "shortcut": shortcut, "after": [] if mistake == "relu before add" else ["relu"]}


RESIDUAL_MISTAKES = {
    "relu before add": "the ReLU came before the addition. The block adds the shortcut to the second "
    "batch normalisation's output, and only then applies the ReLU: relu(shortcut + bn2).",
    "relu before and after add": "a ReLU came before the addition as well as after it. The second batch "
    "normalisation's output goes straight into the addition: relu(shortcut + bn2).",
    "stride on the second conv": "the stride was on the second convolution. It goes on the first 3x3 "
    "convolution (and on the 1x1 projection), as keras.applications's ResNet puts it on its block's first.",
    "no projection": "the shortcut had no projection. When the stride or the width changes, the shortcut "
    "must change shape too: a 1x1 convolution with the stride, then batch normalisation.",
}
# What keras.layers.Add, and + on Keras tensors, say when the shortcut and the main path differ in shape.
NO_PROJECTION_CRASH = (RESIDUAL_MISTAKES["no projection"], r"Inputs have incompatible shapes|Cannot broadcast shape")


def block_paths(graph):
    """A block's paths, as :func:`residual_paths` gives them, from the graph a driver read
    (:func:`course.drivers.residual_block_graph`); None if it has not exactly one two-input addition."""
    nodes = {name: (kind, parents) for name, kind, parents in graph}
    adds = [name for name, (kind, parents) in nodes.items() if kind == "add" and len(parents) == 2]
    if len(adds) != 1:
        return None

    def kinds_back(name, stop):
        """The kinds from just after ``stop`` (an input, or the addition) up to ``name``."""
        kinds = []
        while name != stop and nodes[name][0] != "input":
            kind, parents = nodes[name]
            kinds.append(kind)
            if not parents:
                break
            name = parents[0]
        return kinds[::-1]

    shortcut, main = sorted((kinds_back(parent, None) for parent in nodes[adds[0]][1]), key=len)
    return {"main": main, "shortcut": shortcut, "after": kinds_back(graph[-1][0], adds[0])}


def residual_path_causes(found, in_channels, filters, stride):
    """The explanations of the known mistakes that give the paths ``found`` (and not the right ones)."""
    expected = residual_paths(in_channels, filters, stride)
    causes = []
    for mistake, explanation in RESIDUAL_MISTAKES.items():
        variant = residual_paths(in_channels, filters, stride, mistake)
        if variant == expected:
            continue
        if mistake == "no projection":  # whatever the shortcut does instead, it has no convolution
            fits = found["main"] == variant["main"] and not any(kind.startswith("conv") for kind in found["shortcut"])
        else:
            fits = found == variant
        if fits:
            causes.append(explanation)
    return causes


def residual_params_mistakes(in_channels, filters, stride, params):
    """Parameter counts of known mistakes, given the right count ``params``."""
    projection = in_channels * filters + 4 * filters if needs_projection(in_channels, filters, stride) else 0
    convolutions = 2 + bool(projection)
    return [
        (RESIDUAL_MISTAKES["no projection"], lambda: params - projection if projection else None),
        ("the convolutions have biases. A batch normalisation follows each one and subtracts the mean, so "
         "a bias would be undone: Conv2D(..., use_bias=False); beta is the bias.",
         lambda: params + convolutions * filters),
    ]  # fmt: skip


def residual_model(input_shape, filters, stride, name, mistake=None, seed=0):
    """The reference block as a model on ``input_shape``, with random weights and batch statistics."""
    inputs = keras.Input(input_shape)
    model = keras.Model(inputs, residual_block(inputs, filters, stride, name, mistake))
    rng = np.random.default_rng(seed)
    for layer in drivers.layers_with_weights(model):
        weights = layer.get_weights()
        if isinstance(layer, keras.layers.BatchNormalization):  # gamma, beta, moving mean, moving variance
            weights = [rng.uniform(0.5, 1.5, w.shape) if i in (0, 3) else rng.normal(0, 0.5, w.shape)
                       for i, w in enumerate(weights)]  # fmt: skip
        else:
            weights = [rng.normal(0, 0.3, w.shape) for w in weights]
        layer.set_weights(weights)
    return model


def weights_by_name(model):
    return {layer.name: layer.get_weights() for layer in drivers.layers_with_weights(model)}


def residual_output_mistakes(input_shape, filters, stride, name, x, weights):
    """For each mode ("inference", "training"), the mistakes' outputs with these weights."""
    mistakes = {"inference": [], "training": []}
    for mistake in ("relu before add", "relu before and after add", "stride on the second conv"):
        model = residual_model(input_shape, filters, stride, name, mistake)
        for layer in drivers.layers_with_weights(model):
            layer.set_weights(weights[layer.name])
        outputs = drivers.block_outputs(model, x)
        for mode, found in mistakes.items():
            found.append((RESIDUAL_MISTAKES[mistake], lambda out=outputs[mode]: out))
    return mistakes


# --- Exercise 23: a NumPy CNN -------------------------------------------------------------------

CNN_WEIGHTS = ("conv1 kernel", "conv1 bias", "conv2 kernel", "conv2 bias", "dense kernel", "dense bias")


def keras_cnn(input_shape, filters, num_classes, dtype="float64"):
    """The capstone's network in Keras: conv-relu-pool, conv-relu-pool, flatten, dense (logits)."""
    layers = keras.layers
    return keras.Sequential([
        keras.Input(input_shape, dtype=dtype),
        layers.Conv2D(filters[0], 3, padding="same", activation="relu", dtype=dtype),
        layers.MaxPooling2D(2, dtype=dtype),
        layers.Conv2D(filters[1], 3, padding="same", activation="relu", dtype=dtype),
        layers.MaxPooling2D(2, dtype=dtype),
        layers.Flatten(dtype=dtype),
        layers.Dense(num_classes, dtype=dtype),
    ])  # fmt: skip


def keras_cnn_steps(model, optimizer, images, labels, steps):
    """``steps`` training steps of ``model`` on one batch, by tf.GradientTape and ``optimizer``.

    Returns the logits before the first step, then, for each step, its loss and the weights after it."""
    loss_function = keras.losses.SparseCategoricalCrossentropy(from_logits=True, dtype="float64")
    logits = keras.ops.convert_to_numpy(model(images))
    results = []
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = loss_function(labels, model(images))
        variables = model.trainable_variables
        optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables, strict=True))
        results.append({"loss": float(loss), "weights": model.get_weights()})
    return logits, results


def cnn_step_mistakes(optimizer, before, after, batch_size):
    """Mistakes in one weight after a step from ``before`` to Keras's ``after``."""
    if optimizer != "sgd":  # Adam divides the gradient's scale away
        return []
    return [
        ("the loss gradient was not divided by the batch size, so every step was N times too big. The loss "
         "is the mean over the batch: grad_logits = (softmax - one_hot) / N (exercise 18).",
         lambda: before + batch_size * (after - before)),
    ]  # fmt: skip
