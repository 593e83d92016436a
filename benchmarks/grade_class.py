"""Speed and memory of grading, against stock ``nbgrader autograde``, measured in one run.

    python benchmarks/grade_class.py [--assignment 05_adaptive_optimizers] [--students 27] [--large 123]
                                     [--memory 300] [--files 20] [--jobs 2] [--skip-nbgrader]

Prints, each measured in this run on this machine:

1. a class of ``--students`` students of ``--assignment`` (05_adaptive_optimizers: the submissions of
   ``tests/corpus/05_adaptive_optimizers/*.py`` turned into notebooks of its release, in turn), graded by

   - ``python -m autograder grade --course COURSE --assignment ID --jobs J``;
   - stock ``nbgrader autograde ID --force``, which runs each notebook in a Jupyter kernel: the
     course copy's ``nbgrader_config.py`` without this course's ``c.Autograde`` overrides, so
     nbgrader's own preprocessors (ClearOutput, Execute, SaveAutoGrades, ...) grade;
   - this course's ``nbgrader autograde ID --force``, which grades through the engine one
     submission at a time;

   each as the command an instructor types, timed from start to end (start-up included), each on
   its own fresh copy of the course; and the ratio of stock nbgrader to ``grade --course``;
2. ``grade --course`` on ``--students`` and on ``--large`` students, and the marginal wall time
   of one more student (and its CPU time, all processes of the command: the machine may be shared);
   stock nbgrader's time on ``--large`` students estimated from its ``--students`` (a kernel per
   notebook: linear in the class), and the ratio at that size;
3. the engine's time per submission on one worker (what ``grade --jobs 1`` spends on each file,
   in this process after one warm-up file) for ``--files`` files of each assignment's
   ``tests/corpus/<ID>/``, as on a machine that never graded (the benchmark's own empty store of slow
   diagnoses, ``autograder/checks/kept_diagnoses.py``), and again as a later run where the first kept one;
4. the memory of each ``grade --course`` worker (resident set size, and its peak) over a class
   of ``--memory`` students, sampled as the class is graded.
"""

import argparse
import ast
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder.course import demo  # noqa: E402
from autograder.course.gradebook import Course  # noqa: E402

ASSIGNMENT = "05_adaptive_optimizers"  # the class graded, unless --assignment says another
CORPUS = ROOT / "tests" / "corpus"
ASSIGNMENTS = sorted(path.name for path in CORPUS.iterdir() if path.is_dir())


# --------------------------------------------------------------------------- the classes

def percent_format(source, release):
    """A corpus file (a module) as a student's answers in percent format (``# %% F`` per graded cell):
    each graded function's definition in its own cell, the file's other statements (imports, helpers)
    at the top of the first one; a function the file lacks keeps the release's stub."""
    lines, tree = source.splitlines(), ast.parse(source)
    graded = [cell.metadata.nbgrader["grade_id"] for cell in release.cells
              if cell.metadata.get("nbgrader", {}).get("solution")]
    answers, preamble = {}, []
    for node in tree.body:
        first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
        text = "\n".join(lines[first - 1:node.end_lineno])
        if isinstance(node, ast.FunctionDef) and node.name in graded:
            answers[node.name] = text
        else:
            preamble.append(text)
    stubs = {cell.metadata.nbgrader["grade_id"]: cell.source for cell in release.cells
             if cell.metadata.get("nbgrader", {}).get("solution")}
    cells = [answers.get(name, stubs[name]) for name in graded]
    cells[0] = "\n\n".join([*preamble, cells[0]])
    return "".join(f"# %% {name}\n{text}\n\n" for name, text in zip(graded, cells))


def make_course(folder, students, samples, assignment):
    """A fresh course at ``folder`` with ``assignment`` in its gradebook and ``students`` submissions,
    taken from ``samples`` in turn."""
    course = demo.make_course(folder, [assignment])
    Course(course).ensure_assignment(assignment)
    release = course / "assignments" / assignment / f"{assignment}.ipynb"
    for index in range(students):
        demo.write_submission(course, assignment, f"s{index:03d}", samples[index % len(samples)], release)
    return course


