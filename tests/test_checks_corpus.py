"""The hidden checks judged on a corpus of submissions, through the real grading CLI.

tests/corpus/<ID>/ holds independently written submissions (.py). Each starts with a header:

    # corpus: correct                       every function must get full marks

    # corpus: buggy
    # function: adam                        the function with the one known mistake
    # mistake: no bias correction           text the feedback of that function must contain (or one of
                                            several separated by " | ")
                                            (empty: the catalogue does not name this mistake)
    # affects: train, accuracy              (optional) functions that call the buggy one in this
                                            file and may lose points with it
    # actual: the right velocity ...        (held-out files) the mistake, for people
    # named: opposite sign | w - v          (held-out files) phrases, one of which names the mistake

A buggy submission must lose points on its function, keep full marks on every function
not named in the header, and (when ``mistake`` is given) its function's verdict or one of its
failed checks must name the mistake. When the verdict states a cause, it must be the mistake
made (``mistake``, or one of the ``named`` phrases): a diagnosis may be missing, never wrong.

tests/heldout/<ID>/ holds one-mistake submissions written from the released notebooks alone, with
mistakes the catalogue does not have (``benchmarks/diagnosis.py`` reports the share named); they
are graded in the same CLI run, as the first student only. Each assignment is graded in one CLI run
(``python -m autograder grade --assignment ID --json OUT files...``).
"""

import functools
import json
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
HELDOUT = ROOT / "tests" / "heldout"
ASSIGNMENTS = sorted(path.name for path in CORPUS.iterdir() if path.is_dir())


def header(path):
    """The ``# key: value`` lines at the top of a corpus file."""
    fields = {}
    for line in path.read_text().splitlines():
        if not line.startswith("# ") or ":" not in line:
            break
        key, _, value = line[2:].partition(":")
        fields[key.strip()] = value.strip()
    return fields


def files(assignment):
    """The corpus files of ``assignment``, then its held-out files."""
    return [*sorted((CORPUS / assignment).glob("*.py")), *sorted((HELDOUT / assignment).glob("*.py"))]


def corpus_files(kind):
    return [pytest.param(path, id=f"{path.parent.name}/{path.stem}")
            for assignment in ASSIGNMENTS for path in files(assignment)
            if header(path).get("corpus") == kind]


# Every corpus file is graded as each of these students in one CLI run per assignment (the seed comes
# from the student id, so each copy gets other random inputs). The seeds test compares the copies; the
# tests here read the first student's records.
STUDENT_IDS = ("s0001", "b07902113", "zh-TW-學生")


@functools.cache
def graded_as_students(assignment):
    """``{corpus file name: {student id: submission record}}`` for ``assignment`` (one CLI run)."""
    with tempfile.TemporaryDirectory(prefix="corpus-") as folder:
        folder = Path(folder)
        for path in files(assignment):
            for student_id in STUDENT_IDS if path.parent.parent == CORPUS else STUDENT_IDS[:1]:
                shutil.copy(path, folder / f"{path.stem}@{student_id}.py")
        out = folder / "out.json"
        run = subprocess.run([sys.executable, "-m", "autograder", "grade", "--assignment", assignment,
                              "--json", str(out), *sorted(str(p) for p in folder.glob("*.py"))],
                             cwd=ROOT, capture_output=True, text=True, timeout=3600, check=False)
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-4000:]
        records = json.loads(out.read_text())["submissions"]
    found = defaultdict(dict)
    for record in records:
        stem, student_id = Path(record["submission"]).stem.rsplit("@", 1)
        found[f"{stem}.py"][student_id] = record
    return found


def graded(assignment):
    """``{corpus file name: submission record}``: the first student's records."""
    return {name: by_student[STUDENT_IDS[0]] for name, by_student in graded_as_students(assignment).items()}


def by_function(record):
    """``{function: (score, max_score, [its verdict and the outputs of its failed checks])}``."""
    scores = defaultdict(lambda: [0.0, 0.0, []])
    for summary in record["functions"]:
        if summary["verdict"]:
            scores[summary["function"]][2].append(f"[verdict] {summary['verdict']}")
    for test in record["tests"]:
        entry = scores[test["function"]]
        entry[0] += test["score"]
        entry[1] += test["max_score"]
        if test["status"] != "passed":
            entry[2].append(f"[{test['status']}] {test['name']}: {test['output']}")
    return scores


@pytest.mark.parametrize("path", corpus_files("correct"))
def test_correct_submission_gets_full_marks(path):
    record = graded(path.parent.name)[path.name]
    assert record["error"] is None, record["error"]
    lost = {function: failures for function, (score, top, failures) in by_function(record).items() if score < top}
    assert not lost, f"{path.name} lost points: {json.dumps(lost, indent=1, ensure_ascii=False)}"


