"""The "What differs" detectors (course/differences.py) on hand-made mistakes: each says its fact when the
fact is true, and nothing when it is not (noise, a near miss, an answer that the transformation leaves as it is)."""

from pathlib import Path

import numpy as np
import pytest

from course import differences as d
from course import harness
from course.failures import Mismatch
from tests.students import load_the_checks, run_exercise

pytest_plugins = ["pytester"]

TOL = d.Tolerance(1e-6, 1e-9)
RNG = np.random.default_rng(0)
E = RNG.normal(size=(2, 5, 6, 3))  # an NHWC answer
M = RNG.normal(size=(4, 5))  # a matrix


def facts(actual, expected=E, **kwargs):
    return d.differences(actual, expected, 1e-6, 1e-9, **kwargs)


def spoiled(array, index, by=1.0):
    out = array.copy()
    out[index] += by
    return out


# --- Arithmetic -------------------------------------------------------------------------------


def test_negated():
    assert d.negated(-E, E, TOL) == "your result is the answer negated: every value has the opposite sign"
    assert d.negated(spoiled(-E, (0, 0, 0, 0)), E, TOL) is None
    assert d.negated(E[::-1], E, TOL) is None


def test_a_constant_factor_is_said_with_its_value():
    assert d.constant_factor(2 * E, E, TOL) == "every value of your result is the answer's times 2"
    assert d.constant_factor(E / 3, E, TOL) == "every value of your result is the answer's times 0.3333 (1/3)"
    assert "times 1.429 (10/7)" in d.constant_factor(E / 0.7, E, TOL)  # dropout's 1 / (1 - rate)
    assert d.constant_factor(spoiled(2 * E, (1, 2, 3, 0)), E, TOL) is None
    assert d.constant_factor(-E, E, TOL) is None  # negated: said by its own detector
    assert d.constant_factor(E + 1, E, TOL) is None
    assert d.constant_factor(np.zeros_like(E), E, TOL) is None
    assert d.constant_factor(np.array([2.0]), np.array([1.0]), TOL) is None  # one value: any factor fits


def test_a_gradient_with_the_right_direction_and_the_wrong_scale():
    assert d.constant_factor(0.5 * E, E, TOL, "grad_filters") == (
        "your grad_filters points in the right direction, but every value is 0.5 times the expected one"
    )
    assert "opposite direction" in d.constant_factor(-3 * E, E, TOL, "grad_input")


def test_a_constant_offset():
    assert d.constant_offset(E - 1, E, TOL) == "every value of your result is the answer's minus 1"
    assert d.constant_offset(E + 0.25, E, TOL, "out") == "every value of your out is the answer's plus 0.25"
    assert d.constant_offset(E + RNG.normal(size=E.shape), E, TOL) is None  # noise is no constant
    assert d.constant_offset(spoiled(E + 1, (0, 1, 1, 1)), E, TOL) is None


def test_transposed_and_axes_swapped():
    assert d.axes_permuted(M.T, M, TOL) == "your result is the answer transposed: its rows are the answer's columns"
    assert d.axes_permuted(E.swapaxes(1, 2), E, TOL) == "your result is the answer with axes 1 and 2 swapped"
    square = RNG.normal(size=(1, 4, 4, 2))
    assert "axes 1 and 2 swapped" in d.axes_permuted(square.transpose(0, 2, 1, 3), square, TOL)
    assert "np.transpose(answer, (0, 2, 3, 1))" in d.axes_permuted(E.transpose(0, 2, 3, 1), E, TOL)
    assert d.axes_permuted(RNG.permutation(M.T.ravel()).reshape(M.T.shape), M, TOL) is None
    symmetric = M[:4, :4] + M[:4, :4].T
    assert d.axes_permuted(symmetric, symmetric, TOL) is None  # transposing changes nothing


def test_flipped_along_the_fewest_axes():
    assert d.flipped(np.flip(E, (1, 2)), E, TOL) == "your result is the answer reversed along axes 1 and 2"
    assert d.flipped(M[::-1], M, TOL) == "your result is the answer reversed along axis 0 (rows)"
    assert d.flipped(np.arange(5.0)[::-1], np.arange(5.0), TOL) == (
        "your result is the answer reversed: its last value first"
    )
    assert d.flipped(spoiled(np.flip(E, 2), (0, 0, 0, 0)), E, TOL) is None
    assert d.flipped(E, E, TOL) is None


