"""Where grading results go: a terminal table, the ``--json`` file, CSV, Gradescope results.json.

(The class report of a course is :mod:`autograder.course.class_report`; the Gradescope package that
writes results.json is :mod:`autograder.course.gradescope`.)

A result is the record of one submission from ``autograder.engine.grade``:
``{submission, score, max_score, error, tests: [{name, function, score, max_score, status,
output, _notes}], _notes}``; ``_notes`` (timing, cell errors, captured output, isolation; per
test the named mistake or a crash) is for the terminal, the class report and Gradescope only
and never goes into the JSON file.
"""

import csv
import json
from pathlib import Path

from autograder.engine import feedback
from autograder.engine.i18n import _
from autograder.engine.student import cell_words


def public(result):
    """A result without its private notes (its own and its tests'): exactly DESIGN.md's submission shape."""
    def without_notes(record):
        return {key: value for key, value in record.items() if not key.startswith("_")}
    return dict(without_notes(result), tests=[without_notes(test) for test in result["tests"]])


def functions(result):
    """{function: (score, max_score)} in the order the checks ran."""
    totals = {}
    for test in result["tests"]:
        score, most = totals.get(test["function"], (0.0, 0.0))
        totals[test["function"]] = (score + test["score"], most + test["max_score"])
    return totals


def _number(value):
    return f"{value:g}"


def table(assignment, results):
    """A plain-text table: one line per submission, its per-function scores, then its problems."""
    heading, score_heading, functions_heading = _("submission"), _("score"), _("functions")
    width = max([len(heading), *(len(result["submission"]) for result in results)])
    lines = [f"{assignment}", f"{heading:<{width}}  {score_heading:>11}  {functions_heading}", "-" * (width + 26)]
    for result in results:
        score = f"{_number(result['score'])}/{_number(result['max_score'])}"
        parts = ", ".join(f"{name} {_number(got)}/{_number(most)}" for name, (got, most) in functions(result).items())
        lines.append(f"{result['submission']:<{width}}  {score:>11}  {parts}")
        lines += [f"    {line}" for line in what_failed(result)]
    return "\n".join(lines)


def what_failed(result):
    """Lines that say what failed and why: the submission's error, cells that raised, then per failed
    function its verdict and its failed checks' messages, short (for the terminal)."""
    lines = []
    if result["error"]:
        lines.append(_("error: {error}").format(error=result["error"]))
        return lines
    for error in result.get("_notes", {}).get("cell_errors", []):
        lines.append(f"{cell_words(error)}: {error['error']}")
    for function in feedback.functions(result):
        if function.passed:
            continue
        lines.append(f"{function.function} {_number(function.score)}/{_number(function.max_score)}: "
                     f"{feedback.short(function.verdict)}")
        for check in function.checks:
            if check.status != "passed" and check.message:
                lines.append(f"  - {feedback.short(check.name, 80)}: {feedback.short(check.message, 140)}")
    return lines


def to_json(assignment, results):
    return {"assignment": assignment, "submissions": [public(result) for result in results]}


def write_json(path, assignment, results):
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(to_json(assignment, results), indent=1, ensure_ascii=False) + "\n",
                          encoding="utf-8")


def write_csv(path, results):
    """One row per submission: score, max_score, error and each function's score."""
    names = list(dict.fromkeys(name for result in results for name in functions(result)))
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["submission", "score", "max_score", "error", *names])
        for result in results:
            totals = functions(result)
            writer.writerow([result["submission"], result["score"], result["max_score"], result["error"] or "",
                             *(totals.get(name, (0.0, 0.0))[0] for name in names)])


def gradescope(result, execution_time=0.0):
    """Gradescope's results.json for one submission (https://gradescope-autograders.readthedocs.io/en/latest/specs/).

    The top-level output is the verdict per function and what went wrong with the submission as a
    whole; each check is a test (Gradescope knows only passed and failed: a timeout or an error is
    failed, and its output says which). Everything is visible to the student at once.
    """
    notes = result.get("_notes", {})
    output = [_("Score: {score} / {max_score}").format(score=_number(result["score"]),
                                                       max_score=_number(result["max_score"]))]
    graded = feedback.functions(result)
    output += [f"{function.function}: {_number(function.score)} / {_number(function.max_score)}. {function.verdict}"
               for function in graded]
    if result["error"]:
        output.append(_("The submission could not be read: {error}").format(error=result["error"]))
    output += [f"{cell_words(error)}: {error['error']}" for error in notes.get("cell_errors", [])]
    # each check's message as on the feedback page: what the function's verdict says is not repeated
    messages = [(function, check) for function in graded for check in function.checks]
    return {"score": result["score"], "execution_time": round(execution_time), "output": "\n".join(output),
            "output_format": "text", "visibility": "visible", "stdout_visibility": "hidden",
            "tests": [{"name": feedback.title(test), "score": test["score"], "max_score": test["max_score"],
                       "status": "passed" if test["status"] == "passed" else "failed",
                       "output": _check_output(function, check), "output_format": "text", "visibility": "visible"}
                      for test, (function, check) in zip(_in_function_order(result["tests"]), messages)]}


def _in_function_order(tests):
    """The tests grouped by function, in the order :func:`feedback.functions` lists their checks."""
    order = list(dict.fromkeys(test["function"] for test in tests))
    return sorted(tests, key=lambda test: order.index(test["function"]))


def _check_output(function, check):
    if check.same_as_above:
        return _("The same as the check above.")
    if check.status != "passed" and not check.message:
        return _("Why: see {function} in the summary at the top.").format(function=function.function)
    return check.message
