"""A graded submission's points, its Gradescope results.json and the feedback a student reads."""

from dataclasses import dataclass

from course.progress import cause_tag


@dataclass(frozen=True)
class Rules:
    """How checks become points (the README's grading section shows them at work).

    Attributes:
        partial_credit: an exercise's points are shared out by the share of its checks
            passed; if False, they are given only when every check passes.
        hidden_gate: a visible check's points are kept only if the teacher's hidden
            tests of the same function pass too.
    """

    partial_credit: bool = True
    hidden_gate: bool = True


def score(exercise, results, rules):
    """(score, [Gradescope test entries]) of one exercise from its checks' results."""
    if not results:
        return 0.0, [{"name": f"Exercise {exercise.number}: {exercise.title}", "score": 0.0,
                      "max_score": float(exercise.points), "status": "failed", "visibility": "visible",
                      "output": "Not submitted, or not graded."}]  # fmt: skip
    passed = [result["outcome"] == "passed" for result in results]
    each = exercise.points / len(results) if rules.partial_credit else 0.0
    tests = []
    for number, (result, ok) in enumerate(zip(results, passed, strict=True), start=1):
        tests.append({
            "name": f"Exercise {exercise.number} ({exercise.title}): {result['test']}",
            "number": f"{exercise.number}.{number}",
            "score": each if ok else 0.0,
            "max_score": each,
            "status": "passed" if ok else "failed",
            "output": "Passed." if ok else result["message"],
            "tags": sorted({cause_tag(cause) for cause in result["causes"]}),
            "visibility": "after_published" if result["hidden"] else "visible",
        })  # fmt: skip
    if rules.partial_credit:
        return round(exercise.points * sum(passed) / len(passed), 2), tests
    total = float(exercise.points) if all(passed) else 0.0
    tests.insert(0, {"name": f"Exercise {exercise.number}: {exercise.title} (all checks pass)", "score": total,
                     "max_score": float(exercise.points), "status": "passed" if total else "failed",
                     "visibility": "visible", "output": f"{sum(passed)} of {len(passed)} checks pass."})  # fmt: skip
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


def feedback(name, graded, scores, selected):
    """The Markdown a student gets back: per exercise, the score and what failed, in words."""
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
        messages = list(dict.fromkeys(result["message"] for result in failed))
        for message in messages[:3]:
            lines += ["", "```text", message.strip(), "```"]
        if len(messages) > 3:
            lines.append(f"\n... and {len(messages) - 3} more failures like these.")
        lines.append("")
    if "error" in graded:
        lines += ["## Grading stopped early", "", "```text", graded["error"].strip(), "```", ""]
    return "\n".join(lines)
