"""The scoring rules of ``python -m exercises grade`` (course/teacher/scores.py) on hand-made results: points
for work only. Bad-input checks count only next to passing value checks; with the hidden gate, a visible
check of a function counts only if the hidden checks of that function pass too."""

import json

import jsonschema
import pytest

from course.catalog import find
from course.progress import Progress
from course.teacher.scores import Rules, feedback, gradescope_results, score
from tests.conftest import ROOT
from tests.students import load_the_checks

pytest_plugins = ["pytester"]

CONV2D = find(5)  # worth 10 points
GATE, NO_GATE, ALL_OR_NOTHING = Rules(), Rules(hidden_gate=False), Rules(partial_credit=False)
HIDDEN_SECRET = "For input (1, 9, 9, 2), strides 3, dilations 2"  # what a hidden test's message must not leak


def check(test, ok=True, hidden=False, bad_input=False, functions=("conv2d",), exercise=CONV2D):
    """One check's result, as course.progress records it."""
    return {"exercise": exercise.module, "test": test, "hidden": hidden, "outcome": "passed" if ok else "failed",
            "message": "" if ok else f"{test} failed. {HIDDEN_SECRET if hidden else ''}", "causes": [],
            "seconds": 0.01, "bad_input": bad_input, "functions": list(functions)}  # fmt: skip


def worked_example(values=7, hidden=True):
    """The README's example: exercise 5 (10 points) with 7 visible value checks of conv2d, 2 visible
    bad-input checks and 1 hidden value check, 1 point each. The first ``values`` value checks pass,
    the bad-input checks pass, and ``hidden`` says whether the hidden check does."""
    return ([check(f"test_value_{i}", ok=i < values) for i in range(7)]
            + [check(f"test_bad_input_{i}", bad_input=True) for i in range(2)]
            + [check("test_hidden_value", ok=hidden, hidden=True)])  # fmt: skip


HONEST = worked_example()
ONE_BUG = worked_example(values=6)  # a stride bug: one visible value check fails
ALL_VALUE_ERROR = worked_example(values=0, hidden=False)  # every call raises ValueError
HARD_CODED = worked_example(hidden=False)  # the visible answers looked up, anything else a ValueError
HONEST_HIDDEN_BUG = worked_example(hidden=False)  # the same results: the gate cannot tell them apart


@pytest.mark.parametrize(
    "results, rules, points",
    [(HONEST, GATE, 10), (ONE_BUG, GATE, 7), (ALL_VALUE_ERROR, GATE, 0), (HARD_CODED, GATE, 0),
     (HARD_CODED, NO_GATE, 9), (ALL_VALUE_ERROR, NO_GATE, 0), (ONE_BUG, NO_GATE, 7),
     (HONEST_HIDDEN_BUG, GATE, 0), (HONEST_HIDDEN_BUG, NO_GATE, 9), (HONEST, NO_GATE, 10),
     (ALL_VALUE_ERROR, ALL_OR_NOTHING, 0), (HONEST_HIDDEN_BUG, ALL_OR_NOTHING, 0),
     (HONEST, ALL_OR_NOTHING, 10), (ONE_BUG, ALL_OR_NOTHING, 0), (HARD_CODED, ALL_OR_NOTHING, 0)],
)  # fmt: skip
def test_the_readmes_worked_example(results, rules, points):
    total, tests = score(CONV2D, results, rules)
    assert total == points
    assert sum(test["score"] for test in tests) == pytest.approx(points)
    assert sum(test["max_score"] for test in tests) == pytest.approx(10)


def test_a_submission_whose_every_function_raises_value_error_earns_nothing():
    total, tests = score(CONV2D, ALL_VALUE_ERROR, NO_GATE)
    assert total == 0  # it was 2 of 10: the two bad-input checks pass
    bad_input = [test for test in tests if "bad_input" in test["name"]]
    assert [test["score"] for test in bad_input] == [0, 0]
    assert {test["output"] for test in bad_input} == {
        "Passed, but scores 0: bad-input checks count only when every value check of the exercise passes (0 of 7 do)."
    }
    assert {test["status"] for test in bad_input} == {"failed"}


