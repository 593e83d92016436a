"""How often the feedback names the mistake: the share of one-mistake submissions whose feedback
names it, stays generic, or names another mistake.

    python benchmarks/diagnosis.py FOLDER_OR_FILE... [--jobs N] [--verbose]

Each file is in the corpus format of ``tests/test_checks_corpus.py`` (a ``# corpus:`` header;
for a buggy one ``# function:`` and ``# mistake:``, the words the feedback must contain, here
also several alternatives separated by `` | ``); the assignment is the name of the file's folder
(``tests/corpus/07_autograd/...``, ``tests/heldout/07_autograd/...``). Every file is graded in
this process with the engine (sandbox and hidden checks, as ``grade`` does), and each buggy
submission is counted as:

- ``named``: a failed check of its function says the words, and no failed check names another mistake;
- ``named wrongly``: a failed check of its function names a mistake (a catalogue entry or a
  diagnosis of the probes) that does not say the words;
- ``generic``: the function lost points, and no message names any mistake;
- ``missed``: the function kept full marks;
- ``diagnosed, words not given``: a message names a mistake, but the header gives no words to judge it by.

A correct submission counts as ``correct, lost points`` when any function lost points, and a
buggy one as ``cost others`` when a function other than its own (or those under ``# affects:``) did.
"""

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from test_checks_corpus import header, verdict  # noqa: E402  (the corpus format's one reader and judge)

from autograder.engine.grade import grade_files  # noqa: E402


def files_of(targets):
    """``{assignment: [paths]}`` for the corpus files among ``targets`` (files or folders)."""
    found = defaultdict(list)
    for target in map(Path, targets):
        for path in sorted(target.rglob("*.py")) if target.is_dir() else [target]:
            if header(path).get("corpus") in ("correct", "buggy"):
                found[path.parent.name].append(path)
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="+", help="corpus files or folders of them")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--verbose", action="store_true", help="print each submission's messages")
    args = parser.parse_args(argv)
    totals = Counter()
    for assignment, paths in sorted(files_of(args.targets).items()):
        records = grade_files(assignment, paths, jobs=args.jobs)
        for path, record in zip(paths, records):
            fields = header(path)
            category, failures = verdict(fields, record)
            totals[category] += 1
            print(f"{category:28s} {assignment}/{path.name}  [{fields.get('mistake', '')}]")
            if args.verbose or category.startswith(("named wrongly", "correct, lost")):
                for failure in failures[:3]:
                    print(f"{'':30s}{failure[:600]}")
    buggy = sum(count for category, count in totals.items() if not category.startswith("correct"))
    print()
    for category, count in sorted(totals.items()):
        share = f"{count / buggy:.0%} of buggy" if buggy and not category.startswith("correct") else ""
        print(f"{category:28s} {count:3d}  {share}")


if __name__ == "__main__":
    main()
