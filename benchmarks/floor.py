"""What grading a class costs besides the checks: the floor under issue 14's goals, measured in one run.

    python benchmarks/floor.py [--assignment 05_adaptive_optimizers] [--students 27] [--large 75]

The class is ``grade_class.py``'s (the corpus of ``--assignment`` in turn, as notebooks). Prints, per student:

1. the CPU time of a sandbox that starts and runs the student's notebook cells, then is killed before any check
   is called (``autograder.engine.sandbox.Sandbox.start``, in this process's zygote: the children's CPU time as
   the kernel counts it), and of one that starts with no cells: what every submission costs in its sandbox before
   a check runs. nbgrader runs the same cells, and draws their figures besides;
2. the CPU time of the grading process of ``grade --course`` itself (``class_grading.grade_course`` run in this
   process with ``--jobs`` workers: its own CPU time, not theirs), per extra student between ``--students`` and
   ``--large``: nbgrader's first pass that makes the notebook a worker grades, and the recording in the gradebook;
3. the wall time before the grading process can hand out a submission: starting Python and importing the
   class-grading command and nbgrader (``python -c "import ..."``, the median of 3).

With ``--jobs`` cores, (1 + 2) / cores is the wall time per extra student below which no change to the checks can
go; (3) plus the workers' start comes before any student, however large the class.
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import grade_class  # noqa: E402 - the benchmark's classes

from autograder.course import class_grading  # noqa: E402
from autograder.engine import grade  # noqa: E402
from autograder.engine.load import Submission, load_submission  # noqa: E402
from autograder.engine.sandbox import Sandbox  # noqa: E402


def children_cpu(zygote):
    """CPU seconds of the zygote's children that ended (their sandboxes), from /proc."""
    fields = Path(f"/proc/{zygote.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


def sandbox_ms(assignment, notebooks, hide):
    """Milliseconds of CPU per notebook of a sandbox running its cells, and of one running none."""
    zygote = grade.warm_zygote(hide, grade.Limits(), grade.release_imports(assignment))

    def start_and_kill(submission):
        box = Sandbox(zygote, submission)
        box.start()
        box.kill()

    cost = {}
    for label, submissions in (("cells", [load_submission(path) for path in notebooks]),
                               ("empty", [Submission(Path(path), []) for path in notebooks])):
        start_and_kill(submissions[0])  # a first start: the zygote's pages touched once
        time.sleep(0.2)  # that child reaped
        before = children_cpu(zygote)
        for submission in submissions:
            start_and_kill(submission)
        time.sleep(0.2)  # the last child reaped
        cost[label] = (children_cpu(zygote) - before) / len(submissions) * 1000
    return cost


def recording_ms(course_of, assignment, students, large, jobs):
    """Milliseconds of CPU of the grading process itself per extra student (its workers' time not counted)."""
    used = []
    class_grading.grade_course(course_of(1), assignment, jobs=jobs, out=lambda *_: None)  # imports, first use
    for size in (students, large):
        course = course_of(size)
        before = resource.getrusage(resource.RUSAGE_SELF)
        class_grading.grade_course(course, assignment, jobs=jobs, out=lambda *_: None)
        after = resource.getrusage(resource.RUSAGE_SELF)
        used.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return (used[1] - used[0]) / (large - students) * 1000


def start_seconds():
    """Seconds to start Python and import what the grading process needs before it hands out a submission."""
    command = [sys.executable, "-c", "import autograder.course.class_grading, autograder.course.gradebook"]
    return statistics.median(grade_class.timed(command, grade_class.ROOT) for _run in range(3))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assignment", default=grade_class.ASSIGNMENT)
    parser.add_argument("--students", type=int, default=27)
    parser.add_argument("--large", type=int, default=75)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    print(f"{os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the start")
    with tempfile.TemporaryDirectory(prefix="floor-") as tmp:
        tmp = Path(tmp)
        os.environ["AUTOGRADER_CACHE"] = str(tmp / "cache")
        samples = grade_class.corpus_samples(tmp, args.assignment)

        def course_of(size):
            return grade_class.make_course(tmp / f"class-{size}", size, samples, args.assignment)

        course = course_of(args.students)
        notebooks = sorted(course.glob(f"submitted/*/{args.assignment}/{args.assignment}.ipynb"))
        sandbox = sandbox_ms(args.assignment, notebooks, (str(course.resolve()),))
        recording = recording_ms(course_of, args.assignment, args.students, args.large, args.jobs)
    start = start_seconds()
    floor = sandbox["cells"] + recording
    print(f"class: {args.assignment}, {len(samples)} corpus submissions in turn; CPU time per student:")
    print(f"  a sandbox running the notebook's cells, no check called:   {sandbox['cells']:6.1f} ms "
          f"(with no cells: {sandbox['empty']:.1f} ms)")
    print(f"  the grading process of grade --course (nbgrader's passes): {recording:6.1f} ms per extra student")
    print(f"  together: {floor:.1f} ms, {floor / args.jobs:.1f} ms of wall time per student on {args.jobs} cores "
          "before any check")
    print(f"before the first submission is handed out: {start:.2f} s (Python, the command's and nbgrader's imports)")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
