from functools import partial

import numpy as np
import pytest

from course.failures import Mismatch
from course.harness import compare, compare_each, describe, load, not_an_array, rejects, unchanged
from course.oracles import ex28_style as oracle
from course.oracles.common import check_seeded

exercise = load("ex28_style")
RTOL, ATOL = 1e-5, 1e-7  # the features are float32, as a network's are


def features(shape, seed):
    return np.random.default_rng(seed).normal(size=shape).astype(np.float32)


def call(function, *args, as_tensors=False):
    """``function(*args)`` of the student's module, its arrays given as NumPy arrays or as tensors: what it
    returned, its tensors as NumPy arrays. A plain call first says, by the function's name, whether it is not
    started, crashes or changes its input; the driver then gets the tensors it returns, which can't travel."""
    getattr(exercise, function)(*args)
    return exercise.drive("tensor_call", function, list(args), as_tensors)


def number(value):
    """A cost as a float64 0-d array: a Python float, a NumPy number and a 0-d tensor are all fine."""
    if isinstance(value, (float, int)) and not isinstance(value, bool):
        return np.float64(value)
    if isinstance(value, (np.ndarray, np.generic)) and value.dtype.kind == "f":
        return value.astype(np.float64)
    return value  # compare says what it is instead


def compare_cost(function, args, expected, case, mistakes, as_tensors=False):
    actual = number(call(function, *args, as_tensors=as_tensors))
    if isinstance(actual, np.ndarray) and actual.shape == (1,):
        raise Mismatch(f"For {case}:\n  {function} returned an array of shape (1,); return a single number "
                       "(tf.reduce_sum without keepdims sums every axis to a 0-d tensor).")  # fmt: skip
    compare(actual, expected, case, rtol=RTOL, atol=ATOL, mistakes=mistakes)


# --- gram_matrix ------------------------------------------------------------------------------------------------------


def test_gram_worked_example():
    # One image, one row of four positions: G = [[1+9+1+1, 2+12+0+2], [2+12+0+2, 4+16+0+4]] / 4. H*W, C and
    # H*W*C differ, and a plain reshape to (N, C, H*W) mixes the channels: each mistake shows.
    x = np.array([[[[1.0, 2.0], [3.0, 4.0], [1.0, 0.0], [1.0, 2.0]]]], np.float32)
    expected = np.array([[[3.0, 4.0], [4.0, 6.0]]])
    assert np.allclose(oracle.gram_matrix(x), expected)
    gram = call("gram_matrix", x)
    compare(gram, expected, describe(features=x.shape, values="[[1, 2], [3, 4], [1, 0], [1, 2]]"), rtol=RTOL, atol=ATOL,
            mistakes=oracle.gram_mistakes(x))  # fmt: skip


GRAM_SHAPES = [(2, 3, 5, 4), (3, 6, 2, 7), (1, 4, 4, 3), (1, 1, 1, 3)]  # batch > 1, not square, one pixel


@pytest.mark.parametrize("shape", GRAM_SHAPES, ids=lambda shape: describe(features=shape))
def test_gram_matches_tensorflow(shape):
    x = features(shape, sum(shape))
    compare(call("gram_matrix", x), oracle.gram_matrix(x), describe(features=shape), rtol=RTOL, atol=ATOL,
            mistakes=oracle.gram_mistakes(x))  # fmt: skip


def test_gram_takes_a_tensor():
    x = features((2, 5, 3, 4), 1)
    compare(call("gram_matrix", x, as_tensors=True), oracle.gram_matrix(x), describe(features="tensor (2, 5, 3, 4)"),
            rtol=RTOL, atol=ATOL, mistakes=oracle.gram_mistakes(x))  # fmt: skip


# --- content_cost -----------------------------------------------------------------------------------------------------


def test_content_cost_worked_example():
    # a_C and a_G differ by 3 at one of 1*1*2*3 values: 3**2 / (4 * 1 * 2 * 3) = 9 / 24.
    a_C = np.array([[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]]], np.float32)
    a_G = np.array([[[[1.0, 2.0, 3.0], [4.0, 5.0, 3.0]]]], np.float32)
    assert oracle.content_cost(a_C, a_G) == pytest.approx(9 / 24)
    compare_cost("content_cost", (a_C, a_G), 9 / 24, describe(features=a_C.shape, example="the docstring's"),
                 oracle.content_mistakes(a_C, a_G))  # fmt: skip


@pytest.mark.parametrize("shape, as_tensors", [((2, 3, 5, 4), False), ((1, 6, 2, 7), True)])
def test_content_cost_matches_tensorflow(shape, as_tensors):
    a_C, a_G = features(shape, 2), features(shape, 3)
    case = describe(features=shape, given_as="tensors" if as_tensors else "arrays")
    compare_cost("content_cost", (a_C, a_G), oracle.content_cost(a_C, a_G), case,
                 oracle.content_mistakes(a_C, a_G), as_tensors)  # fmt: skip


# --- style_cost -------------------------------------------------------------------------------------------------------


