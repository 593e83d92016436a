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
        phrases = [phrase.strip().lower() for phrase in mistake.split(" | ")]  # alternatives, any one names it
        assert any(phrase in failure.lower() for failure in failures for phrase in phrases), \
            f"{path.name}: no message names the mistake {mistake!r}:\n" + "\n".join(failures)
    cause = next(summary["cause"] for summary in graded(path.parent.name)[path.name]["functions"]
                 if summary["function"] == function)
    named = [phrase.strip().lower() for phrase in (fields.get("named") or mistake).split("|") if phrase.strip()]
    # the cause may be the short name of what a message details (07: "a wrong gradient sent back by a * b")
    if cause and named:
        assert any(phrase in text.lower() for phrase in named for text in [cause, *failures]), \
            f"{path.name}: the verdict names another cause than {fields.get('actual') or mistake!r}: {cause}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_points_are_whole_or_halves(assignment):
    record = next(iter(graded(assignment).values()))
    for function, (_, top, _) in by_function(record).items():
        assert top > 0 and (2 * top).is_integer(), f"{assignment}: {function} is worth {top}"


def verdict(fields, record):
    """How one graded corpus file fares (``benchmarks/diagnosis.py`` counts these), and its function's messages.

    ``named``, ``named wrongly`` (a message names a mistake, a catalogue entry or a probe's, without
    the header's words), ``generic``, ``missed``, ``diagnosed, words not given``; a buggy one that
    costs other functions gets ``, cost others``; a correct one ``correct, full marks`` or
    ``correct, lost points``. ``mistake`` may list alternatives separated by `` | ``.
    """
    function = fields.get("function")
    allowed = {function} | {name.strip() for name in fields.get("affects", "").split(",") if name.strip()}
    lost, failures, diagnoses = set(), [], []
    for test in record["tests"]:
        if test["score"] < test["max_score"]:
            lost.add(test["function"])
            if test["function"] == function:
                failures.append(f"{test['name']}: {test['output']}")
                diagnoses.append((test.get("_notes") or {}).get("mistake"))
    if fields["corpus"] == "correct":
        return ("correct, lost points" if lost else "correct, full marks"), failures
    if function not in lost:
        return "missed", failures
    words = [alternative.strip().lower() for alternative in fields.get("mistake", "").split("|") if alternative.strip()]

    def says(text):
        return any(word in text.lower() for word in words)

    if not words:  # the header does not say which words name it
        category = "diagnosed, words not given" if any(diagnoses) else "generic"
        return category + (", cost others" if lost - allowed else ""), failures
    wrong = [mistake for mistake, text in zip(diagnoses, failures) if mistake and not says(text)]
    category = "named wrongly" if wrong else "named" if any(map(says, failures)) else \
        "generic" if not any(diagnoses) else "named wrongly"
    if lost - allowed:
        category += ", cost others"
    return category, failures