def corpus_samples(folder, assignment):
    """The corpus of ``assignment`` as percent-format answer files in ``folder``."""
    release = nbformat.read(ROOT / "assignments" / assignment / f"{assignment}.ipynb", as_version=4)
    samples = []
    for path in sorted((CORPUS / assignment).glob("*.py")):
        sample = Path(folder) / f"{path.stem}.py.txt"
        sample.write_text(percent_format(path.read_text(encoding="utf-8"), release), encoding="utf-8")
        samples.append(sample)
    return samples


def stock_nbgrader(course):
    """The course copy's configuration without this course's ``c.Autograde`` settings: nbgrader's own
    autograde preprocessors, which execute each notebook in a kernel."""
    config = course / "nbgrader_config.py"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"^c\.Autograde\.\w+ = (\[.*?^\]|.*?$)", "", text, flags=re.MULTILINE | re.DOTALL)
    assert "c.Autograde" not in text, "the course's Autograde settings could not be removed"
    config.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- measuring

def environment():
    return dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
                PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))


CPU = {}  # {command: CPU seconds of its processes (those it waited for)}, as timed() measured them


def timed(command, cwd, on_start=None):
    """Wall seconds of ``command``, which must succeed; ``on_start(process)`` runs while it does."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    watcher = threading.Thread(target=on_start, args=(process,)) if on_start else None
    if watcher:
        watcher.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    if watcher:
        watcher.join()
    if process.returncode != 0:
        sys.exit(f"{' '.join(map(str, command))} failed:\n{out}\n{err}")
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU[tuple(map(str, command))] = now.ru_utime + now.ru_stime - used.ru_utime - used.ru_stime
    return seconds


def grade_course(course, assignment, jobs, on_start=None):
    return timed([sys.executable, "-m", "autograder", "grade", "--course", str(course), "--assignment", assignment,
                  "--jobs", str(jobs)], ROOT, on_start)


def nbgrader_autograde(course, assignment):
    return timed([sys.executable, "-m", "nbgrader", "autograde", assignment, "--force"], course)


def engine_ms(assignment_id, files):
    """Milliseconds per submission of ``grade --jobs 1`` (``grade.grade_files``) on ``files`` corpus files: as the
    first run on the machine, and (None when it kept nothing there) as a later one, with the slow diagnoses the
    first kept on disk (``autograder.checks.kept_diagnoses``) but nothing kept in the process."""
    from autograder.checks import kept_diagnoses, known_mistakes
    from autograder.engine import grade

    paths = sorted((CORPUS / assignment_id).glob("*.py"))
    paths = [paths[index % len(paths)] for index in range(files)]
    grade.grade_files(assignment_id, paths[:1], jobs=1)  # the worker's zygote and pytest session
    kept = set(kept_diagnoses.folder().glob("*"))
    times = []
    for _run in ("first", "later"):
        started = time.perf_counter()
        grade.grade_files(assignment_id, paths, jobs=1)
        times.append((time.perf_counter() - started) / files * 1000)
        if set(kept_diagnoses.folder().glob("*")) == kept:
            return times[0], None
        known_mistakes._memo.clear()
    return times


def status(pid):
    """``{field: value}`` of ``/proc/<pid>/status`` (empty once the process has gone)."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    return dict(line.split(":", 1) for line in lines if ":" in line)


