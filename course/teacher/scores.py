"""A graded submission's points, its Gradescope results.json and the feedback a student reads."""

import re
from collections import Counter
from dataclasses import dataclass

from course.progress import cause_tag


@dataclass(frozen=True)
class Rules:
    """How checks become points (the README's grading section shows them at work).

    An exercise's checks are the tests of its file and the teacher's hidden ones. A *bad-input
    check* is one that used ``harness.rejects`` (it wants a ValueError for a bad input); every
    other check is a *value check*. A passing check *counts* unless:

    - it is a bad-input check (visible or hidden) and a visible value check of its exercise
      fails: refusing bad input is worth points only next to code that does the work. (Hidden
      value checks are left to ``hidden_gate``, so that what a student sees decides this rule.)
    - ``hidden_gate`` is on, it is visible, and a hidden value check of its exercise fails that
      called one of the student's functions it called (or that called none, which gates the whole
      exercise). A failing hidden bad-input check costs only its own points, and a skipped hidden
      check (the teacher's ``pytest.skip``) gates nothing.

    A check's functions are the names it asked the student's process for: the student's functions it
    called, and the drivers (``course/drivers.py``, ``course/keras_drivers.py``) it ran there, each
    under its own name.

    Attributes:
        partial_credit: an exercise's points are shared out equally among its checks, and a
            check's share is earned when it counts; if False, the points are given only when
            every check passes (then every check counts, so the two rules above change nothing).
        hidden_gate: the rule above; on by default (``--no-hidden-gate`` turns it off).
    """

    partial_credit: bool = True
    hidden_gate: bool = True


def passed(result):
    return result["outcome"] == "passed"


def value_check(result):
    return not result.get("bad_input", False)


def hidden_gates(result, failing_hidden):
    """Why the failing hidden value checks ``failing_hidden`` take a visible check's points, or ''.
    Names only the functions that the visible check itself called, nothing of the hidden check."""
    called = set(result.get("functions", []))
    shared = set()
    for hidden in failing_hidden:
        functions = set(hidden.get("functions", []))
        if not functions:  # it called nothing we know of: it gates the whole exercise
            return "a hidden test of this exercise fails"
        shared |= functions & called
    return f"a hidden test of {', '.join(sorted(shared))} fails" if shared else ""


def zero_reasons(results, rules):
    """For each check, why it scores 0 although it passed (see :class:`Rules`), or '' when it counts
    (or failed, which needs no reason)."""
    values = [passed(result) for result in results if value_check(result) and not result["hidden"]]
    failing_hidden = [result for result in results
                      if result["hidden"] and value_check(result) and result["outcome"] == "failed"]  # fmt: skip
    reasons = []
    for result in results:
        why = []
        if passed(result) and not value_check(result) and not all(values):
            why.append(f"bad-input checks count only when every value check of the exercise passes "
                       f"({sum(values)} of {len(values)} do)")  # fmt: skip
        if passed(result) and rules.hidden_gate and not result["hidden"]:
            why.append(hidden_gates(result, failing_hidden))
        reasons.append("; ".join(filter(None, why)))
    return reasons