def test_the_hidden_value_checks_do_not_decide_the_bad_input_rule():
    # With the gate off, a failing hidden value check leaves the bad-input checks their points.
    tests = score(CONV2D, HARD_CODED, NO_GATE)[1]
    assert all(test["output"] == "Passed." for test in tests if "bad_input" in test["name"])


def test_hard_coded_visible_answers_earn_nothing_when_a_hidden_test_of_the_function_fails():
    total, tests = score(CONV2D, HARD_CODED, GATE)
    assert total == 0
    visible = [test for test in tests if test["visibility"] == "visible"]
    assert len(visible) == 9 and all(test["score"] == 0 and test["status"] == "failed" for test in visible)
    assert {test["output"] for test in visible} == {"Passed, but scores 0: a hidden test of conv2d fails."}
    shown = json.dumps(visible)
    assert "test_hidden_value" not in shown and HIDDEN_SECRET not in shown  # nothing of the hidden test itself
    hidden = [test for test in tests if test["visibility"] == "after_published"]
    assert hidden[0]["output"].startswith("test_hidden_value failed")


def test_the_gate_takes_only_the_checks_of_the_functions_the_hidden_test_called():
    exercise = find(6)
    results = [check("test_relu", functions=["relu"], exercise=exercise),
               check("test_softmax", functions=["softmax"], exercise=exercise),
               check("test_both", functions=["relu", "softmax"], exercise=exercise),
               check("test_hidden", ok=False, hidden=True, functions=["softmax"], exercise=exercise)]  # fmt: skip
    total, tests = score(exercise, results, GATE)
    assert total == 2.5  # test_relu alone counts: 1 of 4 checks
    assert [test["output"] for test in tests[:3]] == [
        "Passed.",
        "Passed, but scores 0: a hidden test of softmax fails.",
        "Passed, but scores 0: a hidden test of softmax fails.",  # relu, which it also called, is not named
    ]


def test_a_hidden_test_that_called_nothing_gates_its_whole_exercise():
    results = [*HONEST[:9], check("test_hidden_value", ok=False, hidden=True, functions=[])]
    total, tests = score(CONV2D, results, GATE)
    assert total == 0
    assert tests[0]["output"] == "Passed, but scores 0: a hidden test of this exercise fails."


def test_a_skipped_hidden_test_gates_nothing():
    # A teacher's pytest.skip() in the body of a hidden test, before it called anything.
    results = [*HONEST[:9], {**check("test_hidden_value", hidden=True, functions=[]), "outcome": "skipped"}]
    assert score(CONV2D, results, GATE)[0] == 9


def test_a_failing_hidden_bad_input_check_costs_only_its_own_points():
    results = [*HONEST, check("test_hidden_bad_input", ok=False, hidden=True, bad_input=True)]
    assert score(CONV2D, results, GATE)[0] == round(10 * 10 / 11, 2)


def test_a_hidden_bad_input_check_counts_only_next_to_passing_visible_value_checks():
    results = [*ONE_BUG, check("test_hidden_bad_input", hidden=True, bad_input=True)]
    total, tests = score(CONV2D, results, GATE)
    assert total == round(10 * 7 / 11, 2)  # 6 value checks and the hidden value check
    assert tests[-1]["score"] == 0 and tests[-1]["output"].startswith("Passed, but scores 0: bad-input checks")


def test_a_check_zeroed_for_both_reasons_says_both():
    results = worked_example(values=6, hidden=False)
    output = score(CONV2D, results, GATE)[1][7]["output"]  # the first bad-input check
    assert output == ("Passed, but scores 0: bad-input checks count only when every value check of the exercise "
                      "passes (6 of 7 do); a hidden test of conv2d fails.")  # fmt: skip


def test_an_honest_submission_scores_as_the_share_of_checks_passed():
    # No rule takes points when the value checks and the hidden tests pass: a failing bad-input check
    # costs its own share, as before the rules.
    results = [*HONEST[:7], check("test_bad_input_0", bad_input=True), check("test_bad_input_1", False, bad_input=True),
               HONEST[-1]]  # fmt: skip
    for rules in (GATE, NO_GATE):
        total, tests = score(CONV2D, results, rules)
        assert total == 9
        assert [test["output"] for test in tests].count("Passed.") == 9


