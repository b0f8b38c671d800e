"""TensorFlow's answers, and what known mistakes would give instead.

Every exercise is checked against the real framework: these wrappers call
``tf.nn`` in float64 and hand back NumPy arrays. The ``*_mistakes`` functions
return ``(explanation, compute)`` pairs for :func:`course.harness.check`:
``compute()`` runs TensorFlow the way a common mistake would (or returns None
where that mistake can't show on the case). The harness names a mistake only
when its answer differs from the right one and equals the student's.
"""

import math

import numpy as np
import tensorflow as tf


def pair(value):
    """An int or a pair -> a pair."""
    return (value, value) if isinstance(value, int) else tuple(value)


def same_pads(size, kernel_size, stride=1, dilation=1):
    """TF's SAME padding of one axis: (before, after), the odd extra one after."""
    effective = dilation * (kernel_size - 1) + 1
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


def explicit(padding):
    """A padding argument as TF wants it: "SAME", "VALID" or [[0,0],[t,b],[l,r],[0,0]]."""
    return padding if isinstance(padding, str) else [list(p) for p in padding]


def conv2d(x, filters, strides=1, padding="VALID", dilations=1):
    return tf.nn.conv2d(
        tf.constant(x, tf.float64), tf.constant(filters, tf.float64),
        strides=pair(strides), padding=explicit(padding), dilations=pair(dilations),
    ).numpy()  # fmt: skip


def depthwise_conv2d(x, filters, strides=1, padding="VALID"):
    sh, sw = pair(strides)
    return tf.nn.depthwise_conv2d(
        tf.constant(x, tf.float64), tf.constant(filters, tf.float64), [1, sh, sw, 1], padding
    ).numpy()


def max_pool2d(x, ksize, strides, padding):
    return tf.nn.max_pool2d(tf.constant(x, tf.float64), pair(ksize), pair(strides), padding).numpy()


def avg_pool2d(x, ksize, strides, padding):
    return tf.nn.avg_pool2d(tf.constant(x, tf.float64), pair(ksize), pair(strides), padding).numpy()


def gradients(forward, inputs, grad_output):
    """d sum(forward(*inputs) * grad_output) / d input, for each input, by tf.GradientTape."""
    variables = [tf.Variable(value, dtype=tf.float64) for value in inputs]
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(forward(*variables) * grad_output)
    return [gradient.numpy() for gradient in tape.gradient(loss, variables)]


# --- Padding -------------------------------------------------------------------------------------

STRIDE_IGNORED = "the stride was ignored: the window moved 1 pixel at a time."
MIRRORED = (
    "the odd extra row or column of SAME padding went before (top/left). TF puts it after "
    "(bottom/right): before = total // 2, after = total - before."
)
SYMMETRIC = (
    "symmetric padding: the same on both sides. When SAME's total padding is odd, TF puts one "
    "more row or column after (bottom/right) than before: before = total // 2, after = total - before."
)
SAME_RULES = (  # how a mistake rearranges TF's (before, after) pads of SAME, and what it is called
    (MIRRORED, lambda before, after: (after, before)),
    (SYMMETRIC, lambda before, after: (before, before)),
    (SYMMETRIC, lambda before, after: (after, after)),
)


def same_as_explicit(x_shape, kernel_shape, strides, dilations=1, rule=lambda before, after: (before, after)):
    """TF's SAME padding as explicit [[0,0],[top,bottom],[left,right],[0,0]], rearranged by ``rule``."""
    pads = [
        rule(*same_pads(size, k, s, d))
        for size, k, s, d in zip(x_shape[1:3], kernel_shape, pair(strides), pair(dilations), strict=True)
    ]
    return [[0, 0], list(pads[0]), list(pads[1]), [0, 0]]


def _same_padding_mistakes(op, x_shape, kernel_shape, strides, dilations=1):
    """SAME padded the wrong way round or symmetrically; ``op(explicit_pads)`` computes the result."""
    return [
        (explanation, lambda rule=rule: op(same_as_explicit(x_shape, kernel_shape, strides, dilations, rule)))
        for explanation, rule in SAME_RULES
    ]


def _one_axis(value, axis):
    """``value`` (an int or a pair) applied on one axis only, 1 on the other; None if that changes nothing."""
    h, w = pair(value)
    single = (h, 1) if axis == 0 else (1, w)
    return single if single != (h, w) else None


