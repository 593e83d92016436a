"""How often the feedback names the mistake a submission makes, measured with the real grading CLI.

    python benchmarks/diagnosis.py [--set tests/heldout] [--assignment ID ...] [--jobs 2] [--show]

Each ``.py`` file of the set (``tests/heldout/<ID>/`` by default; ``tests/corpus`` works too) is a
submission with one mistake and a header (see ``tests/test_checks_corpus.py``)::

    # corpus: buggy
    # function: sgd_momentum
    # actual: the right velocity applied as w - v          what the mistake is, for people
    # named: opposite sign | sign | w - v                   the feedback names it when it has one of these

(without ``named``, the ``mistake`` field is the one phrase). Every assignment's files are graded in
one run of ``python -m autograder grade --assignment ID --json OUT FILES``; then, for the mistaken
function, the feedback (its verdict in the record's ``functions`` summary when there is one, and the
messages of its failed checks; not the checks' names, which say what is tested) is

- **named** when it contains one of the phrases (case-insensitive);
- **wrong** when it does not but states a cause: a known mistake ("This is what you get with ..."),
  a helper to fix first, or the verdict's ``cause``;
- **generic** otherwise (what was called, what came back, what was expected, what is known);
- **missed** when the function kept full marks (the mistake was not caught at all).

Prints a table per assignment and overall; ``--show`` prints each file's verdict and feedback.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_checks_corpus import header  # noqa: E402  (the corpus header format, read one way)

KINDS = ("named", "generic", "wrong", "missed")
CAUSE_MARKERS = ("This is what you get with", "differs from the reference where")  # catalogue, dependents (before the summary)


def grade(assignment, paths, jobs):
    """``{file name: record}`` from one CLI run over ``paths``."""
    out = Path(tempfile.mkdtemp(prefix="diagnosis-")) / "out.json"
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", "--assignment", assignment, "--jobs", str(jobs),
                          "--json", str(out), *map(str, paths)], cwd=ROOT, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise SystemExit(f"grading {assignment} failed:\n{run.stdout[-2000:]}{run.stderr[-4000:]}")
    return {Path(record["submission"]).name: record for record in json.loads(out.read_text())["submissions"]}


def judge(record, fields):
    """``(kind, feedback text)`` for the header's function in ``record``."""
    function = fields["function"]
    tests = [test for test in record["tests"] if test["function"] == function]
    if all(test["status"] == "passed" for test in tests):
        return "missed", ""
    summary = next((entry for entry in record.get("functions", []) if entry["function"] == function), {})
    feedback = "\n".join([summary.get("verdict") or ""] +
                         [test["output"] for test in tests if test["status"] != "passed"])
    phrases = [phrase.strip() for phrase in (fields.get("named") or fields.get("mistake") or "").split("|")]
    if any(phrase and phrase.lower() in feedback.lower() for phrase in phrases):
        return "named", feedback
    if summary.get("cause") or ("functions" not in record and any(marker in feedback for marker in CAUSE_MARKERS)):
        return "wrong", feedback
    return "generic", feedback


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", default="tests/heldout", help="folder of <ID>/*.py files (default tests/heldout)")
    parser.add_argument("--assignment", nargs="*", help="only these assignments")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--show", action="store_true", help="print each file's verdict and feedback")
    options = parser.parse_args()
    folder = (ROOT / options.set).resolve()
    counts, total = {}, Counter()
    for assignment_dir in sorted(path for path in folder.iterdir() if path.is_dir()):
        if options.assignment and assignment_dir.name not in options.assignment:
            continue
        files = [path for path in sorted(assignment_dir.glob("*.py")) if header(path).get("corpus") == "buggy"]
        if not files:
            continue
        records = grade(assignment_dir.name, files, options.jobs)
        counts[assignment_dir.name] = Counter()
        for path in files:
            kind, feedback = judge(records[path.name], header(path))
            counts[assignment_dir.name][kind] += 1
            total[kind] += 1
            if options.show:
                print(f"--- {assignment_dir.name}/{path.name}: {kind.upper()} ({header(path).get('actual', '')})")
                print("    " + feedback.replace("\n", "\n    ")[:1500])
    print(f"{'assignment':24} {'files':>5} " + " ".join(f"{kind:>8}" for kind in KINDS) + f" {'named %':>8}")
    for name, count in [*counts.items(), ("overall", total)]:
        files = sum(count.values())
        print(f"{name:24} {files:5d} " + " ".join(f"{count[kind]:8d}" for kind in KINDS) +
              f" {100 * count['named'] / max(files, 1):7.0f}%")


if __name__ == "__main__":
    main()