def test_rotated_a_quarter_turn():
    assert "quarter turn anticlockwise" in d.rotated(np.rot90(M, 1), M, TOL)
    assert "clockwise" in d.rotated(np.rot90(E, 3, axes=(1, 2)), E, TOL)
    assert d.rotated(M.T, M, TOL) is None


def test_shifted_along_an_axis_and_along_two():
    moved = d.moved(E, {2: 1})
    moved[:, :, 0] = 7.0  # whatever the mistake put where the answer has nothing to give
    assert d.shifted(moved, E, TOL) == (
        "your result is the answer moved: each value equals the answer's 1 earlier along axis 2, wherever that exists"
    )
    both = d.moved(M, {0: -1, 1: 1})
    both[np.isnan(both)] = 0.0
    assert "1 later along axis 0 and 1 earlier along axis 1" in d.shifted(both, M, TOL)
    flat = np.tile(RNG.normal(size=(1, 5)), (6, 1))  # the same in every row: a move along axis 0 shows nothing
    assert d.shifted(spoiled(flat, (0, 0)), flat, TOL) is None
    assert d.shifted(RNG.normal(size=E.shape), E, TOL) is None


# --- Where it is wrong ------------------------------------------------------------------------


def test_nan_and_inf_where_the_first_appears():
    actual = spoiled(E, (1, 2, 3, 0), np.nan)
    actual[1, 4, 0, 2] = np.nan
    assert d.nonfinite(actual, E) == (
        "your result has NaN at 2 of 180 places, the first at index (1, 2, 3, 0), where the answer is a number"
    )
    assert "inf at index (0, 1, 1, 1)" in d.nonfinite(spoiled(E, (0, 1, 1, 1), np.inf), E)
    assert d.nonfinite(np.array(np.nan), np.array(1.0)) == "your result is NaN where the answer is a number"
    assert d.nonfinite(E + 1, E) is None


def test_wrong_only_at_the_edges():
    actual = E.copy()
    actual[:, 0] += 1
    actual[:, :, -1] -= 1
    assert d.wrong_at_edges(actual, E, TOL) == (
        "only values at the edges are wrong (the first index along axis 1 and the last index along axis 2); "
        "the rest are right"
    )
    framed = E.copy()
    framed[:, [0, -1]] += 1
    framed[:, :, [0, -1]] += 1
    assert "(the first and last index along axes 1 and 2)" in d.wrong_at_edges(framed, E, TOL)
    assert d.wrong_at_edges(spoiled(spoiled(M, (slice(None), -1)), 0), M, TOL) == (
        "only values at the edges are wrong (the first row and the last column); the rest are right"
    )
    assert d.wrong_at_edges(spoiled(M, (slice(None), -1)), M, TOL) is None  # one side: said as a column
    assert d.wrong_at_some_indices(spoiled(M, (slice(None), -1)), M, TOL) == (
        "the wrong values all lie at column 4 (of 5); every other index of that axis is right"
    )
    assert d.wrong_at_edges(spoiled(np.zeros((3, 3)), [0, 2]), np.zeros((3, 3)), TOL) is None  # an inside of 1 row
    assert d.wrong_at_edges(spoiled(np.arange(12.0), slice(9, None)), np.arange(12.0), TOL) == (
        "only the last 3 values are wrong; the rest are right"
    )
    assert d.wrong_at_edges(spoiled(actual, (0, 2, 2, 0)), E, TOL) is None  # and one inside
    assert d.wrong_at_edges(E + 1, E, TOL) is None


def test_wrong_only_inside():
    actual = spoiled(E, (slice(None), slice(1, 4), slice(2, 4)))
    assert d.wrong_inside(actual, E, TOL) == (
        "only values away from the edges are wrong: every value at the first or last index along axes 1 and 2 is right"
    )
    assert d.wrong_inside(spoiled(actual, (0, 0, 0, 0)), E, TOL) is None
    assert d.wrong_inside(E + 1, E, TOL) is None


def test_wrong_at_most_indices_of_an_axis_says_the_ones_that_are_right():
    wide = RNG.normal(size=(3, 9))
    assert d.wrong_at_some_indices(spoiled(wide, (slice(None), slice(1, 8))), wide, TOL) == (
        "every value at columns 0 and 8 (of 9) is right; the wrong ones lie at every other index of that axis"
    )
    assert d.wrong_inside(spoiled(wide, (slice(None), slice(1, 8))), wide, TOL) is None  # rows 0 and 2 are wrong too
    few = RNG.normal(size=(2, 9))  # 2 values a column: which columns are right may be chance
    assert d.wrong_at_some_indices(spoiled(few, (slice(None), slice(1, 8))), few, TOL) is None


