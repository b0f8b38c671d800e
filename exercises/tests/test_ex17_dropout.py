import numpy as np
import pytest

from course.failures import Mismatch
from course.harness import compare, describe, load, not_an_array, parts, rejects, unchanged
from course.oracles import common
from course.oracles import ex17_dropout as oracle

exercise = load("ex17_dropout")
SHARE_TOLERANCE = 0.02  # the share of zeros among 20,000 values: about 6 standard deviations


def forward(x, rate, training, seed=0):
    """The student's (out, mask) with np.random.default_rng(seed) as the rng; fails if x changed."""
    returned = exercise.drive("dropout_forward", x, rate, training, seed)
    unchanged("dropout_forward", x=(x, returned["x"]))
    out, mask = parts(returned["returned"], ("out", "mask"), "dropout_forward")
    problem = not_an_array(mask, "dropout_forward's mask", np.bool_)
    if problem is None and np.shape(mask) != x.shape:
        problem = f"dropout_forward's mask has shape {np.shape(mask)}; it must have x's shape {x.shape}."
    if problem:
        raise Mismatch(f"For {describe(x=x.shape, rate=rate, training=training)}:\n  {problem}")
    return out, mask


def keras_factor(rate):
    """What keras.layers.Dropout multiplies the kept values by."""
    out, _ = oracle.dropout(np.ones(1000), rate, seed=1, grad_out=np.ones(1000))
    return out.max()


def check_kept_values(x, rate, seed=0):
    out, mask = forward(x, rate, True, seed)
    compare(out, np.where(mask, x * keras_factor(rate), 0.0), f"{describe(x=x.shape, rate=rate)}, with your mask",
            mistakes=oracle.dropout_mistakes(x, rate, mask))  # fmt: skip
    return out


def test_worked_example():
    x, mask = np.array([1.0, 2.0, 3.0, 4.0]), np.array([True, False, False, True])
    assert np.where(mask, x * keras_factor(0.5), 0).tolist() == [2, 0, 0, 8]  # the docstring's, as Keras scales
    check_kept_values(x[None], 0.5)


@pytest.mark.parametrize("shape, rate", [((4, 6, 6, 3), 0.3), ((50, 40), 0.1), ((3, 10), 0.75)])
def test_kept_values_are_scaled_as_keras_scales_them(shape, rate):
    check_kept_values(np.random.default_rng(sum(shape)).normal(size=shape), rate, seed=len(shape))


@pytest.mark.parametrize("rate", [0.1, 0.3, 0.6])
def test_the_share_of_zeros_is_close_to_rate(rate):
    x = np.ones((200, 100))
    keras_out, _ = oracle.dropout(x, rate, seed=2, grad_out=x)
    keras_share = float(np.mean(keras_out == 0))
    assert abs(keras_share - rate) <= SHARE_TOLERANCE, "Keras's own share, the statistic's sanity check"
    out = check_kept_values(x, rate, seed=3)
    share = float(np.mean(out == 0))
    if abs(share - rate) > SHARE_TOLERANCE:
        lines = [f"{share:.1%} of the values are 0; expected {rate:.0%} give or take {SHARE_TOLERANCE:.0%} "
                 f"(Keras's layer dropped {keras_share:.1%})."]  # fmt: skip
        if abs(share - (1 - rate)) <= SHARE_TOLERANCE:
            lines.append(f"Likely cause: {oracle.RATE_AS_KEEP}")
        raise Mismatch(f"For {describe(x=x.shape, rate=rate)}:\n  " + "\n  ".join(lines))


def test_the_mean_is_preserved():
    x, rate = np.random.default_rng(4).uniform(1, 2, size=(200, 100)), 0.4
    out = check_kept_values(x, rate, seed=5)
    # Each value's output has mean x and a standard deviation of about x; the mean of 20,000 is off by ~0.01.
    tolerance = 0.05
    if abs(out.mean() - x.mean()) > tolerance:
        lines = [f"the mean of the output is {out.mean():.4f}; the input's is {x.mean():.4f} (to {tolerance})."]
        if abs(out.mean() - (1 - rate) * x.mean()) <= tolerance:
            lines.append(f"Likely cause: {oracle.NOT_SCALED}")
        raise Mismatch(f"For {describe(x=x.shape, rate=rate)}:\n  " + "\n  ".join(lines))


def test_the_mask_comes_from_the_rng_it_is_given():
    # The same seed gives the same mask whatever NumPy's global seed; another seed, another mask.
    x, rate = np.ones((20, 30)), 0.5

    def run(seed, global_seed):
        args = (x, rate, True, common.rng_from_seed(seed))
        return exercise.drive("seeded_call", "dropout_forward", args, {}, global_seed)

    common.check_seeded(run, f"dropout_forward(x {x.shape}, rate {rate}, training True, rng)", "`rng`")


@pytest.mark.parametrize("rate", [0.3, 0.6])
def test_identity_when_not_training(rate):
    x = np.random.default_rng(6).normal(size=(2, 5, 5, 3))
    out, mask = forward(x, rate, False)
    case = describe(x=x.shape, rate=rate, training=False)
    compare(out, oracle.dropout_inference(x, rate), case, mistakes=oracle.dropout_inference_mistakes(x, rate))
    if not np.all(mask):
        raise Mismatch(f"For {case}:\n  the mask drops {np.sum(~mask)} values; at inference nothing is dropped.")


@pytest.mark.parametrize("shape, rate", [((2, 4, 4, 3), 0.3), ((30, 20), 0.5)])
def test_backward_matches_gradient_tape_with_the_same_mask(shape, rate):
    rng = np.random.default_rng(sum(shape))
    x, grad_out = rng.uniform(0.5, 1.5, size=shape), rng.normal(size=shape)  # x is never 0: a 0 out was dropped
    keras_out, expected = oracle.dropout(x, rate, seed=7, grad_out=grad_out)
    mask = keras_out != 0
    compare(exercise.dropout_backward(grad_out, mask, rate), expected,
            describe(grad_out=shape, rate=rate) + ", with the mask Keras's layer drew",
            mistakes=oracle.dropout_backward_mistakes(grad_out, mask, rate))  # fmt: skip


@pytest.mark.parametrize("rate", [1.0, -0.1, 1.5])
def test_a_rate_outside_0_to_1_raises_value_error(rate):
    rejects(lambda: forward(np.ones((2, 3)), rate, True), f"rate {rate}")


def test_backward_rejects_a_mask_of_another_shape():
    rejects(
        lambda: exercise.dropout_backward(np.ones((2, 3)), np.ones((3, 2), bool), 0.5),
        "a mask (3, 2) for grad_out (2, 3)",
    )