def _stride_mistakes(run, strides):
    """The stride ignored, or applied on one axis only; ``run(strides)`` computes the result."""
    return [
        (STRIDE_IGNORED, lambda: run(1)),
        *((STRIDE_ONE_AXIS, lambda axis=axis: _maybe(run, _one_axis(strides, axis))) for axis in (0, 1)),
    ]


# --- Exercise 1: 1-D convolution ---------------------------------------------------------------


def convolve1d_mistakes(signal, kernel, mode):
    full = np.convolve(signal, kernel, "full")
    length = max(len(signal), len(kernel))

    def same_on_the_wrong_side():
        if mode != "same":
            return None
        start = math.ceil((len(full) - length) / 2)  # the odd extra value dropped at the start
        return full[start : start + length]

    return [
        ("the kernel was not flipped: that is cross-correlation. Convolution flips the kernel first.",
         lambda: np.convolve(signal, kernel[::-1], mode)),
        ("'same' was centred on the wrong side: when an odd number of values is dropped from 'full', "
         "np.convolve drops the extra one at the end, not at the start.", same_on_the_wrong_side),
    ]  # fmt: skip


# --- Exercise 2: 2-D cross-correlation ---------------------------------------------------------


def correlate2d(image, kernel, stride=1):
    return conv2d(np.asarray(image, float)[None, :, :, None], np.asarray(kernel, float)[:, :, None, None], stride)[
        0, :, :, 0
    ]


def correlate2d_mistakes(image, kernel, stride):
    right = correlate2d(image, kernel, stride)
    return [
        *_stride_mistakes(lambda s: correlate2d(image, kernel, s), stride),
        (FLIPPED, lambda: correlate2d(image, np.asarray(kernel)[::-1, ::-1], stride)),
        ("the output is one row and one column too small: the number of positions is "
         "(H - kh) // stride + 1. The + 1 counts the first window.", lambda: right[:-1, :-1]),
    ]  # fmt: skip


def _maybe(function, *args):
    """``function(*args)``, or None if one of them is None (a mistake that can't happen here)."""
    return None if any(arg is None for arg in args) else function(*args)


STRIDE_ONE_AXIS = "the stride was applied on one axis only: the window must move `stride` pixels down and across."
FLIPPED = (
    "the kernel was flipped. Flipping is true convolution (exercise 1); "
    "tf.nn.conv2d computes cross-correlation, without the flip."
)


# --- Exercise 3: output sizes ------------------------------------------------------------------

FLOOR_CEIL = "floor and ceil were swapped: VALID uses floor((N - K) / S) + 1, SAME uses ceil(N / S)."
MISSING_PLUS_ONE = "the + 1 is missing: floor((N - K + 2P) / S) counts the steps; the first window adds one."
DILATION_IGNORED = "the dilation was ignored: a dilated kernel covers D * (K - 1) + 1 pixels."
SAME_KEEPS_SIZE = (
    "SAME was taken to keep the size N. A common formula, P = (S(N - 1) - N + K) / 2, does keep it "
    "for any stride; TF's SAME instead gives ceil(N / S) outputs, so striding still shrinks."
)


def output_size(size, kernel_size, stride, padding, dilation):
    """The height of tf.nn.conv2d's output on a (1, size, 1, 1) input."""
    x, kernel = np.zeros((1, size, 1, 1)), np.zeros((kernel_size, 1, 1, 1))
    if isinstance(padding, int):
        padding = [[0, 0], [padding, padding], [0, 0], [0, 0]]
    return conv2d(x, kernel, (stride, 1), padding, (dilation, 1)).shape[1]


