"""The exercises in order, with the hints ``python -m exercises hint N`` gives."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Exercise:
    number: int
    module: str  # exercises/<module>.py, solutions/<module>.py, exercises/tests/test_<module>.py
    title: str
    hints: tuple

    @property
    def stub_path(self):
        return f"exercises/{self.module}.py"

    @property
    def test_path(self):
        return f"exercises/tests/test_{self.module}.py"


EXERCISES = (
    Exercise(1, "ex01_convolve1d", "1-D convolution", (
        "Convolution flips the kernel, then slides it: out[n] = sum over k of signal[n - k] * kernel[k].",
        "'full' has len(signal) + len(kernel) - 1 outputs: pad the signal with len(kernel) - 1 zeros on both sides.",
        "'same' is the middle max(len(signal), len(kernel)) values of 'full'; 'valid' keeps only full overlaps.",
    )),
    Exercise(2, "ex02_correlate2d", "2-D sliding-window sums", (
        "Cross-correlation does NOT flip the kernel: out[i, j] = sum(image[window] * kernel).",
        "The window for output (i, j) starts at row i * stride and column j * stride.",
        "Output height is (H - kh) // stride + 1; same for the width.",
    )),
    Exercise(3, "ex03_output_size", "Output sizes and SAME padding", (
        "A dilated kernel covers dilation * (k - 1) + 1 pixels.",
        "VALID: floor((N - K_eff) / S) + 1. SAME: ceil(N / S), whatever the kernel.",
        "SAME pads total = max((out - 1) * S + K_eff - N, 0); before = total // 2, after = the rest.",
    )),
    Exercise(4, "ex04_zero_pad", "Zero padding", (
        "np.pad takes one (before, after) pair per axis: four pairs for NHWC.",
        "Batch and channel axes get (0, 0).",
    )),
    Exercise(5, "ex05_conv2d", "conv2d like tf.nn.conv2d", (
        "Turn SAME into explicit padding with same_padding (exercise 3), then pad with zero_pad (exercise 4).",
        "For each output position, take the window x[:, i*s : i*s + k_eff : dilation, ...] and contract it "
        "with the filters over (height, width, in_channels): np.tensordot or np.einsum.",
        "Filters are HWIO: (height, width, in_channels, out_channels). Do not flip them.",
    )),
    Exercise(6, "ex06_activations", "ReLU and softmax", (
        "ReLU is np.maximum(x, 0).",
        "exp(1000) overflows. softmax(x) == softmax(x - max(x)): subtract the max along the axis first.",
    )),
    Exercise(7, "ex07_pooling", "Max and average pooling", (
        "Pooling is conv2d's window loop with max or mean instead of a weighted sum, per channel.",
        "For SAME, max pooling pads with -inf, so padding never wins.",
        "SAME average pooling divides by the number of real pixels in the window, not by k * k.",
    )),
    Exercise(8, "ex08_dense", "Flatten, dense layers and parameter counts", (
        "flatten keeps the batch axis: reshape to (batch, -1).",
        "dense is x @ weights + bias, with weights of shape (n_in, n_out).",
        "A conv layer has k_h * k_w * in_channels weights per filter, plus one bias per filter.",
    )),
    Exercise(9, "ex09_forward", "A whole forward pass", (
        "Chain your own functions: conv2d, relu, max_pool2d, flatten, dense, softmax.",
        "Keras's Flatten flattens NHWC in row-major order, like reshape(batch, -1).",
    )),
    Exercise(10, "ex10_filters", "Blur and edge filters", (
        "A box blur kernel is np.ones((size, size)) / size**2.",
        "Depthwise: output channel c * multiplier + m uses input channel c and filter[:, :, c, m] only.",
        "blur_image: float, depthwise_conv2d with SAME, then np.rint, np.clip to 0..255, back to uint8.",
    )),
    Exercise(11, "ex11_im2col", "Fast convolution with im2col", (
        "im2col builds one row per output pixel holding its whole window: (N*OH*OW, KH*KW*C).",
        "Gather all windows at once with fancy indexing or np.lib.stride_tricks.sliding_window_view.",
        "Then conv2d is one matrix product: cols @ filters.reshape(-1, out_channels), reshaped to NHWC.",
    )),
    Exercise(12, "ex12_backprop", "Backpropagation through conv, pool and ReLU", (
        "ReLU passes the gradient where x > 0 and blocks it elsewhere.",
        "Max pooling sends each window's gradient to the position of its maximum only.",
        "conv2d: grad_filters[kh, kw, ci, co] = sum of window values times grad_output; grad_input "
        "scatters grad_output @ filters.T back into the (padded) windows, then crops the padding.",
    )),
    Exercise(13, "ex13_keras_layer", "Your own Keras Conv2D layer", (
        "Create the kernel and bias in build() with self.add_weight, once the input channels are known.",
        "In call(), use keras.ops.conv(inputs, self.kernel, strides, padding) and add the bias.",
        "get_config() must return every constructor argument so the layer can be saved and loaded.",
    )),
    Exercise(14, "ex14_lenet", "Build LeNet from the zoo's blocks", (
        "models.blocks.conv_block builds a conv block; models.blocks.classifier_head the dense part.",
        "LeNet: 6 filters 5x5 VALID, pool, 16 filters 5x5 VALID, pool, then 120, 84, classes.",
    )),
    Exercise(15, "ex15_train", "Train a CNN on digits", (
        "models.data.load('digits', input_shape) gives train, validation and test pipelines.",
        "Compile with Adam and sparse_categorical_crossentropy; fit with validation_data.",
        "Digits has only ~1,000 training images: the training pipeline already augments them.",
    )),
)


def find(number_or_module):
    """The exercise with this number (int or digits) or module name."""
    for exercise in EXERCISES:
        if str(number_or_module) in (str(exercise.number), exercise.module):
            return exercise
    numbers = f"1 to {len(EXERCISES)}"
    raise ValueError(f"there is no exercise {number_or_module!r}; exercises are numbered {numbers}")