@pytest.mark.parametrize("path", corpus_files("buggy"))
def test_mistake_costs_its_function_only(path):
    fields = header(path)
    function, mistake = fields["function"], fields.get("mistake", "")
    allowed = {function} | {name.strip() for name in fields.get("affects", "").split(",") if name.strip()}
    scores = by_function(graded(path.parent.name)[path.name])
    assert function in scores, f"no checks of {function}"
    score, top, failures = scores[function]
    assert score < top, f"{path.name}: the mistake in {function} was not caught"
    others = {name: fails for name, (got, best, fails) in scores.items() if got < best and name not in allowed}
    assert not others, f"{path.name} also cost {json.dumps(others, indent=1, ensure_ascii=False)}"
    if mistake:
        phrases = alternatives(mistake)
        assert any(phrase in failure.lower() for failure in failures for phrase in phrases), \
            f"{path.name}: no message names the mistake {mistake!r}:\n" + "\n".join(failures)
    cause = next(summary["cause"] for summary in graded(path.parent.name)[path.name]["functions"]
                 if summary["function"] == function)
    named = alternatives(fields.get("named") or mistake)
    # the cause may be the short name of what a message details (07: "a wrong gradient sent back by a * b")
    if cause and named:
        assert any(phrase in text.lower() for phrase in named for text in [cause, *failures]), \
            f"{path.name}: the verdict names another cause than {fields.get('actual') or mistake!r}: {cause}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_points_are_whole_or_halves(assignment):
    record = next(iter(graded(assignment).values()))
    for function, (_, top, _) in by_function(record).items():
        assert top > 0 and (2 * top).is_integer(), f"{assignment}: {function} is worth {top}"


def alternatives(phrases):
    """The phrases of a ``mistake`` or ``named`` header, lower-case: `` | `` separates them (a phrase
    may hold a bare ``|``, as in ``|a| + |b|``)."""
    return [phrase.strip().lower() for phrase in phrases.split(" | ") if phrase.strip()]


def without_calls(text, functions):
    """``text`` with the argument lists of calls of ``functions`` cut out (``f(...)`` becomes ``f()``):
    a phrase found in the arguments a check passed (``drop_last=True``) names nothing."""
    for function in functions:
        start = 0
        while (start := text.find(function + "(", start)) >= 0:
            open_at = start + len(function)
            depth, end = 0, open_at
            for end in range(open_at, len(text)):
                depth += {"(": 1, ")": -1}.get(text[end], 0)
                if depth == 0:
                    break
            text = text[:open_at + 1] + text[end:]
            start = open_at + 1
    return text


KINDS = ("named", "generic", "wrong", "missed")  # of a buggy file; a correct one is "full marks" or "lost points"
CAUSE_MARKERS = ("This is what you get with", "differs from the reference where")  # catalogue, dependents


def judge(fields, record):
    """``(kind, feedback)``: how the feedback on one graded file fares (``benchmarks/diagnosis.py`` counts these).

    For a ``corpus: correct`` file, "full marks" or "lost points" (on any function). For a buggy one,
    the feedback on the header's function (its verdict in the record's ``functions`` summary when there
    is one, and the messages of its failed checks; not the checks' names, which say what is tested) is
    **named** when it contains one of the ``named`` phrases (else of ``mistake``'s, `` | `` between
    alternatives; case-insensitive), not counting the arguments of the calls it shows; **wrong** when it does not but states a cause (the verdict's
    ``cause``; in a record without a summary, a known mistake or a helper to fix first); **generic**
    otherwise (what was called, what came back, what was expected, what is known); **missed** when the
    function kept full marks.
    """
    if fields["corpus"] == "correct":
        return ("lost points" if any(test["score"] < test["max_score"] for test in record["tests"])
                else "full marks"), "\n".join(f"{test['name']}: {test['output']}" for test in record["tests"]
                                               if test["score"] < test["max_score"])
    function = fields["function"]
    tests = [test for test in record["tests"] if test["function"] == function]
    if all(test["status"] == "passed" for test in tests):
        return "missed", ""
    summary = next((entry for entry in record.get("functions", []) if entry["function"] == function), {})
    feedback = "\n".join([summary.get("verdict") or ""] +
                         [test["output"] for test in tests if test["status"] != "passed"])
    said = without_calls(feedback, {test["function"] for test in record["tests"]}).lower()
    if any(phrase in said for phrase in alternatives(fields.get("named") or fields.get("mistake") or "")):
        return "named", feedback
    if summary.get("cause") or ("functions" not in record and any(marker in feedback for marker in CAUSE_MARKERS)):
        return "wrong", feedback
    return "generic", feedback
