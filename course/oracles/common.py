"""The oracles several exercises share: TensorFlow's answers, and the stride, flip and padding rules.

Every exercise is checked against the real framework: these wrappers call
``tf.nn`` in float64 and hand back NumPy arrays. What only one exercise needs
lives in that exercise's own module beside this one, named like the exercise
(``course.oracles.ex07_pooling``). The ``*_mistakes`` functions return
``(explanation, compute)`` pairs for :func:`course.harness.compare`:
``compute()`` runs TensorFlow the way a common mistake would (or returns None
where that mistake can't show on the case). The harness names a mistake only
when its answer differs from the right one and equals the student's. Here are
the mistakes that several exercises share: a stride ignored or applied on one
axis, a flipped kernel, SAME's padding on the wrong side. And one check that
several exercises share: a function given a generator or a seed draws its
random numbers from it, and from nothing else (:func:`check_seeded`).
"""

import math

import numpy as np
import tensorflow as tf

from course.drivers import RNG
from course.failures import Failure


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


def correlate2d(image, kernel, stride=1):
    """A 2-D image cross-correlated with a 2-D kernel: exercise 2's answer, which exercise 10's tests use too."""
    return conv2d(np.asarray(image, float)[None, :, :, None], np.asarray(kernel, float)[:, :, None, None], stride)[
        0, :, :, 0
    ]


def conv2d_window(x, filters, strides=1, padding="VALID", dilations=1, max_taps=27):
    """``explain(index)`` for :func:`course.harness.compare`: the window and kernel taps behind one
    output value of conv2d, for a small kernel (exercises 2 and 5)."""
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


# --- Mistakes several exercises share: the stride, the flip, SAME's padding --------------------

STRIDE_IGNORED = "the stride was ignored: the window moved 1 pixel at a time."
STRIDE_ONE_AXIS = "the stride was applied on one axis only: the window must move `stride` pixels down and across."
FLIPPED = (
    "the kernel was flipped. Flipping is true convolution (exercise 1); "
    "tf.nn.conv2d computes cross-correlation, without the flip."
)
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


def same_rule_mistakes(op, x_shape, kernel_shape, strides, dilations=1):
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


def stride_mistakes(run, strides):
    """The stride ignored, or applied on one axis only; ``run(strides)`` computes the result."""
    return [
        (STRIDE_IGNORED, lambda: run(1)),
        *((STRIDE_ONE_AXIS, lambda axis=axis: _maybe(run, _one_axis(strides, axis))) for axis in (0, 1)),
    ]


def _maybe(function, *args):
    """``function(*args)``, or None if one of them is None (a mistake that can't happen here)."""
    return None if any(arg is None for arg in args) else function(*args)


# --- Randomness: a function given a generator or a seed draws from it, and from nothing else ----------

GLOBAL_GENERATORS = (
    "drew random numbers from NumPy's global generator (np.random.rand, np.random.permutation, "
    "np.random.shuffle...) or from Python's random module, or seeded one of them."
)


def rng_from_seed(seed):
    """An argument that a driver (course/drivers.py's seeded_call) hands to the student's function as
    np.random.default_rng(seed): a Generator can't travel to the student's process as plain data."""
    return {RNG: seed}


def same_values(a, b):
    """Whether two answers are exactly equal: arrays, numbers, and lists, tuples and dicts of them."""
    if isinstance(a, dict) or isinstance(b, dict):
        both = isinstance(a, dict) and isinstance(b, dict)
        return both and a.keys() == b.keys() and all(same_values(a[key], b[key]) for key in a)
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return (isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)) and len(a) == len(b)
                and all(map(same_values, a, b)))  # fmt: skip
    try:
        return bool(np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True))
    except TypeError:  # not numbers (a description of an object that could not be sent back)
        return a == b


def check_seeded(run, call, source, seeds=(1, 2), global_seeds=(3, 4)):
    """Raises :class:`course.failures.Failure` unless the student's ``call`` (in words) takes its randomness
    from ``source`` (in words: "`rng`") and from nothing else. Returns its three runs.

    ``run(seed, global_seed)`` runs it in the student's process (a driver of course/drivers.py) with
    ``seed`` for its generator or seed and NumPy's and Python's global generators seeded to
    ``global_seed``, and returns {"returned": its answer, "global": whether it used the global
    generators}. The same seed must give the same answer, whatever the global seed; another seed,
    another answer; and the global generators must stay untouched."""
    (seed, another_seed), (global_seed, another_global_seed) = seeds, global_seeds
    runs = [run(seed, global_seed), run(seed, another_global_seed), run(another_seed, global_seed)]
    first, again, other = runs
    if any(result["global"] for result in runs):
        problem = f"{call.partition('(')[0]} {GLOBAL_GENERATORS} Draw every random number from {source}."
    elif not same_values(first["returned"], again["returned"]):
        problem = (f"the same seed ({seed}) gave two different answers. Draw every random number from {source}: "
                   "a generator made without a seed, np.random.default_rng(), differs each time.")  # fmt: skip
    elif same_values(first["returned"], other["returned"]):
        problem = (f"seeds {seed} and {another_seed} gave the same answer, so {source} was not used. "
                   "Draw the random numbers from it.")  # fmt: skip
    else:
        return runs
    raise Failure(f"For {call}:\n  {problem}")