def test_wrong_only_at_some_indices_of_an_axis():
    assert d.wrong_at_some_indices(spoiled(E, (Ellipsis, 1)), E, TOL) == (
        "the wrong values all lie at index 1 of the 3 along axis 3; every other index of that axis is right"
    )
    assert "index 1 of the 2 along axis 0" in d.wrong_at_some_indices(spoiled(E, 1), E, TOL)  # one image
    assert d.wrong_at_some_indices(spoiled(M, [1, 3]), M, TOL).startswith("the wrong values all lie at rows 1 and 3")
    scattered = spoiled(spoiled(E, (0, 0, 0, 0)), (1, 2, 3, 1))  # two values, far apart: no block holds them
    assert d.wrong_at_some_indices(scattered, E, TOL) is None
    assert d.wrong_at_some_indices(E + 1, E, TOL) is None


def test_right_for_the_first_values():
    signal = np.arange(1.0, 11.0)
    assert d.right_until(spoiled(signal, slice(4, None)), signal, TOL) == (
        "the first 4 values (row-major) are right; from index 4 on, 6 of the 6 are wrong"
    )
    half = spoiled(signal, slice(4, None, 2))  # every other value after 4: not "from there on"
    assert d.right_until(half, signal, TOL) is None
    assert d.right_until(signal + 1, signal, TOL) is None


# --- What it equals ---------------------------------------------------------------------------


def test_all_zeros_and_one_repeated_value():
    assert d.one_value(np.zeros_like(E), E, TOL) == "your result is all zeros"
    assert d.one_value(np.full(E.shape, 0.25), E, TOL, "out") == "every value of your out is the same: 0.25"
    assert d.one_value(np.full((3, 3), 1.0), np.full((3, 3), 1 / 9), TOL) is None  # the answer's repeat too
    assert d.one_value(spoiled(np.zeros_like(E), (0, 0, 0, 0)), E, TOL) is None


def test_an_argument_unchanged():
    x = np.arange(12.0).reshape(3, 4) - 5.5  # some negative: relu(x) is not x
    inputs = [("the first argument of relu", x)]
    assert d.equals_an_input(x.copy(), np.maximum(x, 0), inputs, TOL) == (
        "your result equals the first argument of relu, unchanged"
    )
    assert d.equals_an_input(x + 1, np.maximum(x, 0), inputs, TOL) is None
    assert (
        d.shape_of_an_input(np.zeros((3, 4)), inputs)
        == "your result has the shape of the first argument of relu, (3, 4)"
    )


def test_the_answer_for_other_arguments():
    other = RNG.normal(size=E.shape)
    alternatives = [("padding VALID", other)]
    assert d.equals_an_alternative(other, E, alternatives, TOL) == "your result equals the answer with padding VALID"
    assert d.equals_an_alternative(other + 1, E, alternatives, TOL) is None
    assert d.equals_an_alternative(E, E, [("strides 1", E.copy())], TOL) is None  # the same as the answer: no news
    small = RNG.normal(size=(2, 3, 3, 3))
    assert d.shape_of_an_alternative(np.zeros(small.shape), E, [("padding VALID", small)]) == (
        "your result has the shape of the answer with padding VALID, (2, 3, 3, 3)"
    )


def test_a_part_of_the_answer_or_the_answer_a_part_of_yours():
    big = RNG.normal(size=(1, 7, 7, 2))
    assert (
        d.part_of(big, big[:, 1:6, 1:6], TOL)
        == "the answer is a part of your result: your result[:, 1:6, 1:6, :] equals it"
    )
    assert (
        d.part_of(big[:, ::2, ::2], big, TOL)
        == "your result is a part of the answer: it equals the answer[:, ::2, ::2, :]"
    )
    assert (
        d.part_of(big[:, 1::3, :4], big, TOL)
        == "your result is a part of the answer: it equals the answer[:, 1::3, :4, :]"
    )
    assert d.part_of(RNG.normal(size=(1, 7, 7, 2)), big[:, 1:6, 1:6], TOL) is None
    assert d.part_of(np.zeros((1, 3, 3, 2)), np.zeros((1, 5, 5, 2)), TOL) is None  # zeros are a part of anything