def test_style_cost_worked_example():
    # G_S = [[3, 4], [4, 6]] (gram_matrix's example), G_G = 0: (9 + 16 + 16 + 36) / (4 * 2**2), weight 0.5.
    a_S = np.array([[[[1.0, 2.0], [3.0, 4.0], [1.0, 0.0], [1.0, 2.0]]]], np.float32)
    a_G = np.zeros_like(a_S)
    expected = 0.5 * 77 / 16
    assert oracle.style_cost([a_S], [a_G], [0.5]) == pytest.approx(expected)
    compare_cost("style_cost", ([a_S], [a_G], [0.5]), expected, describe(layers=1, example="the docstring's"),
                 oracle.style_mistakes([a_S], [a_G], [0.5]))  # fmt: skip


LAYER_SHAPES = [(2, 8, 6, 3), (2, 4, 3, 5), (2, 2, 2, 6)]  # a small network's, with a batch of 2
WEIGHTS = [0.5, 0.3, 0.2]


def style_layers(seed):
    style = [features(shape, seed + i) for i, shape in enumerate(LAYER_SHAPES)]
    return style, [features(shape, seed + 10 + i) for i, shape in enumerate(LAYER_SHAPES)]


@pytest.mark.parametrize("as_tensors", [False, True], ids=["arrays", "tensors"])
def test_style_cost_matches_tensorflow(as_tensors):
    style, generated = style_layers(0)
    case = describe(layers=LAYER_SHAPES, weights=WEIGHTS, given_as="tensors" if as_tensors else "arrays")
    compare_cost("style_cost", (style, generated, WEIGHTS), oracle.style_cost(style, generated, WEIGHTS), case,
                 oracle.style_mistakes(style, generated, WEIGHTS), as_tensors)  # fmt: skip


# --- total_cost -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("args, expected", [((2.0, 0.5), 40.0), ((2.0, 0.5, 1, 1000), 502.0)])
def test_total_cost_worked_examples(args, expected):
    # 10 * 2 + 40 * 0.5 = 40 with the defaults; 1 * 2 + 1000 * 0.5 = 502.
    assert oracle.total_cost(*args) == expected
    names = ("content_cost", "style_cost", "alpha", "beta")
    compare_cost("total_cost", args, expected, describe(**dict(zip(names, args, strict=False))),
                 oracle.total_mistakes(*args))  # fmt: skip


# --- texture_features -------------------------------------------------------------------------------------------------

FILTER_SHAPES = [(3, 3, 3, 4), (3, 3, 4, 5), (1, 1, 5, 2)]


def test_texture_features_match_tensorflow():
    images = np.random.default_rng(6).uniform(size=(2, 12, 10, 3)).astype(np.float32)
    filters = oracle.random_filters(FILTER_SHAPES, 7)
    found = call("texture_features", images, filters)
    case = describe(images=images.shape, filters=FILTER_SHAPES)
    if not isinstance(found, (list, tuple)) or len(found) != len(filters):
        shown = f"a {type(found).__name__} of {len(found)}" if isinstance(found, (list, tuple)) else f"{found!r:.60}"
        raise Mismatch(f"For {case}:\n  texture_features returned {shown}; return a list of one feature map per "
                       "kernel.")  # fmt: skip
    expected = oracle.texture_features(images, filters)
    compare_each(
        {f"layer {i}": pair for i, pair in enumerate(zip(found, expected, strict=True))},
        case,
        rtol=1e-4,
        atol=1e-5,
        mistakes={f"layer {i}": oracle.feature_mistakes(images, filters, i) for i in range(3)},
    )


# --- bad input --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "function, args, why",
    [
        ("gram_matrix", (features((4, 5, 3), 0),), "features of 3 dimensions (H, W, C), not 4"),
        ("content_cost", (features((1, 4, 4, 3), 0), features((1, 4, 4, 2), 1)), "a_C and a_G of different shapes"),
        ("style_cost", (*style_layers(0), [0.5, 0.5]), "2 weights for 3 layers"),
        ("style_cost", (style_layers(0)[0], style_layers(0)[1][:2], WEIGHTS), "3 style layers but 2 generated"),
        ("synthesize_texture", (features((8, 8, 3), 0), [features((3, 3, 3, 4), 1)], 0), "steps 0"),
    ],
)  # fmt: skip
def test_bad_arguments_raise_value_error(function, args, why):
    rejects(lambda: call(function, *args), why)


# --- the costs can be differentiated ----------------------------------------------------------------------------------