def score(exercise, results, rules):
    """(score, [Gradescope test entries]) of one exercise from its checks' results."""
    if not results:
        return 0.0, [{"name": f"Exercise {exercise.number}: {exercise.title}", "score": 0.0,
                      "max_score": float(exercise.points), "status": "failed", "visibility": "visible",
                      "output": "Not submitted, or not graded."}]  # fmt: skip
    reasons = zero_reasons(results, rules) if rules.partial_credit else [""] * len(results)
    counts = [passed(result) and not why for result, why in zip(results, reasons, strict=True)]
    each = exercise.points / len(results) if rules.partial_credit else 0.0
    tests = []
    for number, (result, ok, why) in enumerate(zip(results, counts, reasons, strict=True), start=1):
        output = f"Passed, but scores 0: {why}." if why else "Passed." if ok else result["message"]
        tests.append({
            "name": f"Exercise {exercise.number} ({exercise.title}): {result['test']}",
            "number": f"{exercise.number}.{number}",
            "score": each if ok else 0.0,
            "max_score": each,
            "status": "passed" if ok else "failed",
            "output": output,
            "tags": sorted({cause_tag(cause) for cause in result["causes"]}),
            "visibility": "after_published" if result["hidden"] else "visible",
        })  # fmt: skip
    if rules.partial_credit:
        return round(exercise.points * sum(counts) / len(counts), 2), tests
    total = float(exercise.points) if all(counts) else 0.0
    tests.insert(0, {"name": f"Exercise {exercise.number}: {exercise.title} (all checks pass)", "score": total,
                     "max_score": float(exercise.points), "status": "passed" if total else "failed",
                     "visibility": "visible", "output": f"{sum(counts)} of {len(counts)} checks pass."})  # fmt: skip
    return total, tests


def gradescope_results(name, graded, selected, rules):
    """(scores by module, the Gradescope results.json dict) of one graded submission."""
    scores, tests = {}, []
    for exercise in selected:
        results = [result for result in graded["results"] if result["exercise"] == exercise.module]
        scores[exercise.module], entries = score(exercise, results, rules)
        tests += entries
    total = round(sum(scores.values()), 2)
    maximum = sum(exercise.points for exercise in selected)
    output = f"{name}: {total:g} of {maximum} points."
    if "error" in graded:
        output += f"\nThe checks stopped early: {graded['error']}"
    results = {"score": total, "execution_time": graded["seconds"], "output": output, "visibility": "visible",
               "stdout_visibility": "hidden", "tests": tests}  # fmt: skip
    return scores, results


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def fenced(text):
    """``text`` as a Markdown code block that it cannot close (its fence is longer than any run of
    backticks in it), without control characters a terminal would obey: a student's message cannot
    write headings or scores of its own into the feedback."""
    text = CONTROL.sub("?", text.strip())
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
    return [f"{fence}text", text, fence]


def feedback(name, graded, scores, selected, rules=Rules()):
    """The Markdown a student gets back: per exercise, the score, what failed, in words, and why a
    passing check scores 0 (``rules`` must be those that gave ``scores``)."""
    maximum = sum(exercise.points for exercise in selected)
    lines = [f"# {name}: {sum(scores.values()):g} of {maximum} points", ""]
    for exercise in selected:
        results = [result for result in graded["results"] if result["exercise"] == exercise.module]
        lines += [f"## Exercise {exercise.number}: {exercise.title} ({scores[exercise.module]:g} of "
                  f"{exercise.points} points)", ""]  # fmt: skip
        if not results:
            lines += ["Not submitted.", ""]
            continue
        visible = [result for result in results if not result["hidden"]]
        failed = [result for result in visible if result["outcome"] != "passed"]
        hidden_failed = sum(result["outcome"] != "passed" for result in results if result["hidden"])
        lines.append(f"{len(visible) - len(failed)} of {len(visible)} checks pass.")
        if hidden_failed:
            lines.append(f"{hidden_failed} of the teacher's hidden checks fail.")
        if rules.partial_credit:
            reasons = zero_reasons(results, rules)
            zeroed = Counter(why for result, why in zip(results, reasons, strict=True) if why and not result["hidden"])
            for why, count in zeroed.items():
                lines.append(f"{count} of the passing checks score 0: {why}.")
        messages = list(dict.fromkeys(result["message"] for result in failed))
        for message in messages[:3]:
            lines += ["", *fenced(message)]
        if len(messages) > 3:
            lines.append(f"\n... and {len(messages) - 3} more failures like these.")
        lines.append("")
    if "error" in graded:
        lines += ["## Grading stopped early", "", *fenced(graded["error"]), ""]
    return "\n".join(lines)
