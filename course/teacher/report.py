"""``python -m exercises report DIR``: what a class got right, and which mistakes it made.

Reads ``DIR/class.json`` (written by ``python -m exercises grade``) and prints:
- per exercise, the share of the class with every check passing;
- the most common named mistakes ("Likely cause" of the checks), with the share
  of the class that made each;
- the slowest checks (median seconds over the class) and the most failed ones.
It also draws ``DIR/report.png``: the shares done and the mistakes as bar charts.
"""

import io
import json
import statistics
from collections import Counter, defaultdict
from pathlib import Path

from course.catalog import find
from course.progress import cause_tag
from models.files import write_atomically

SHOWN = 8  # rows of each table


def load_class(folder):
    path = Path(folder) / "class.json"
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as error:
        raise ValueError(f"{path} is not a class's grades from `python -m exercises grade`: {error}") from None


def summarize(grades):
    """The class picture as plain data: shares done, mistakes, slow and failing checks."""
    submissions = grades["submissions"]
    size = len(submissions)
    done, mistakes, seconds, failures = {}, Counter(), defaultdict(list), Counter()
    for module in grades["exercises"]:
        done[module] = sum(
            bool(results) and all(result["outcome"] == "passed" for result in results)
            for results in ([r for r in s["results"] if r["exercise"] == module] for s in submissions.values())
        ) / max(size, 1)  # fmt: skip
    for submission in submissions.values():
        made = set()
        for result in submission["results"]:
            test = f"{result['exercise']}::{result['test']}"
            seconds[test].append(result["seconds"])
            failures[test] += result["outcome"] != "passed"
            made |= {(result["exercise"], cause_tag(cause)) for cause in result["causes"]}
        mistakes.update(made)
    return {
        "size": size,
        "done": done,
        "mistakes": [(module, tag, count / max(size, 1)) for (module, tag), count in mistakes.most_common(SHOWN)],
        "slowest": sorted(((statistics.median(times), test) for test, times in seconds.items()), reverse=True)[:SHOWN],
        "failing": [(test, count / max(size, 1)) for test, count in failures.most_common(SHOWN) if count],
    }


def lines(summary):
    out = [f"A class of {summary['size']} submissions.", "", "Done (every check passes):"]
    for module, share in summary["done"].items():
        exercise = find(module)
        out.append(f"  {exercise.number:2}. {exercise.title:45} {share:6.0%}")
    out += ["", "Most common mistakes (share of the class):"]
    out += [f"  {share:6.0%}  exercise {find(module).number}: {tag}" for module, tag, share in summary["mistakes"]]
    if not summary["mistakes"]:
        out.append("  none named")
    out += ["", "Slowest checks (median over the class):"]
    out += [f"  {seconds:6.2f} s  {test}" for seconds, test in summary["slowest"]]
    out += ["", "Most failed checks:"]
    out += [f"  {share:6.0%}  {test}" for test, share in summary["failing"]] or ["  none"]
    return out


def draw(summary, path):
    """report.png: the share done per exercise, and the most common mistakes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (top, bottom) = plt.subplots(2, 1, figsize=(9, 7), constrained_layout=True)
    modules = list(summary["done"])
    top.bar([f"{find(module).number}" for module in modules], [100 * summary["done"][m] for m in modules])
    top.set(title=f"Done, by exercise (a class of {summary['size']})", xlabel="exercise", ylabel="% of the class",
            ylim=(0, 100))  # fmt: skip
    labels = [f"ex{find(module).number}: {tag}" for module, tag, _ in summary["mistakes"]]
    bottom.barh(labels[::-1], [100 * share for _, _, share in summary["mistakes"]][::-1], color="tab:red")
    bottom.set(title="Most common named mistakes", xlabel="% of the class", xlim=(0, 100))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    plt.close(figure)
    write_atomically(Path(path), buffer.getvalue())


def print_class_report(folder):
    """Prints the class report of ``folder`` and draws its report.png; returns the summary."""
    summary = summarize(load_class(folder))
    print("\n".join(lines(summary)))
    draw(summary, Path(folder) / "report.png")
    print(f"\nDrawn: {Path(folder) / 'report.png'}")
    return summary
