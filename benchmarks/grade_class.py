"""Grade a synthetic class with the fast path and with ``nbgrader autograde``; compare throughput.

    python benchmarks/grade_class.py [--assignment 01_gradient_descent] [--copies 3] [--jobs N]

The class is ``copies`` copies of each sample student of ``autograder/course/sample_class/<ID>/``
(correct, one mistake, two mistakes, broken, stubs only; the unreadable upload is left out
because nbgrader autograde stops on it), handed in to a fresh copy of the course. Both paths
run as the commands an instructor types, timed from start to end (interpreter start-up
included), on the same submissions:

    python -m autograder grade --course COURSE --assignment ID      (one worker per core)
    python -m nbgrader autograde ID --force                         (nbgrader's one kernel at a time)

and each path's scores are read back from the gradebook (what ``nbgrader export`` shows) to
check that they agree. Prints submissions per second for each path and their ratio.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder.course import demo  # noqa: E402
from autograder.course.gradebook import Course  # noqa: E402


def make_class(course, assignment_id, copies):
    """``copies`` submissions of each readable sample student; returns {student: sample file}."""
    release = course / "assignments" / assignment_id / f"{assignment_id}.ipynb"
    students = {}
    for name, path in demo.sample_files(assignment_id).items():
        if path.name.endswith(".upload.txt"):
            continue
        for copy in range(copies):
            student = f"{name}{copy:02d}"
            demo.write_submission(course, assignment_id, student, path, release)
            students[student] = name
    return students


def timed(command, cwd):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(map(str, command))} failed:\n{result.stdout}\n{result.stderr}")
    return seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assignment", default=demo.ASSIGNMENT)
    parser.add_argument("--copies", type=int, default=3, help="copies of each sample student (default 3)")
    parser.add_argument("--jobs", type=int, default=None, help="fast-path workers (default: one per core)")
    parser.add_argument("--from", dest="source", default=str(ROOT), help="the built course to copy (default: this one)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="grade-class-") as tmp:
        course = demo.make_course(Path(tmp) / "course", [args.assignment], root=args.source)
        students = make_class(course, args.assignment, args.copies)
        n = len(students)
        print(f"{n} submissions of {args.assignment} ({args.copies} x {', '.join(sorted(set(students.values())))}), "
              f"{os.cpu_count()} cores")

        fast_command = [sys.executable, "-m", "autograder", "grade", "--course", str(course),
                        "--assignment", args.assignment] + (["--jobs", str(args.jobs)] if args.jobs else [])
        fast = timed(fast_command, ROOT)
        fast_scores = Course(course).scores(args.assignment)
        print(f"fast path:          {fast:7.1f} s  {n / fast:6.2f} submissions/s")

        slow = timed([sys.executable, "-m", "nbgrader", "autograde", args.assignment, "--force"], course)
        slow_scores = Course(course).scores(args.assignment)
        print(f"nbgrader autograde: {slow:7.1f} s  {n / slow:6.2f} submissions/s")
        print(f"speed-up: {slow / fast:.1f}x")

        differ = {s: (fast_scores.get(s), slow_scores.get(s)) for s in students
                  if fast_scores.get(s) != slow_scores.get(s)}
        print("scores: both paths agree for every student" if not differ else f"scores DIFFER: {differ}")
        return 0 if not differ else 1


if __name__ == "__main__":
    sys.exit(main())