def output_size_mistakes(size, kernel_size, stride, padding, dilation):
    effective = dilation * (kernel_size - 1) + 1
    pad = 0 if padding in ("SAME", "VALID") else padding

    def valid_only(function):
        return lambda: None if padding == "SAME" else function()

    return [
        (STRIDE_IGNORED, lambda: output_size(size, kernel_size, 1, padding, dilation)),
        (FLOOR_CEIL, lambda: size // stride if padding == "SAME"
         else math.ceil((size - effective + 2 * pad) / stride) + 1),
        (MISSING_PLUS_ONE, valid_only(lambda: (size - effective + 2 * pad) // stride)),
        (SAME_KEEPS_SIZE, lambda: size if padding == "SAME" else None),
        (DILATION_IGNORED, lambda: output_size(size, kernel_size, stride, padding, 1)),
    ]  # fmt: skip


def same_padding_mistakes(size, kernel_size, stride, dilation):
    before, after = same_pads(size, kernel_size, stride, dilation)
    keeps_size = (stride * (size - 1) - size + dilation * (kernel_size - 1) + 1) / 2
    return [
        (MIRRORED, lambda: (after, before)),
        (SAME_KEEPS_SIZE, lambda: (math.floor(keeps_size), math.ceil(keeps_size))),
        (STRIDE_IGNORED, lambda: same_pads(size, kernel_size, 1, dilation)),
        (DILATION_IGNORED, lambda: same_pads(size, kernel_size, stride, 1)),
    ]


# --- Exercise 4: zero padding ------------------------------------------------------------------


def pad_pairs(pad):
    """An int or ((top, bottom), (left, right)) -> ((top, bottom), (left, right))."""
    return ((pad, pad), (pad, pad)) if isinstance(pad, int) else tuple(tuple(p) for p in pad)


def zero_pad(x, pad):
    (top, bottom), (left, right) = pad_pairs(pad)
    return tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]).numpy()


def zero_pad_mistakes(x, pad):
    (top, bottom), (left, right) = pad_pairs(pad)
    return [
        ("(top, bottom) and (left, right) were swapped: the first pair pads the height (axis 1).",
         lambda: tf.pad(x, [[0, 0], [left, right], [top, bottom], [0, 0]]).numpy()),
        ("the batch axis was padded too: pad height and width only, with (0, 0) for batch and channels.",
         lambda: tf.pad(x, [[top, bottom], [top, bottom], [left, right], [0, 0]]).numpy()),
        ("the channels were padded too: pad height and width only, with (0, 0) for batch and channels.",
         lambda: tf.pad(x, [[0, 0], [top, bottom], [left, right], [left, right]]).numpy()),
        ("every axis was padded, batch and channels too, as np.pad(x, p) does with a single number: "
         "give np.pad four pairs, ((0, 0), (top, bottom), (left, right), (0, 0)).",
         lambda: tf.pad(x, [[top, bottom], [top, bottom], [left, right], [left, right]]).numpy()),
    ]  # fmt: skip


MISSING_CHANNEL_PAIR = (
    "np.pad got fewer (before, after) pairs than the input has axes. An NHWC batch has four: "
    "((0, 0), (top, bottom), (left, right), (0, 0)); the channel pair (0, 0) is easy to forget."
)


# --- Exercise 5 (and 11): conv2d ---------------------------------------------------------------


def conv2d_mistakes(x, filters, strides=1, padding="VALID", dilations=1):
    kh, kw, c_in, c_out = filters.shape
    run = lambda f=filters, s=strides, p=padding, d=dilations: conv2d(x, f, s, p, d)  # noqa: E731
    mistakes = [
        *_stride_mistakes(lambda s: run(s=s), strides),
        (FLIPPED, lambda: run(f=filters[::-1, ::-1])),
        ("the kernel's dilation was ignored: its taps must be `dilation` pixels apart.", lambda: run(d=1)),
        ("only input channel 0 was used. Each output sums window x filter over height, width "
         "and every input channel.", lambda: conv2d(x[..., :1], filters[:, :, :1], strides, padding, dilations)),
        ("the filters were read as (KH, KW, C_out, C_in). tf.nn.conv2d's filters are HWIO: "
         "(height, width, in_channels, out_channels).",
         lambda: run(f=filters.transpose(0, 1, 3, 2)) if c_in == c_out else None),
        ("the windows were flattened in (C, KH, KW) order but the filters in (KH, KW, C) order "
         "(or the other way round): flatten both the same way, as a row-major reshape of (KH, KW, C) does.",
         lambda: run(f=filters.transpose(2, 0, 1, 3).reshape(kh, kw, c_in, c_out))),
        ("the windows were flattened in (C, KH, KW) order but the filters in (KH, KW, C) order "
         "(or the other way round): flatten both the same way, as a row-major reshape of (KH, KW, C) does.",
         lambda: run(f=filters.reshape(c_in, kh, kw, c_out).transpose(1, 2, 0, 3))),
    ]  # fmt: skip
    if padding == "SAME":
        # SAME's pads depend on the stride too: a mistake may pad for the right stride, then slide wrongly.
        pads = same_as_explicit(x.shape, (kh, kw), strides, dilations)
        mistakes += _stride_mistakes(lambda s: run(s=s, p=pads), strides)
        mistakes += _same_padding_mistakes(lambda pads: run(p=pads), x.shape, (kh, kw), strides, dilations)
    elif not isinstance(padding, str):
        rows = [list(row) for row in padding]
        mistakes += [
            ("the explicit padding was read from the wrong rows: it is [[0, 0], [top, bottom], "
             "[left, right], [0, 0]], so height's pads are row 1 and width's row 2.",
             lambda pads=pads: run(p=pads))
            for pads in ([[0, 0], rows[0], rows[1], [0, 0]], [[0, 0], rows[2], rows[1], [0, 0]])
        ]  # fmt: skip
    return mistakes