def test_the_right_values_in_the_wrong_shape():
    assert d.rearranged(M.reshape(2, 10), M, TOL) == (
        "your result has the answer's values in row-major order, but in shape (2, 10) instead of (4, 5)"
    )
    assert "not its axes of length 1" in d.rearranged(E[:1].reshape(5, 6, 3), E[:1], TOL)
    assert "extra axes of length 1" in d.rearranged(M[None], M, TOL)
    assert d.rearranged(M.T, M, TOL) is None  # transposed, not reshaped


# --- All of them at once ----------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(7,), (4, 5), (3, 4, 2), (2, 5, 6, 3), (1, 1, 1, 4)])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_noise_gets_no_description(shape, seed):
    rng = np.random.default_rng(seed)
    assert facts(rng.normal(size=shape), rng.normal(size=shape)) == []


def test_a_near_miss_everywhere_gets_no_description():
    assert facts(E * (1 + 1e-3 * RNG.normal(size=E.shape))) == []


def test_at_most_three_lines_the_rule_kept():
    actual = spoiled(-E, (0, 0, 0, 0), np.nan)
    lines = facts(actual, rule="so far every case with strides 2 fails")
    assert len(lines) <= d.MAX_LINES and lines[-1] == "so far every case with strides 2 fails"
    assert lines[0].startswith("your result has NaN at index (0, 0, 0, 0)")


def test_an_equality_leaves_out_where_it_is_wrong():
    assert facts(np.flip(E, 2)) == ["your result is the answer reversed along axis 2"]
    assert facts(np.full((3, 3), 1.0), np.full((3, 3), 1 / 9)) == ["every value of your result is the answer's times 9"]


def test_a_big_array_is_described_without_the_costly_detectors():
    big = RNG.normal(size=(3, 700, 1000))
    assert facts(-big, big) == ["your result is the answer negated: every value has the opposite sign"]


# --- Which cases fail -------------------------------------------------------------------------


def seen(*cases):
    """{frozen parts: outcomes} from (parts, passed) pairs."""
    found = {}
    for parts, passed in cases:
        found.setdefault(tuple({k: d.freeze(v) for k, v in parts.items()}.items()), set()).add(passed)
    return found


def rule(current, *cases):
    return d.case_rule({k: d.freeze(v) for k, v in current.items()}, seen(*cases, (current, False)))


def test_a_first_failure_with_a_new_stride():
    passed = [({"input": (1, 5, 5, 1), "strides": s, "padding": "VALID"}, True) for s in (1, (1, 1), 1)]
    assert rule({"input": (1, 5, 5, 1), "strides": 2, "padding": "VALID"}, *passed) == (
        "this is the first case seen with strides above 1 on either axis; the 2 cases that passed so far all had "
        "strides 1 or (1, 1)"
    )
    assert rule({"strides": 2}, ({"strides": 1}, True)) == (
        "this is the first case seen with strides above 1; the 1 case that passed so far had strides 1"
    )


def test_every_failure_and_every_pass_so_far():
    cases = [({"strides": s, "padding": p}, s == 1) for s in (1, 2, 3) for p in ("SAME", "VALID")]
    current = {"strides": 2, "padding": "VALID"}
    assert rule(current, *[case for case in cases if case[0] != current]) == (
        "so far every case with strides above 1 fails (4 of them), and every case with strides 1 passes (2)"
    )


def test_non_square_windows_and_batches_larger_than_1():
    cases = [({"ksize": k}, True) for k in (2, 3, (2, 2))] + [({"ksize": (3, 1)}, False)]
    assert rule({"ksize": (2, 3)}, *cases).startswith("so far every case with a non-square ksize (two different")
    cases = [({"input": s}, True) for s in ((1, 5, 5, 1), (1, 6, 6, 2))] + [({"input": (3, 4, 4, 2)}, False)]
    assert rule({"input": (2, 5, 5, 1)}, *cases) == (
        "so far every case with input[0] above 1 fails (2 of them), and every case with input[0] of 1 passes (2)"
    )
    cases = [({"strides": s}, True) for s in ((1, 1), (3, 3))] + [({"strides": (2, 1)}, False)]
    assert rule({"strides": (1, 3)}, *cases) == (  # given as pairs only: their entries, not "above 1"
        "so far every case with strides[0] and strides[1] different fails (2 of them), and every case with "
        "strides[0] and strides[1] equal passes (2)"
    )
    cases = [({"logits": s}, True) for s in ((8, 10), (4, 4), (1, 3))]  # a shape is not a stride
    assert "logits above" not in rule({"logits": (16, 20)}, *cases)


