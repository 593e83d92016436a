"""The engine's time per submission, this checkout against another one, measured side by side.

    python benchmarks/engine_ab.py OTHER_CHECKOUT [--rounds 3] [--files 20] [ID ...]

For each assignment (all by default), what ``grade --jobs 1`` spends on each of ``--files`` files of
``tests/corpus/<ID>/`` (after one warm-up file, as ``benchmarks/grade_class.py`` measures it), in
fresh processes that alternate between OTHER_CHECKOUT (e.g. ``git worktree add /tmp/base main``) and
this one, ``--rounds`` times; then the medians and the ratio. Two figures per run: wall time, and CPU
time (the grader's own and its sandboxes', read from the zygote's ``/proc`` entry once its sandboxes
are reaped). On a machine shared with other work the wall time follows the load; the CPU time
much less, so its ratio is the one to read there.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Run in a fresh interpreter from a checkout: prints {assignment: [wall ms, cpu ms]} as JSON.
MEASURE = """
import json, os, sys, time
from pathlib import Path
root, files, assignments = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
sys.path.insert(0, str(root))
from autograder.engine import grade
assert Path(grade.__file__).is_relative_to(root), grade.__file__
tick = os.sysconf("SC_CLK_TCK")

def sandboxes_cpu():  # the zygote's CPU time and that of the sandboxes it has reaped, in seconds
    fields = Path(f"/proc/{grade._zygote.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(map(int, fields[11:15])) / tick

figures = {}
for assignment in assignments:
    paths = sorted((root / "tests" / "corpus" / assignment).glob("*.py"))
    paths = [paths[index % len(paths)] for index in range(files)]
    grade.grade_files(assignment, paths[:1], jobs=1)  # the worker's zygote and pytest session
    wall, cpu, sandboxes = time.perf_counter(), time.process_time(), sandboxes_cpu()
    grade.grade_files(assignment, paths, jobs=1)
    figures[assignment] = [(time.perf_counter() - wall) / files * 1000,
                           (time.process_time() - cpu + sandboxes_cpu() - sandboxes) / files * 1000]
print(json.dumps(figures))
"""


def measure(checkout, files, assignments):
    """{assignment: [wall ms, cpu ms]} per submission, in a fresh process running ``checkout``'s engine, as on a
    machine that never graded (an empty store of slow diagnoses, ``autograder/checks/kept_diagnoses.py``)."""
    with tempfile.TemporaryDirectory(prefix="engine-ab-") as cache:
        run = subprocess.run([sys.executable, "-c", MEASURE, str(checkout), str(files), *assignments],
                             capture_output=True, text=True, cwd=checkout, check=True,
                             env=dict(os.environ, AUTOGRADER_CACHE=cache))
    return json.loads(run.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("other", type=Path, help="the checkout to compare with (e.g. a worktree of main)")
    parser.add_argument("assignments", nargs="*", help="assignment IDs (default: every one of tests/corpus)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each checkout, alternating (default 3)")
    parser.add_argument("--files", type=int, default=20, help="corpus files per assignment (default 20)")
    args = parser.parse_args(argv)
    assignments = args.assignments or sorted(path.name for path in (ROOT / "tests" / "corpus").iterdir()
                                             if path.is_dir())
    sides = {"other": args.other.resolve(), "this": ROOT}
    runs = {side: [] for side in sides}
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the start")
    for round_number in range(1, args.rounds + 1):
        for side, checkout in sides.items():
            runs[side].append(measure(checkout, args.files, assignments))
            print(f"  round {round_number}, {side}: done (load average {os.getloadavg()[0]:.2f})", flush=True)
    print(f"ms per submission of grade --jobs 1, medians of {args.rounds} runs; other = {sides['other']}")
    print(f"  {'assignment':<24} {'wall other':>10} {'wall this':>10} {'ratio':>6}   "
          f"{'cpu other':>10} {'cpu this':>10} {'ratio':>6}")
    for assignment in assignments:
        medians = {side: [statistics.median(run[assignment][kind] for run in runs[side]) for kind in (0, 1)]
                   for side in sides}
        (wall_other, cpu_other), (wall_this, cpu_this) = medians["other"], medians["this"]
        print(f"  {assignment:<24} {wall_other:10.1f} {wall_this:10.1f} {wall_other / wall_this:5.2f}x   "
              f"{cpu_other:10.1f} {cpu_this:10.1f} {cpu_other / cpu_this:5.2f}x")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