def conv2d_window(x, filters, strides=1, padding="VALID", dilations=1, max_taps=27):
    """``explain(index)`` for :func:`course.harness.check`: the window and kernel taps behind one
    output value of conv2d, for a small kernel."""
    kh, kw, c_in, _ = filters.shape
    (sh, sw), (dh, dw) = pair(strides), pair(dilations)
    pads = same_as_explicit(x.shape, (kh, kw), strides, dilations) if padding == "SAME" else padding
    padded = x if pads == "VALID" else np.pad(x, [tuple(p) for p in pads])

    def explain(index):
        n, i, j, o = index
        if kh * kw * c_in > max_taps:
            return []
        window = padded[n, i * sh : i * sh + dh * (kh - 1) + 1 : dh, j * sw : j * sw + dw * (kw - 1) + 1 : dw]
        taps = filters[..., o]
        lines = [f"How TensorFlow gets output {index}: the window starting at padded row {i * sh}, column "
                 f"{j * sw}, times the kernel taps of filter {o}, summed:"]  # fmt: skip
        for c in range(c_in):
            lines.append(f"  input channel {c}: window {_matrix(window[..., c])}  taps {_matrix(taps[..., c])}")
        lines.append(f"  sum of window x taps = {float(np.sum(window * taps)):.6g}")
        return lines

    return explain


def _matrix(values):
    return "[" + "; ".join(" ".join(f"{v:.3g}" for v in row) for row in values) + "]"


# --- Exercise 6: activations -------------------------------------------------------------------


def softmax_mistakes(x, axis):
    x = tf.constant(x, tf.float64)
    exp = tf.exp(x)
    wrong_axes = [a for a in range(len(x.shape)) if a != axis % len(x.shape)]

    def no_keepdims(shift):
        """exp(x - shift) over its sum taken without keepdims, broadcast as NumPy would."""
        try:
            shifted = tf.exp(x - shift)
            return (shifted / tf.reduce_sum(shifted, axis=axis)).numpy()
        except tf.errors.InvalidArgumentError:  # the shapes don't even broadcast: that mistake crashes instead
            return None

    # The maximum subtracted is the whole array's, or the axis's with or without keepdims.
    shifts = (tf.reduce_max(x), tf.reduce_max(x, axis=axis, keepdims=True), tf.reduce_max(x, axis=axis))
    return [
        *(("softmax was taken over the wrong axis.", lambda a=a: tf.nn.softmax(x, axis=a).numpy()) for a in wrong_axes),
        ("the maximum was not subtracted first, so exp() overflowed to inf, and inf / inf is NaN. "
         "softmax(x) == softmax(x - max(x)): subtract the maximum along the axis.",
         lambda: (exp / tf.reduce_sum(exp, axis=axis, keepdims=True)).numpy()),
        *(("the sum was taken without keepdims=True, so dividing by it broadcast along the wrong axis.",
           lambda shift=shift: no_keepdims(shift)) for shift in shifts),
    ]  # fmt: skip


RELU_ABS = ("ReLU was computed as abs(x). ReLU keeps positive values and turns negative ones into 0: "
            "max(0, x).")  # fmt: skip


# --- Exercise 7: pooling -----------------------------------------------------------------------


