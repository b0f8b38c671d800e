"""The exercises in order, with the hints ``python -m exercises hint N`` gives: one record per exercise.

Pure data: importing this module loads nothing heavy (no NumPy, no TensorFlow),
so a command line can check its arguments against it at once.
"""

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the project's folder: exercises/, solutions/, course/ ...
EXERCISE_FILE = re.compile(r"ex\d\d_\w+\.py")  # a student's exercise file, ex05_conv2d.py
TESTS = ROOT / "exercises" / "tests"  # the tests a student reads and runs

# The time limits on a student's code, all in one place (seconds). A call that
# overruns is stopped and reported; so is an import that does not finish.
IMPORT_SECONDS = 10  # importing the exercise file: only an endless loop at the top takes longer
KERAS_IMPORT_SECONDS = 60  # the same for a Keras exercise, whose `import keras` loads TensorFlow
# The import limits count CPU seconds, which an endless loop spends at once; on the clock an import may
# take this many times as long, as TensorFlow's does on a machine busy with other jobs.
IMPORT_WALL_FACTOR = 6
# One call of a NumPy exercise's function, on the tests' small inputs: a right answer takes
# milliseconds. 8 s, not more, so that a hung call is reported within 15 s of starting a check,
# the 4.5 s of loading TensorFlow for the answer included.
NUMPY_CALL_SECONDS = 8
KERAS_CALL_SECONDS = 300  # one check of a Keras exercise, which may train a model
NUMPY_TRAINING_SECONDS = 120  # one call that trains a NumPy network on digits (exercise 23)
# When a class is graded, all the calls of one exercise share a budget of this many call limits:
# an honest exercise takes a small share of one, and a submission that sleeps just under the
# limit in every call cannot hold the class up for minutes per exercise.
GRADING_CALL_LIMITS = 3


@dataclass(frozen=True)
class Exercise:
    number: int
    module: str  # exercises/<module>.py, solutions/<module>.py, exercises/tests/test_<module>.py
    title: str
    hints: tuple
    kind: str = "numpy"  # "numpy": written with NumPy alone; "keras": a Keras exercise
    points: int = 10  # what it is worth in `python -m exercises grade`
    call_limit: int = 0  # seconds for one call where its kind's limit is too short; 0: its kind's limit
    # Installed distributions a graded NumPy exercise may import besides NumPy (course/sandbox.py): only
    # what it needs, since scipy (which scikit-learn brings) computes convolutions.
    packages: tuple = ()
    # About how long its checks take on a right answer (the 2-core machine of the README's figures): a
    # lone submission's grading processes take the longest parts first, so that none is left alone at the end.
    check_seconds: float = 0.5

    @property
    def import_seconds(self):
        return KERAS_IMPORT_SECONDS if self.kind == "keras" else IMPORT_SECONDS

    @property
    def import_wall_seconds(self):
        return IMPORT_WALL_FACTOR * self.import_seconds

    @property
    def call_seconds(self):
        if self.call_limit:
            return self.call_limit
        return KERAS_CALL_SECONDS if self.kind == "keras" else NUMPY_CALL_SECONDS

    @property
    def grading_seconds(self):
        """The seconds all of this exercise's calls may take together when a class is graded."""
        return GRADING_CALL_LIMITS * self.call_seconds

    @property
    def stub_path(self):
        return f"exercises/{self.module}.py"

    @property
    def test_path(self):
        return f"exercises/tests/{self.test_name}.py"

    @property
    def test_name(self):
        return f"test_{self.module}"