def test_padding_given_as_a_list():
    cases = [({"padding": p}, True) for p in ("SAME", "VALID")]
    assert rule({"padding": [[0, 0], [1, 2], [0, 0], [0, 0]]}, *cases) == (
        "this is the first case seen with padding given as a list; the 2 cases that passed so far all had padding "
        "given otherwise"
    )


def test_no_rule_without_a_pass_or_with_a_case_that_both_passed_and_failed():
    assert rule({"strides": 2}) is None  # nothing passed yet
    assert rule({"strides": 2}, ({"strides": 1}, True), ({"strides": 2}, True)) is None  # strides 2 passed once
    assert rule({"strides": 2}, ({"strides": 2}, True)) is None


def test_no_rule_when_too_many_things_are_new_at_once():
    old = {"a": 1, "b": "x", "c": 1, "d": "y"}
    assert rule({"a": 2, "b": "z", "c": 3, "d": "w"}, (old, True)) is None


# --- Through the harness ------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def a_new_session(monkeypatch):
    monkeypatch.setitem(harness._last_call, "exercise", None)
    monkeypatch.setitem(harness._last_call, "op", "call")
    harness.begin_session()
    yield
    harness.begin_session()


def failure(*args, **kwargs):
    with pytest.raises(Mismatch) as raised:
        harness.compare(*args, **kwargs)
    return str(raised.value)


def test_describe_keeps_its_parts_and_finds_them_in_a_longer_text():
    case = harness.describe(input=(1, 5, 5, 1), strides=2)
    assert case == "input (1, 5, 5, 1), strides 2" and case.parts == {"input": (1, 5, 5, 1), "strides": 2}
    assert harness.case_parts(f"grad_input, {case}") == ("grad_input, {}", {"input": (1, 5, 5, 1), "strides": 2})
    assert harness.case_parts("a text written by hand") == ("a text written by hand", None)


def test_a_failure_says_what_differs_before_the_likely_cause():
    message = failure(-E, E, "a case", mistakes=[("the sign was flipped.", lambda: -E)])
    lines = message.splitlines()
    differs = lines.index("  What differs: your result is the answer negated: every value has the opposite sign")
    assert differs < lines.index("  Likely cause: the sign was flipped.")


def test_a_gradient_is_named_from_the_case_text():
    message = failure(4 * E, E, f"grad_x, {harness.describe(x=E.shape)}")
    assert (
        "What differs: your grad_x points in the right direction, but every value is 4 times the expected one"
        in message
    )


def test_the_rule_over_the_cases_seen_in_this_session():
    for strides in (1, 1, (1, 1)):
        harness.compare(E, E, harness.describe(input=E.shape, strides=strides))
    message = failure(E + RNG.normal(size=E.shape), E, harness.describe(input=E.shape, strides=2))
    assert ("What differs: this is the first case seen with strides above 1 on either axis; the 2 cases that "
            "passed so far all had strides 1 or (1, 1)") in message  # fmt: skip
    message = failure(E + RNG.normal(size=E.shape), E, harness.describe(input=E.shape, strides=3))
    assert "What differs: so far every case with strides above 1 on either axis fails (2 of them)" in message
    harness.begin_session()
    assert "What differs" not in failure(E + RNG.normal(size=E.shape), E, harness.describe(input=E.shape, strides=3))


def test_the_rule_keeps_each_check_apart():
    harness.compare(E, E, f"grad_input, {harness.describe(strides=1)}")
    assert "What differs" not in failure(
        E + RNG.normal(size=E.shape), E, f"grad_filters, {harness.describe(strides=2)}"
    )


def test_compare_equal_states_the_rule_too():
    harness.compare_equal(3, 3, harness.describe(size=5, padding="VALID"))
    with pytest.raises(Mismatch, match="What differs: this is the first case seen with padding SAME"):
        harness.compare_equal(4, 5, harness.describe(size=5, padding="SAME"))


def test_an_alternative_is_said_unless_a_named_cause_said_it():
    other = RNG.normal(size=E.shape)
    message = failure(other, E, "a case", alternatives=[("padding VALID", lambda: other), ("oops", lambda: 1 / 0)])
    assert "What differs: your result equals the answer with padding VALID" in message
    message = failure(other, E, "a case", alternatives=[("padding VALID", lambda: other)],
                      mistakes=[("the padding was ignored.", lambda: other)])  # fmt: skip
    assert "What differs" not in message and "Likely cause: the padding was ignored." in message