def pool_mistakes(op, x, ksize, strides, padding):
    """Known pooling mistakes; ``op`` is :func:`max_pool2d` or :func:`avg_pool2d`."""
    (kh, kw), (sh, sw) = pair(ksize), pair(strides)
    mistakes = [
        (STRIDE_IGNORED, lambda: op(x, ksize, 1, padding)),
        ("the stride defaulted to the window size. Use the strides argument: windows may overlap "
         "or leave gaps.", lambda: op(x, ksize, ksize, padding)),
    ]  # fmt: skip
    fill = -np.inf if op is max_pool2d else np.nan
    if padding == "VALID":
        extra = [(-(size - k) % s) for size, k, s in zip(x.shape[1:3], (kh, kw), (sh, sw), strict=True)]
        mistakes.append((
            "the output size was rounded up, so a last window hangs over the edge. VALID keeps only "
            "windows that fit: floor((N - K) / S) + 1.",
            lambda: _padded_pool(op, x, [[0, 0], [0, extra[0]], [0, extra[1]], [0, 0]], ksize, strides, fill),
        ))  # fmt: skip
        return mistakes
    tf_pads = same_as_explicit(x.shape, (kh, kw), strides)
    if op is avg_pool2d:
        mistakes.append((
            "the padding zeros were counted. TF's SAME average pooling divides by the number of "
            "real pixels in each window, not by the window's full size.",
            lambda: avg_pool2d(np.pad(x, tf_pads), ksize, strides, "VALID"),
        ))  # fmt: skip
    else:
        mistakes.append((
            "the padding was 0 instead of -inf, so a zero from the padding beat negative pixels. "
            "Pad max pooling with -np.inf.",
            lambda: max_pool2d(np.pad(x, tf_pads), ksize, strides, "VALID"),
        ))  # fmt: skip
    mistakes += _same_padding_mistakes(
        lambda pads: _padded_pool(op, x, pads, ksize, strides, fill), x.shape, (kh, kw), strides
    )
    return mistakes


def _padded_pool(op, x, pads, ksize, strides, fill):
    """Pooling of ``x`` padded with ``fill`` (NaN for average pooling: left out of the mean)."""
    padded = np.pad(x, pads, constant_values=fill)
    if op is max_pool2d:
        return max_pool2d(padded, ksize, strides, "VALID")
    real = np.isfinite(padded)
    sums = avg_pool2d(np.where(real, padded, 0.0), ksize, strides, "VALID")
    return sums / avg_pool2d(real.astype(float), ksize, strides, "VALID")


# --- Exercise 8: dense -------------------------------------------------------------------------

BIAS_LEFT_OUT = "the bias was left out: dense is x @ weights + bias."
CHANNELS_FIRST = (
    "the axes were flattened channels first, as transpose(0, 3, 1, 2) would: Keras's Flatten keeps "
    "NHWC's row-major order, reshape(batch, -1)."
)
BIASES_NOT_COUNTED = "the biases were not counted: there is one per output neuron (or filter)."


# --- Exercise 10: depthwise --------------------------------------------------------------------


def depthwise_mistakes(x, filters, strides, padding):
    channels, multiplier = filters.shape[2:]

    def channel_major():
        out = depthwise_conv2d(x, filters, strides, padding)
        return out.reshape(*out.shape[:3], channels, multiplier).swapaxes(3, 4).reshape(out.shape)

    return [
        (STRIDE_IGNORED, lambda: depthwise_conv2d(x, filters, 1, padding)),
        ("the output channels were ordered m * C + c. tf.nn.depthwise_conv2d puts filter m of input "
         "channel c at c * M + m: all of channel 0's outputs first.", channel_major),
    ]  # fmt: skip


# --- Exercise 11: im2col -----------------------------------------------------------------------


def extract_patches(x, kernel_size, strides, padding):
    """im2col's answer: tf.image.extract_patches, one row per output pixel, (KH, KW, C) order."""
    (kh, kw), (sh, sw) = pair(kernel_size), pair(strides)
    patches = tf.image.extract_patches(x, [1, kh, kw, 1], [1, sh, sw, 1], [1, 1, 1, 1], padding).numpy()
    return patches.reshape(-1, patches.shape[-1])