EXERCISES = (
    Exercise(
        1,
        "ex01_convolve1d",
        "1-D convolution",
        (
            "Convolution flips the kernel, then slides it: out[n] = sum over k of signal[n - k] * kernel[k].",
            "'full' has len(signal) + len(kernel) - 1 outputs: pad the signal with len(kernel) - 1 zeros each side.",
            "'same' is the middle max(len(signal), len(kernel)) values of 'full'; 'valid' keeps only full overlaps.",
        ),
    ),
    Exercise(
        2,
        "ex02_correlate2d",
        "2-D sliding-window sums",
        (
            "Cross-correlation does NOT flip the kernel: out[i, j] = sum(image[window] * kernel).",
            "The window for output (i, j) starts at row i * stride and column j * stride.",
            "Output height is (H - kh) // stride + 1; same for the width.",
        ),
    ),
    Exercise(
        3,
        "ex03_output_size",
        "Output sizes and SAME padding",
        (
            "A dilated kernel covers dilation * (k - 1) + 1 pixels.",
            "VALID: floor((N - K_eff) / S) + 1. SAME: ceil(N / S), whatever the kernel.",
            "SAME pads total = max((out - 1) * S + K_eff - N, 0); before = total // 2, after = the rest.",
        ),
    ),
    Exercise(
        4,
        "ex04_zero_pad",
        "Zero padding",
        (
            "np.pad takes one (before, after) pair per axis: four pairs for NHWC.",
            "Batch and channel axes get (0, 0).",
        ),
    ),
    Exercise(
        5,
        "ex05_conv2d",
        "conv2d like tf.nn.conv2d",
        (
            "Turn SAME into explicit padding with same_padding (exercise 3), then pad with zero_pad (exercise 4).",
            "For each output position, take the window x[:, i*s : i*s + k_eff : dilation, ...] and contract it "
            "with the filters over (height, width, in_channels): np.tensordot or np.einsum.",
            "Filters are HWIO: (height, width, in_channels, out_channels). Do not flip them.",
        ),
    ),
    Exercise(
        6,
        "ex06_activations",
        "ReLU and softmax",
        (
            "ReLU is np.maximum(x, 0).",
            "exp(1000) overflows. softmax(x) == softmax(x - max(x)): subtract the max along the axis first.",
        ),
    ),
    Exercise(
        7,
        "ex07_pooling",
        "Max and average pooling",
        (
            "Pooling is conv2d's window loop with max or mean instead of a weighted sum, per channel.",
            "For SAME, max pooling pads with -inf, so padding never wins.",
            "SAME average pooling divides by the number of real pixels in the window, not by k * k.",
        ),
    ),
    Exercise(
        8,
        "ex08_dense",
        "Flatten, dense layers and parameter counts",
        (
            "flatten keeps the batch axis: reshape to (batch, -1).",
            "dense is x @ weights + bias, with weights of shape (n_in, n_out).",
            "A conv layer has k_h * k_w * in_channels weights per filter, plus one bias per filter.",
        ),
    ),
    Exercise(
        9,
        "ex09_forward",
        "A whole forward pass",
        (
            "Chain your own functions: conv2d, relu, max_pool2d, flatten, dense, softmax.",
            "Keras's Flatten flattens NHWC in row-major order, like reshape(batch, -1).",
        ),
    ),
    Exercise(
        10,
        "ex10_filters",
        "Blur and edge filters",
        (
            "A box blur kernel is np.ones((size, size)) / size**2.",
            "Depthwise: output channel c * multiplier + m uses input channel c and filter[:, :, c, m] only.",
            "blur_image: float, depthwise_conv2d with SAME, then np.rint, np.clip to 0..255, back to uint8.",
        ),
    ),
    Exercise(
        11,
        "ex11_im2col",
        "Fast convolution with im2col",
        (
            "im2col builds one row per output pixel holding its whole window: (N*OH*OW, KH*KW*C).",
            "Gather all windows at once with fancy indexing or np.lib.stride_tricks.sliding_window_view.",
            "Then conv2d is one matrix product: cols @ filters.reshape(-1, out_channels), reshaped to NHWC.",
        ),
    ),
    Exercise(
        12,
        "ex12_backprop",
        "Backpropagation through conv, pool and ReLU",
        (
            "ReLU passes the gradient where x > 0 and blocks it elsewhere.",
            "Max pooling sends each window's gradient to the position of its maximum only.",
            "conv2d, one kernel tap (a, b) at a time: filters[a, b] is (C_in, C_out). grad_filters[a, b] sums "
            "window value x grad_output; grad_input gets grad_output @ filters[a, b].T added back at the pixels "
            "that tap touched (in the padded input), then the padding is cropped. Not filters.T: on HWIO "
            "filters .T reverses all four axes.",
        ),
    ),
    Exercise(
        13,
        "ex13_keras_layer",
        "Your own Keras Conv2D layer",
        (
            "Create the kernel and bias in build() with self.add_weight, once the input channels are known.",
            "In call(), use keras.ops.conv(inputs, self.kernel, strides, padding) and add the bias.",
            "get_config() must return every constructor argument so the layer can be saved and loaded.",
        ),
        kind="keras",
        check_seconds=3,
    ),
    Exercise(
        14,
        "ex14_lenet",
        "Build LeNet from the zoo's blocks",
        (
            "models.blocks.conv_block(x, filters, ..., name=...) builds a conv block; classifier_head the dense part.",
            "LeNet: 6 filters 5x5 VALID, pool, 16 filters 5x5 VALID, pool, then 120, 84, classes.",
        ),
        kind="keras",
        check_seconds=8,
    ),
    Exercise(
        15,
        "ex15_train",
        "Train a CNN on digits",
        (
            "models.training.data.load('digits', input_shape) gives train, validation and test pipelines.",
            "Compile with Adam and sparse_categorical_crossentropy; fit with validation_data.",
            "Digits has only ~1,000 training images: the training pipeline already augments them.",
        ),
        kind="keras",
        check_seconds=9.5,
    ),
    Exercise(
        16,
        "ex16_batchnorm",
        "Batch normalisation, forward and backward",
        (
            "One mean and one variance per channel: x.mean(axis=(0, 1, 2)) and x.var(axis=(0, 1, 2)), the "
            "biased variance (divided by n), as Keras uses it.",
            "out = gamma * (x - mean) / np.sqrt(variance + epsilon) + beta; the moving statistics keep "
            "`momentum` of their old value: moving = momentum * moving + (1 - momentum) * batch statistic.",
            "Backward, with x_hat = (x - mean) / sqrt(variance + epsilon), per channel: grad_x = gamma / "
            "sqrt(variance + epsilon) * (grad_out - mean(grad_out) - x_hat * mean(grad_out * x_hat)).",
        ),
    ),
    Exercise(
        17,
        "ex17_dropout",
        "Inverted dropout",
        (
            "mask = rng.random(x.shape) >= rate keeps each value with probability 1 - rate.",
            "Scale the kept values up by 1 / (1 - rate) in training; at inference return x unchanged.",
            "Backward, the gradient goes where the mask kept a value, scaled by the same 1 / (1 - rate).",
        ),
    ),
    Exercise(
        18,
        "ex18_loss",
        "Softmax cross-entropy",
        (
            "Shift each row by its maximum first: log_softmax = z - max(z) - log(sum(exp(z - max(z)))).",
            "The loss is the mean over the batch of -log_softmax[n, labels[n]]: index with [np.arange(N), labels].",
            "The gradient is (softmax(z) - one_hot(labels)) / N: the mean divides it by the batch size.",
        ),
    ),
    Exercise(
        19,
        "ex19_optimizers",
        "SGD with momentum, RMSprop and Adam",
        (
            "SGD: velocity = momentum * velocity - learning_rate * grad; w + velocity.",
            "RMSprop: mean_square = rho * mean_square + (1 - rho) * grad**2; "
            "w - learning_rate * grad / np.sqrt(mean_square + epsilon): epsilon inside the root.",
            "Adam: m and v as RMSprop's mean square; step size learning_rate * sqrt(1 - beta_2**t) / "
            "(1 - beta_1**t); w - step_size * m / (np.sqrt(v) + epsilon): epsilon outside the root.",
        ),
    ),
    Exercise(
        20,
        "ex20_pool_backward",
        "The gradient of average pooling",
        (
            "Each window's gradient is shared equally among the pixels the window averaged.",
            "With SAME padding a window at the edge averages only its real pixels: divide by their count, "
            "not by KH * KW.",
            "Add the shares with +=: overlapping windows give a pixel several.",
        ),
    ),
    Exercise(
        21,
        "ex21_separable",
        "Depthwise-separable convolution",
        (
            "First the depthwise convolution of exercise 10 (with the strides and padding), then a 1x1 "
            "convolution: a matrix product of each pixel's C*M values with pointwise_filters[0, 0].",
            "Parameters: KH * KW * C * M for the depthwise step, plus C * M * out_channels for the pointwise one.",
        ),
    ),
    Exercise(
        22,
        "ex22_residual",
        "A ResNet basic block in Keras",
        (
            "Main path: Conv2D(3x3, stride, same, no bias) -> BatchNormalization -> ReLU -> Conv2D(3x3, same, "
            "no bias) -> BatchNormalization.",
            "Shortcut: the input itself when the stride is 1 and the channels match; otherwise Conv2D(1x1, "
            "stride, no bias) -> BatchNormalization.",
            "layers.Add()([shortcut, main]), then the ReLU: after the addition, not before.",
        ),
        kind="keras",
        check_seconds=2.5,
    ),
    Exercise(
        23,
        "ex23_numpy_cnn",
        "A NumPy CNN of your own that learns",
        (
            "forward: conv2d_im2col (SAME) + bias -> relu -> max_pool2d(2, 2, VALID), twice, then flatten and "
            "dense. Keep each stage's input for the backward pass.",
            "Backward from softmax_cross_entropy's gradient: dense (features.T @ grad), then max_pool2d_backward, "
            "relu_backward and conv2d_backward for each block; a bias's gradient is the sum over N, H and W.",
            "Train with Adam (exercise 19), batches of 32, a learning rate of 0.02 lowered every epoch (cosine decay).",
        ),
        call_limit=NUMPY_TRAINING_SECONDS,
        packages=("scikit-learn",),  # its digits
        check_seconds=3,
    ),
    Exercise(
        24,
        "ex24_transposed_conv",
        "Transposed convolution",
        (
            "Each input pixel stamps its kernel, times its value, onto the output: "
            "out[:, i*SH : i*SH + KH, j*SW : j*SW + KW, :] += the stamp. Use +=: the stamps overlap.",
            "The stamp of pixel (i, j) is np.tensordot(x[:, i, j, :], filters, ([1], [3])): the filters are "
            "(KH, KW, C_out, C_in), so contract C_in, their last axis. No flip.",
            "Stamp into an output padded as the conv2d it undoes was: same_padding(OH, KH, SH) for SAME, "
            "nothing for VALID; then crop `top` rows and `left` columns off and keep OH x OW.",
        ),
    ),
    Exercise(
        25,
        "ex25_boxes",
        "Boxes: IoU, NMS and anchor offsets",
        (
            "IoU: the shared box runs from the larger x1, y1 to the smaller x2, y2; clamp its width and height "
            "with max(..., 0), then intersection / (area1 + area2 - intersection), 0 if that union is 0.",
            "NMS: for index in np.argsort(-scores, kind='stable'), keep it unless its IoU with a kept box is "
            "> iou_threshold; stop at max_output_size. IoU works on (y1, x1, y2, x2) boxes as they are.",
            "Offsets: centre = (x1 + x2) / 2, width = x2 - x1; ((cx - acx) / aw, (cy - acy) / ah, log(w / aw), "
            "log(h / ah)). Decoding runs it backwards: exp, then corners = centre -/+ size / 2.",
        ),
    ),
    Exercise(
        26,
        "ex26_mean_iou",
        "Segmentation: per-class and mean IoU",
        (
            "Count first: counts[i, j] = the pixels of true class i predicted j. With both maps as int64 "
            "(np.asarray(...).ravel().astype(np.int64)), np.bincount(y_true * num_classes + y_pred, "
            "minlength=num_classes**2).reshape(num_classes, num_classes) gives it.",
            "Class c's intersection is counts[c, c] (np.diag); its true pixels are row c's sum (axis=1), its "
            "predicted pixels column c's (axis=0). union = true + predicted - intersection.",
            "A class with union 0 is in neither map: np.divide(intersection, union, out=np.full(num_classes, "
            "np.nan), where=union > 0) leaves NaN there, and float(np.nanmean(...)) averages the others.",
            "Check the maps before counting: the same shape, at least one pixel, an integer dtype "
            "(dtype.kind in 'iu'), every label from 0 to num_classes - 1; else raise ValueError with what you got.",
        ),
    ),
    Exercise(
        27,
        "ex27_unet",
        "A U-Net's blocks in Keras",
        (
            'Down block: skip = layers.Conv2D(filters, 3, padding="same", activation="relu", '
            'name=f"{name}_conv1")(x), then the same on skip named f"{name}_conv2"; down = '
            'layers.MaxPooling2D(2, name=f"{name}_pool")(skip); return skip, down.',
            'Up block: up = layers.Conv2DTranspose(filters, 2, strides=2, padding="same", '
            'name=f"{name}_upconv")(x); then layers.Concatenate(name=f"{name}_concat")([up, skip]); then '
            "the two 3x3 convolutions, as in the down block.",
            "Before concatenating, compare up.shape[1:3] with skip.shape[1:3]; if they differ, raise ValueError "
            "with both shapes in its message. Check filters >= 1 in both blocks too.",
            "Count by hand (3 * 3 * C_in * filters + filters per convolution, 2 * 2 * C_x * filters + filters for "
            "the up-convolution) and compare with keras.Model(inputs, outputs).summary().",
        ),
        kind="keras",
        check_seconds=1.5,
    ),
    Exercise(
        28,
        "ex28_style",
        "Style: Gram matrices, the costs, a texture",
        (
            "gram_matrix: reshape the (N, H, W, C) features to F of shape (N, H*W, C): positions as rows, channels "
            "as columns. Then tf.linalg.matmul(F, F, transpose_a=True) / (H * W), or in one step "
            "tf.einsum('nhwc,nhwd->ncd', x, x) / (H * W).",
            "content_cost: tf.reduce_sum(tf.square(a_C - a_G)) / (4 * H * W * C). style_cost: for each layer, "
            "weight * tf.reduce_sum(tf.square(gram_matrix(a_S) - gram_matrix(a_G))) / (4 * C**2), added up. Keep "
            "to tf ops (no np., .numpy() or float()), so that tf.GradientTape can differentiate them.",
            "texture_features: x = tf.cast(images, tf.float32); for each kernel, after the first "
            "x = tf.nn.avg_pool2d(x, 2, 2, 'VALID'), then x = tf.nn.relu(tf.nn.conv2d(x, kernel, 1, 'SAME')); "
            "append each x to a list.",
            "synthesize_texture: targets = texture_features(style_image[None], filters), once; image = "
            "tf.Variable(np.random.default_rng(seed).uniform(0, 1, (1, H, W, C)).astype('float32')); each step, "
            "the cost inside `with tf.GradientTape() as tape:`, then optimizer.apply_gradients([(tape.gradient(cost, "
            "image), image)]) and image.assign(tf.clip_by_value(image, 0, 1)). Return image[0].",
        ),
        kind="keras",
        check_seconds=4,
    ),
    Exercise(
        29,
        "ex29_triplet",
        "Embeddings: the triplet loss and verification",
        (
            "Per triplet: d_pos = np.sum((anchor - positive) ** 2, axis=1), d_neg the same with negative; the loss "
            "is np.sum(np.maximum(d_pos - d_neg + alpha, 0)): the hinge on each triplet first, then the sum.",
            "pair_distances is that squared distance row by row: np.sum((a - b) ** 2, axis=1), N numbers.",
            "best_threshold: try each t in [-np.inf, *np.sort(distances)], count np.sum((distances <= t) == same), "
            "and keep t only when it beats the best so far (>, not >=): of the equally good, the smallest.",
            "verification_accuracy is float(np.mean((distances <= threshold) == same)).",
        ),
    ),
    Exercise(
        30,
        "ex30_saliency",
        "Saliency maps and adversarial examples",
        (
            "x is not a variable: x = tf.convert_to_tensor(x, tf.float32), then inside `with tf.GradientTape() "
            "as tape:` call tape.watch(x) before logits = model(x, training=False).",
            "Saliency: score = tf.reduce_sum(tf.gather(logits, classes, axis=1, batch_dims=1)), the logits "
            "themselves (no softmax, no loss); then tf.reduce_max(tf.abs(tape.gradient(score, x)), axis=-1).",
            "FGSM: loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y, logits); return "
            "x + epsilon * tf.sign(tape.gradient(loss, x)): plus, the sign, no clipping.",
            "One class for all: np.full(N, class_index). Raise ValueError for a class outside 0 .. "
            "logits.shape[-1] - 1 or a count other than N; return NumPy float32 (tensor.numpy()).",
        ),
        kind="keras",
        check_seconds=2.5,
    ),
    Exercise(
        31,
        "ex31_transfer",
        "Transfer learning offline",
        (
            "class_indices: compare each label with every class, labels[..., None] == np.asarray(classes), and "
            "take the argmax over the last axis. Check first that every label is in classes (np.isin).",
            "transfer_model: features = keras.Model(base.inputs, base.get_layer(feature_layer).output), then "
            "features.trainable = False. Then x = features(keras.Input(base.input_shape[1:]), training=False), "
            "and a new Dense(num_classes, activation='softmax', name='predictions') on x.",
            "model.summary(show_trainable=True) shows what will train. Only the head's (features + 1) * "
            "num_classes weights may be trainable. LeNet's old 'predictions' layer must not be in the model.",
            "fine_tune: compile (Adam(learning_rate), 'sparse_categorical_crossentropy', metrics=['accuracy']), "
            "then fit on class_indices(labels, classes), not on the digits. Return what fit returns.",
        ),
        kind="keras",
        check_seconds=6,
    ),
)


def find(number_or_module):
    """The exercise with this number (int or digits) or module name."""
    for exercise in EXERCISES:
        if str(number_or_module) in (str(exercise.number), exercise.module):
            return exercise
    numbers = f"1 to {len(EXERCISES)}"
    raise ValueError(f"there is no exercise {number_or_module!r}; exercises are numbered {numbers}")