def test_other_answers_change_one_argument_at_a_time():
    def oracle(x, strides=1, padding="VALID"):
        return np.array([x, strides, 0 if padding == "VALID" else 1], float)

    found = harness.other_answers(oracle, 5, strides=2, vary={"padding": ["SAME"], "x": {"x doubled": 10}})
    assert [(words, compute().tolist()) for words, compute in found] == [
        ("padding SAME", [5, 2, 1]), ("x doubled", [10, 2, 0])
    ]  # fmt: skip


def test_a_float32_result_gets_its_cause_and_no_facts_about_rounding():
    message = failure((E * (1 + 1e-6)).astype(np.float32), E, "a case")
    assert "Likely cause: your result is float32" in message and "What differs" not in message


def test_a_detector_that_fails_costs_its_lines_not_the_message(monkeypatch):
    monkeypatch.setattr(d, "differences", lambda *args, **kwargs: 1 / 0)
    message = failure(-E, E, "a case")
    assert "values are wrong" in message and "What differs" not in message and "Traceback" not in message


def test_compare_each_says_which_results_are_right():
    with pytest.raises(Mismatch) as raised:
        harness.compare_each({"grad_input": (-E, E), "grad_filters": (M, M)}, "a case")
    message = str(raised.value)
    assert message.startswith("For grad_input, a case:")
    assert "What differs: grad_filters is right; only grad_input differs" in message
    assert "What differs: your grad_input is the answer negated" in message
    harness.compare_each({"a": (E, E), "b": (M, M)}, "a case")  # all right: no failure


def test_an_argument_returned_unchanged_is_named_by_its_place():
    # Negative entries for sure: drawn from the module's shared generator, whose state depends on the
    # tests run before, all twelve were once positive, and relu(x) was x.
    x = np.arange(12.0).reshape(3, 4) - 5.5
    harness._last_call.update(name="relu", args=(x,), kwargs={}, op="call")
    assert "What differs: your result equals the first argument of relu, unchanged" in failure(
        x.copy(), np.maximum(x, 0), "x"
    )


# --- In the real pytest output --------------------------------------------------------------------

BOX_BLUR_NOT_NORMALIZED = Path(__file__).parent / "wrong_answers" / "ex10_filters__box_blur_not_normalized.py"


@pytest.fixture(scope="module")
def checks_loaded():
    load_the_checks()  # before pytester's snapshot of sys.modules: see tests/students.py


@pytest.mark.slow
def test_a_new_session_forgets_the_cases_of_the_last(checks_loaded, pytester, monkeypatch):
    """Two sessions in one process (as `python -m exercises` runs them) on the same folder: the second
    states its rule from its own cases only."""
    files = {"ex10_filters.py": BOX_BLUR_NOT_NORMALIZED.read_text()}
    every = run_exercise(pytester, monkeypatch, files, "ex10_filters", "--every-test", "-k", "box_blur")
    assert (
        "What differs: so far every case with size above 1 fails (2 of them), and every case with size 1 passes (1)"
        in (every.stdout.str())
    )
    again = run_exercise(pytester, monkeypatch, files, "ex10_filters", "-k", "box_blur").stdout.str()
    assert (
        "What differs: this is the first case seen with size above 1; the 1 case that passed so far had size 1" in again
    )
    assert "so far every case" not in again and "Traceback" not in again


@pytest.mark.parametrize("module, advice", [
    ("ex05_conv2d", "The exercise is to write conv2d in NumPy"),  # TensorFlow is what checks it
    ("ex30_saliency", "return a NumPy array: tensor.numpy()"),  # a Keras exercise computes with it
])  # fmt: skip
def test_a_returned_tensor_gets_the_advice_of_its_exercises_kind(monkeypatch, module, advice):
    from course.catalog import find
    from course.worker import FOREIGN

    monkeypatch.setitem(harness._last_call, "exercise", find(module))
    tensor = {FOREIGN: "tensorflow.python.framework.ops.EagerTensor", "repr": "<tf.Tensor ...>"}
    assert advice in harness.not_an_array(tensor, "conv2d")
    assert harness.not_an_array(np.zeros(2, np.float64), "f", dtype=np.int64).endswith("(.astype(np.int64)).")