def workers_of(pid):
    """The grading workers of the grade command ``pid``: its children that run multiprocessing's spawn."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and status(entry.name).get("PPid", "").strip() == str(pid):
            try:
                if b"spawn_main" in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return sorted(found)


def memory_sampler(course, assignment, students, samples):
    """``on_start`` for the memory run: each worker's resident set (kB) when each quarter of the class is graded."""
    state = course / ".grading-state" / assignment

    def sample(process):
        marks = [students * quarter // 4 for quarter in (1, 2, 3, 4)]
        while process.poll() is None and marks:
            done = len(list(state.glob("*.json"))) if state.is_dir() else 0
            if done >= marks[0]:
                marks.pop(0)
                samples.append((done, {pid: (int(status(pid).get("VmRSS", "0 kB").split()[0]),
                                             int(status(pid).get("VmHWM", "0 kB").split()[0]))
                                       for pid in workers_of(process.pid)}))
            time.sleep(0.05)
    return sample


# --------------------------------------------------------------------------- the run

def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assignment", default=ASSIGNMENT, help=f"the class's assignment (default {ASSIGNMENT})")
    parser.add_argument("--students", type=int, default=27, help="the class compared with nbgrader (default 27)")
    parser.add_argument("--large", type=int, default=123, help="the larger class (default 123)")
    parser.add_argument("--memory", type=int, default=300,
                        help="the class whose memory is sampled (default 300; 0: none)")
    parser.add_argument("--files", type=int, default=20,
                        help="corpus files per assignment for the engine (default 20; 0: none)")
    parser.add_argument("--jobs", type=int, default=2, help="grade --course workers (default 2)")
    parser.add_argument("--skip-nbgrader", action="store_true", help="leave out stock nbgrader (a minute or more)")
    args = parser.parse_args(argv)

    print(f"{os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the start")
    with tempfile.TemporaryDirectory(prefix="grade-class-") as tmp:
        tmp = Path(tmp)
        os.environ["AUTOGRADER_CACHE"] = str(tmp / "cache")  # as on a machine that never graded: nothing kept yet
        assignment = args.assignment
        samples = corpus_samples(tmp, assignment)
        n, large = args.students, args.large
        print(f"class: {assignment}, the {len(samples)} submissions of tests/corpus/{assignment} in turn, "
              f"{args.jobs} workers for grade --course")

        fast = grade_course(make_course(tmp / "fast", n, samples, assignment), assignment, args.jobs)
        fast_cpu = CPU.popitem()[1]
        print(f"  grade --course, {n} students:                       {fast:7.1f} s")
        if not args.skip_nbgrader:
            stock_course = make_course(tmp / "stock", n, samples, assignment)
            stock_nbgrader(stock_course)
            stock = nbgrader_autograde(stock_course, assignment)
            print(f"  stock nbgrader autograde (a kernel per notebook;   {stock:7.1f} s   {stock / fast:5.1f}x "
                  f"grade --course\n    the course config without its c.Autograde overrides), {n} students")
        engine = nbgrader_autograde(make_course(tmp / "engine", n, samples, assignment), assignment)
        print(f"  this course's nbgrader autograde (the engine,       {engine:7.1f} s\n"
              f"    one submission at a time), {n} students")

        bigger = grade_course(make_course(tmp / "large", large, samples, assignment), assignment, args.jobs)
        bigger_cpu = CPU.popitem()[1]
        marginal = (bigger - fast) / (large - n) * 1000
        print(f"  grade --course, {large} students:                      {bigger:7.1f} s   "
              f"{marginal:.0f} ms wall per extra student ({args.jobs} workers)")
        print(f"    CPU time of grade --course (all its processes): {fast_cpu:.1f} s at {n}, {bigger_cpu:.1f} s at "
              f"{large}: {(bigger_cpu - fast_cpu) / (large - n) * 1000:.0f} ms per extra student")
        if not args.skip_nbgrader:
            print(f"  stock nbgrader: {stock / n * 1000:.0f} ms per student on average at {n} students; "
                  f"at {large}, estimated {stock / n * large:.0f} s: {stock / n * large / bigger:.1f}x grade --course")
        for name in ("fast", "stock", "engine", "large"):
            shutil.rmtree(tmp / name, ignore_errors=True)

        if args.files:
            print(f"engine, grade --jobs 1: ms per submission on one worker ({args.files} files of tests/corpus/<ID>)")
            for assignment_id in ASSIGNMENTS:
                first, later = engine_ms(assignment_id, args.files)
                print(f"  {assignment_id:<24} {first:6.1f} ms" + (
                    f"   {later:.1f} ms on a later run (slow diagnoses kept on disk by the first)" if later else ""))

        memory = []
        if args.memory:
            memory_course = make_course(tmp / "memory", args.memory, samples, assignment)
            grade_course(memory_course, assignment, args.jobs,
                         memory_sampler(memory_course, assignment, args.memory, memory))
            print(f"memory per grade --course worker over {args.memory} students (resident / peak, MiB)")
        for done, workers in memory:
            cells = "   ".join(f"{rss / 1024:6.1f} / {peak / 1024:6.1f}" for rss, peak in workers.values())
            print(f"  after {done:>4} graded:   {cells}")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