def test_results_without_the_new_fields_are_scored_as_value_checks():
    # A result.json written before checks recorded bad_input and functions.
    results = [{key: value for key, value in result.items() if key not in ("bad_input", "functions")}
               for result in ONE_BUG]  # fmt: skip
    assert score(CONV2D, results, GATE)[0] == 9


def test_without_partial_credit_the_rules_change_nothing():
    for results in (HONEST, ONE_BUG, ALL_VALUE_ERROR, HARD_CODED):
        tests = score(CONV2D, results, ALL_OR_NOTHING)[1]
        assert "scores 0" not in json.dumps(tests)
        assert tests[0]["max_score"] == 10 and all(test["max_score"] == 0 for test in tests[1:])


@pytest.mark.parametrize("rules", [GATE, NO_GATE, ALL_OR_NOTHING])
@pytest.mark.parametrize("results", [HONEST, ONE_BUG, ALL_VALUE_ERROR, HARD_CODED, []])
def test_results_json_follows_gradescopes_schema(results, rules):
    schema = json.loads((ROOT / "tests/data/gradescope_results.schema.json").read_text())
    graded = {"submitted": [CONV2D.module], "results": results, "seconds": 1.5}
    scores, written = gradescope_results("alice", graded, [CONV2D], rules)
    jsonschema.validate(written, schema)
    assert written["score"] == scores[CONV2D.module] == score(CONV2D, results, rules)[0]


def test_feedback_says_why_passing_checks_score_nothing_and_nothing_of_the_hidden_test():
    graded = {"submitted": [CONV2D.module], "results": HARD_CODED, "seconds": 1.5}
    scores = gradescope_results("alice", graded, [CONV2D], GATE)[0]
    text = feedback("alice", graded, scores, [CONV2D], GATE)
    assert text.startswith("# alice: 0 of 10 points")
    assert "9 of 9 checks pass.\n1 of the teacher's hidden checks fail.\n" in text
    assert "9 of the passing checks score 0: a hidden test of conv2d fails." in text
    assert "test_hidden_value" not in text and HIDDEN_SECRET not in text
    scores = gradescope_results("alice", graded, [CONV2D], NO_GATE)[0]
    text = feedback("alice", graded, scores, [CONV2D], NO_GATE)
    assert text.startswith("# alice: 9 of 10 points") and "score 0" not in text


def test_feedback_on_a_submission_that_only_raises_value_error():
    graded = {"submitted": [CONV2D.module], "results": ALL_VALUE_ERROR, "seconds": 1.5}
    scores = gradescope_results("bob", graded, [CONV2D], NO_GATE)[0]
    text = feedback("bob", graded, scores, [CONV2D], NO_GATE)
    assert text.startswith("# bob: 0 of 10 points") and "2 of 9 checks pass." in text
    assert ("2 of the passing checks score 0: bad-input checks count only when every value check of the exercise "
            "passes (0 of 7 do).") in text  # fmt: skip


@pytest.fixture(scope="module")
def checks_loaded():
    """TensorFlow and the checks, imported before pytester's snapshot of sys.modules: imported inside
    it, they would be unloaded after the run, and TensorFlow imported again aborts a later test."""
    load_the_checks()


@pytest.mark.slow
def test_a_real_run_records_the_bad_input_checks_and_the_functions_called(checks_loaded, pytester, monkeypatch):
    monkeypatch.setenv("EXERCISES_PACKAGE", "solutions")
    progress = Progress()
    exercise = find(1)
    result = pytester.runpytest_inprocess(
        str(ROOT / exercise.test_path), "-p", "no:cacheprovider", "--rootdir", str(ROOT), "--every-test",
        plugins=[progress],
    )  # fmt: skip
    assert result.ret == 0, result.stdout.str()[-3000:]
    bad_input = {result["test"] for result in progress.results if result["bad_input"]}
    assert bad_input == {result["test"] for result in progress.results if "test_bad_input_raises" in result["test"]}
    assert len(bad_input) == 4 and len(progress.results) > 4
    assert {tuple(result["functions"]) for result in progress.results} == {("convolve1d",)}
    assert score(exercise, progress.results, GATE)[0] == 10
