"""How often the feedback names the mistake a submission makes, measured with the real grading CLI.

    python benchmarks/diagnosis.py [--set tests/heldout] [--assignment ID ...] [--jobs 2] [--show]

Each ``.py`` file of the set (``tests/heldout/<ID>/`` by default; ``tests/corpus`` works too) is a
submission with one mistake and a header (see ``tests/test_checks_corpus.py``)::

    # corpus: buggy
    # function: sgd_momentum
    # actual: the right velocity applied as w - v          what the mistake is, for people
    # named: opposite sign | w - v                          the feedback names it when it has one of these

(without ``named``, the ``mistake`` field is the one phrase), or a correct one (``# corpus: correct``).
Every assignment's files are graded in one run of ``python -m autograder grade --assignment ID --json
OUT FILES``; each buggy file is then **named**, **generic**, **wrong** or **missed**, as
``tests/test_checks_corpus.judge`` says (the tests hold the corpus to the same judge), and each correct
file keeps **full marks** or **lost points** (a false failure, on any function).

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

from tests.test_checks_corpus import KINDS, header, judge  # noqa: E402  (the corpus format, read and judged one way)


def grade(assignment, paths, jobs):
    """``{file name: record}`` from one CLI run over ``paths``."""
    out = Path(tempfile.mkdtemp(prefix="diagnosis-")) / "out.json"
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", "--assignment", assignment, "--jobs", str(jobs),
                          "--json", str(out), *map(str, paths)], cwd=ROOT, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise SystemExit(f"grading {assignment} failed:\n{run.stdout[-2000:]}{run.stderr[-4000:]}")
    return {Path(record["submission"]).name: record for record in json.loads(out.read_text())["submissions"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", default="tests/heldout", help="folder of <ID>/*.py files (default tests/heldout)")
    parser.add_argument("--assignment", nargs="*", action="extend", help="only these assignments (the flag may repeat)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--show", action="store_true", help="print each file's verdict and feedback")
    options = parser.parse_args()
    folder = (ROOT / options.set).resolve()
    counts, total = {}, Counter()
    for assignment_dir in sorted(path for path in folder.iterdir() if path.is_dir()):
        if options.assignment and assignment_dir.name not in options.assignment:
            continue
        files = [path for path in sorted(assignment_dir.glob("*.py")) if header(path).get("corpus") in ("buggy", "correct")]
        if not files:
            continue
        records = grade(assignment_dir.name, files, options.jobs)
        counts[assignment_dir.name] = Counter()
        for path in files:
            kind, feedback = judge(header(path), records[path.name])
            counts[assignment_dir.name][kind] += 1
            total[kind] += 1
            if options.show:
                print(f"--- {assignment_dir.name}/{path.name}: {kind.upper()} ({header(path).get('actual', '')})")
                print("    " + feedback.replace("\n", "\n    ")[:1500])
    print(f"{'assignment':24} {'buggy':>5} " + " ".join(f"{kind:>8}" for kind in KINDS) +
          f" {'named %':>8} {'correct':>8} {'lost points':>12}")
    for name, count in [*counts.items(), ("overall", total)]:
        buggy = sum(count[kind] for kind in KINDS)
        print(f"{name:24} {buggy:5d} " + " ".join(f"{count[kind]:8d}" for kind in KINDS) +
              f" {100 * count['named'] / max(buggy, 1):7.0f}% {count['full marks'] + count['lost points']:8d}"
              f" {count['lost points']:12d}")


if __name__ == "__main__":
    main()