def gradient_check(function, args, position, expected, case):
    """The gradient of the student's cost, by tf.GradientTape, against ``expected()``, the oracle's: one array per
    feature map. (The oracle runs second: a stub that is not started is told so without waiting for TF's tape.)"""
    found = exercise.drive("tensor_gradients", function, list(args), position)
    if isinstance(found, dict):
        raise Mismatch(
            f"For the gradient of {function}, {case}:\n  {function} returned a {found['returned']}, "
            "which tf.GradientTape cannot differentiate. Compute it with TensorFlow's ops (tf.reduce_sum, "
            "tf.square, tf.einsum...) and return the tensor: no .numpy(), float() or np. functions."
        )
    for i, (gradient, want) in enumerate(zip(found, expected(), strict=True)):
        if gradient is None:
            raise Mismatch(f"For the gradient of {function}, {case}:\n  the gradient does not reach feature map {i}: "
                           "somewhere the cost left TensorFlow (a NumPy function, .numpy(), float()). Use tf ops "
                           "all the way.")  # fmt: skip
        compare(gradient, want, f"d {function} / d feature map {i}, {case}", rtol=1e-4, atol=1e-7)


def test_content_cost_can_be_differentiated():
    a_C, a_G = features((2, 3, 5, 4), 4), features((2, 3, 5, 4), 5)
    expected = partial(oracle.content_gradients, a_C, a_G)
    gradient_check("content_cost", (a_C, a_G), 1, expected, describe(features=a_C.shape))


def test_style_cost_can_be_differentiated():
    style, generated = style_layers(20)
    expected = partial(oracle.style_gradients, style, generated, WEIGHTS)
    gradient_check(
        "style_cost", (style, generated, WEIGHTS), 1, expected, describe(layers=LAYER_SHAPES, weights=WEIGHTS)
    )


# --- the texture ------------------------------------------------------------------------------------------------------

TEXTURE_FILTERS = [(3, 3, 3, 16), (3, 3, 16, 32), (3, 3, 32, 32)]
STEPS, FRACTION, SECONDS = 100, 0.05, 60


def synthesized(steps, seed, global_seed):
    """The student's texture from the checks' style crop and random filters, as the driver returns it."""
    style_image, filters = oracle.style_crop(), oracle.random_filters(TEXTURE_FILTERS, 0)
    run = exercise.drive("texture_synthesis", style_image, filters, steps, seed, global_seed)
    unchanged("synthesize_texture", style_image=(style_image, run["style_image"]))
    return run


def test_texture_synthesis_lowers_the_style_cost():
    style_image, filters = oracle.style_crop(), oracle.random_filters(TEXTURE_FILTERS, 0)
    case = (f"synthesize_texture(a 64 x 64 crop of scikit-learn's flower.jpg, 3 layers of random 3x3 filters, "
            f"steps={STEPS}, seed=0)")  # fmt: skip
    run = synthesized(STEPS, 0, 1)
    image = run["returned"]
    problem = not_an_array(image, "synthesize_texture", np.float32)
    if problem or image.shape != style_image.shape:
        raise Mismatch(f"For {case}:\n  {problem or f'expected shape {style_image.shape}, got {image.shape}'}")
    if np.min(image) < 0 or np.max(image) > 1:
        raise Mismatch(
            f"For {case}:\n  its pixels run from {np.min(image):.3g} to {np.max(image):.3g}; keep them "
            "in [0, 1]: clip the image after each step (image.assign(tf.clip_by_value(image, 0, 1)))."
        )
    if np.mean(np.abs(image - style_image)) < 0.05:
        raise Mismatch(f"For {case}:\n  the result is (nearly) the style image itself. Start from noise and let "
                       "the style cost shape it: a texture has the style's statistics, not its pixels.")  # fmt: skip
    noise = np.random.default_rng(0).uniform(0, 1, style_image.shape)
    before = oracle.texture_style_cost(style_image, noise, filters)
    after = oracle.texture_style_cost(style_image, image, filters)
    if not after < FRACTION * before:
        raise Mismatch(
            f"For {case}:\n  the style cost fell from {before:.3g} (of noise) to {after:.3g}, not below "
            f"{FRACTION:.0%} of it. Each step: cost = style_cost(targets, texture_features(image, "
            "filters), weights) inside tf.GradientTape; optimizer.apply_gradients([(gradient, image)])."
        )
    if run["seconds"] > SECONDS:
        raise Mismatch(f"For {case}:\n  it took {run['seconds']:.0f} s; keep it under {SECONDS} s (compute the "
                       "style's features once, before the loop).")  # fmt: skip


def test_texture_synthesis_starts_from_its_seed():
    first = check_seeded(lambda seed, global_seed: synthesized(5, seed, global_seed),
                         "synthesize_texture(the flower crop, the random filters, steps=5, seed=1, then seed=2)",
                         "`seed`: np.random.default_rng(seed)")[0]  # fmt: skip
    # Step by step as the docstring says, the same 5 steps of Adam give the same pixels (to float32's rounding).
    style_image, filters = oracle.style_crop(), oracle.random_filters(TEXTURE_FILTERS, 0)
    compare(first["returned"], oracle.synthesize_texture(style_image, filters, 5, seed=1),
            "synthesize_texture(the flower crop, the random filters, steps=5, seed=1), against Adam's 5 steps in "
            "TensorFlow", rtol=0, atol=1e-4, dtype=np.float32,
            mistakes=oracle.synthesis_mistakes(style_image, filters, 5, 1))  # fmt: skip
