"""What a student reads about each graded function: a one-line verdict first, then its checks, each message once.

Every sink a student reads renders this (the notebook's test cells and the feedback page in
``autograder.course``, Gradescope's results.json and the terminal table in :mod:`autograder.engine.report`),
so they agree. The verdict is the diagnosis of the function when the record has one
(``record["functions"]``: ``[{function, score, max_score, verdict}]``, verdict a sentence or None), made
from the checks' records by :func:`autograder.engine.diagnosis.function_summaries` when a record has
none; "All 3 checks passed." when none failed. A sentence the verdict says is not repeated under the checks, and a
message two checks share is shown under the first only.
"""

import re
from dataclasses import dataclass, field

from autograder.engine.diagnosis import function_summaries
from autograder.engine.i18n import _, joined_sentences, ngettext

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")  # English sentences end before a space, Chinese ones not


def title(test):
    """A test's name as the student reads it: translated where the language is not English.

    ``test["name"]`` identifies the check (the same in every language); the plugin notes the
    translated name in ``_notes["title"]``.
    """
    return (test.get("_notes") or {}).get("title") or test["name"]


@dataclass
class Check:
    """One check as a student reads it: ``message`` is empty when it passed or said it all above."""
    name: str
    status: str
    score: float
    max_score: float
    message: str
    same_as_above: bool = False


@dataclass
class Function:
    """One graded function: its points, its verdict, its checks and the figure of one failing check."""
    function: str
    score: float
    max_score: float
    verdict: str
    checks: list = field(default_factory=list)
    figure: dict | None = None

    @property
    def passed(self):
        return all(check.status == "passed" for check in self.checks)


def functions(result):
    """The :class:`Function` of each graded function of ``result`` (a grading record), in check order."""
    given = {entry.get("function"): entry for entry in result.get("functions") or [] if isinstance(entry, dict)}
    order = list(dict.fromkeys(test["function"] for test in result.get("tests", [])))
    if result.get("error"):  # the reason is the submission's, said once beside the score: not under every check
        unread = _("Not graded: the submission could not be read.")
        return [function_feedback(name, [dict(test, output="") for test in result["tests"] if test["function"] == name],
                                  unread) for name in order]
    return [function_feedback(name, [test for test in result["tests"] if test["function"] == name],
                              (given.get(name) or {}).get("verdict"))
            for name in order]


def function_feedback(function, tests, verdict=None):
    """The :class:`Function` of ``function`` from its checks' records and the diagnosis ``verdict`` (or None)."""
    failed = [test for test in tests if test["status"] != "passed"]
    if not verdict:  # a record of checks alone (no ``functions`` summary): the same diagnosis the grader writes
        verdict = function_summaries(tests)[0]["verdict"] if failed else ngettext(
            "The check passed.", "All {count} checks passed.", len(tests)).format(count=len(tests))
    said = set(_sentences(verdict))
    checks, shown = [], set()
    for test in tests:
        message = "" if test["status"] == "passed" else \
            joined_sentences([s for s in _sentences(test.get("output") or "") if s not in said])
        repeated = bool(message) and message in shown
        shown.add(message)
        checks.append(Check(title(test), test["status"], test["score"], test["max_score"],
                            "" if repeated else message, repeated))
    drawn = [test["_notes"]["figure"] for test in failed if (test.get("_notes") or {}).get("figure")]
    # the shortest failing series: its points can be told apart (a step too few shows)
    figure = min(drawn, key=lambda data: len(data["expected"]["x"]), default=None)
    return Function(function, round(sum(test["score"] for test in tests), 6),
                    round(sum(test["max_score"] for test in tests), 6), verdict, checks, figure)


def _sentences(text):
    return [sentence for sentence in _SENTENCE_END.split(text.strip()) if sentence]


def short(text, limit=160):
    """``text`` on one line, at most ``limit`` characters (for the terminal)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."