def im2col_mistakes(x, kernel_size, strides, padding):
    (kh, kw), channels = pair(kernel_size), x.shape[3]
    padded = np.pad(x, same_as_explicit(x.shape, (kh, kw), strides)) if padding == "SAME" else x
    return [
        (STRIDE_IGNORED, lambda: extract_patches(x, kernel_size, 1, padding)),
        (STRIDE_IGNORED, lambda: extract_patches(padded, kernel_size, 1, "VALID")),  # padded for the real stride
        ("each row holds its window in (C, KH, KW) order; the row-major order of a (KH, KW, C) window "
         "is (KH, KW, C): window.reshape(-1), without a transpose.",
         lambda: extract_patches(x, kernel_size, strides, padding)
         .reshape(-1, kh, kw, channels).transpose(0, 3, 1, 2).reshape(-1, kh * kw * channels)),
    ]  # fmt: skip


# --- Exercise 12: backpropagation --------------------------------------------------------------

RELU_GRADIENT_AT_ZERO = (
    "at x == 0 the gradient was passed through. ReLU's derivative at exactly 0 is taken as 0 "
    "(TensorFlow does): use x > 0, not x >= 0."
)


def relu_backward_mistakes(x, grad_output):
    return [(RELU_GRADIENT_AT_ZERO, lambda: grad_output * (x >= 0))]


def max_pool_backward_mistakes(x, grad_output, ksize, strides, padding):
    return [
        ("each window's gradient went to every pixel of the window. It goes to the window's maximum only.",
         lambda: _max_pool_backward(x, grad_output, ksize, strides, padding, "window")),
        ("the gradient went to every maximum of a window with ties. TF sends it to one: the first "
         "maximum in row-major order (top row first, then left to right).",
         lambda: _max_pool_backward(x, grad_output, ksize, strides, padding, "ties")),
        ("the gradient was assigned (=) instead of added (+=), so where windows overlap and share "
         "a maximum, the last window's gradient replaced the others'.",
         lambda: _max_pool_backward(x, grad_output, ksize, strides, padding, "assign")),
    ]  # fmt: skip


def _max_pool_backward(x, grad_output, ksize, strides, padding, rule):
    """Max pooling's input gradient computed the wrong way ``rule`` says: "window", "ties" or "assign"."""
    (kh, kw), (sh, sw) = pair(ksize), pair(strides)
    pads = same_as_explicit(x.shape, (kh, kw), strides) if padding == "SAME" else [[0, 0]] * 4
    padded = np.pad(x, pads, constant_values=-np.inf)
    grad = np.zeros_like(padded)
    for i in range(grad_output.shape[1]):
        for j in range(grad_output.shape[2]):
            rows, cols = slice(i * sh, i * sh + kh), slice(j * sw, j * sw + kw)
            window = padded[:, rows, cols, :]
            g = grad_output[:, i : i + 1, j : j + 1, :]
            if rule == "window":
                grad[:, rows, cols, :] += np.isfinite(window) * g
            elif rule == "ties":
                grad[:, rows, cols, :] += (window == window.max(axis=(1, 2), keepdims=True)) * g
            else:
                first = _first_maximum(window)
                grad[:, rows, cols, :] = np.where(first, g, grad[:, rows, cols, :])
    (top, _), (left, _) = pads[1], pads[2]
    return grad[:, top : top + x.shape[1], left : left + x.shape[2], :]


def _first_maximum(window):
    """A mask of each (image, channel)'s first maximum in the window, row-major."""
    n, kh, kw, c = window.shape
    flat = window.transpose(0, 3, 1, 2).reshape(n, c, kh * kw)
    mask = np.zeros_like(flat, dtype=bool)
    np.put_along_axis(mask, flat.argmax(axis=2)[..., None], True, axis=2)
    return mask.reshape(n, c, kh, kw).transpose(0, 2, 3, 1)


def conv2d_backward_mistakes(x, filters, grad_output, strides, padding):
    def forward(kernel):
        return lambda v, f: tf.nn.conv2d(v, kernel(f), strides, explicit(padding))

    return [
        ("grad_input used the kernel without flipping it. Sending each output's gradient back through "
         "the window it came from turns the kernel around (a full convolution with the flipped kernel); "
         "accumulate grad_output @ filters[a, b].T at the pixels tap (a, b) touched instead.",
         lambda: gradients(forward(lambda f: f[::-1, ::-1]), [x, filters], grad_output)[0]),
    ]  # fmt: skip
