"""What the mutation diagnosis costs: grading one-mistake submissions with and without it.

    python benchmarks/mutation_cost.py BASELINE [--set tests/heldout] [--assignment ID ...] [--rounds 2]

BASELINE is a checkout of the course without the mutation diagnosis (e.g. ``git worktree add
/tmp/baseline <commit>``). Each assignment's buggy files of the set (every one fails a function, so
every one pays for the diagnosis) are graded with ``python -m autograder grade --jobs 1`` in this
checkout and in BASELINE, in turn, ``--rounds`` times; the best wall time of each is kept (the
machine is shared). Prints seconds per file on both sides, the extra per failing submission and the ratio.
"""

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_checks_corpus import header  # noqa: E402


def seconds(checkout, assignment, files):
    out = Path(tempfile.mkdtemp(prefix="mutation-cost-")) / "out.json"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "autograder", "grade", "--assignment", assignment, "--jobs", "1",
                    "--json", str(out), *map(str, files)], cwd=checkout, capture_output=True, check=True)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("baseline", type=Path)
    parser.add_argument("--set", default="tests/heldout")
    parser.add_argument("--assignment", nargs="*")
    parser.add_argument("--rounds", type=int, default=2)
    options = parser.parse_args()
    print(f"{'assignment':24} {'files':>5} {'without s/file':>15} {'with s/file':>12} {'extra s/file':>13} {'ratio':>6}")
    for folder in sorted(path for path in (ROOT / options.set).iterdir() if path.is_dir()):
        if options.assignment and folder.name not in options.assignment or folder.name.startswith("07"):
            continue
        files = [path.resolve() for path in sorted(folder.glob("*.py")) if header(path).get("corpus") == "buggy"]
        best = {"without": float("inf"), "with": float("inf")}
        for _round in range(options.rounds):
            best["without"] = min(best["without"], seconds(options.baseline, folder.name, files))
            best["with"] = min(best["with"], seconds(ROOT, folder.name, files))
        without, with_ = best["without"] / len(files), best["with"] / len(files)
        print(f"{folder.name:24} {len(files):5d} {without:15.2f} {with_:12.2f} {with_ - without:13.2f} "
              f"{with_ / without:6.2f}")


if __name__ == "__main__":
    main()
