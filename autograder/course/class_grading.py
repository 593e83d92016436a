"""``python -m autograder grade --course DIR --assignment ID [--jobs N]``: grade a class.

Stages, in order:

1. find ``DIR/submitted/<student>/ID/ID.ipynb`` (nbgrader's layout, e.g. after ``nbgrader collect``);
2. skip what an earlier run already graded: each result is kept in ``DIR/.grading-state/ID/<student>.json``
   under a key made of the submission's content and the checks' version, so a stopped run resumes
   without grading anything twice and a changed submission (or changed checks) is graded again;
3. grade the rest in parallel (one worker per core by default) with the engine's
   :func:`autograder.engine.grade.grade_path`, seeded by the student id, with a progress bar: each worker
   grades the notebook nbgrader's first autograde pass made of the submission, as
   ``nbgrader autograde`` does (:meth:`autograder.course.gradebook.Course.sanitized`);
4. record every result with nbgrader's second pass, configured as for ``nbgrader autograde``
   (:mod:`autograder.course.gradebook`): gradebook, autograded notebook, feedback page, so
   ``nbgrader export``, formgrader and ``nbgrader release_feedback`` see them;
5. write the class report, ``DIR/reports/ID.html`` and ``.csv`` (:mod:`autograder.course.class_report`);
6. print the class table and where the gradebook, the feedback and the report are.
"""

import concurrent.futures
import hashlib
import itertools
import json
import multiprocessing
import os
import sys
import time
from pathlib import Path

from tqdm import tqdm

from autograder.course import figures
from autograder.engine import report, sandbox_side
from autograder.engine.i18n import DOMAIN, LOCALE_DIR, _, current_language, gettext_code, ngettext
from autograder.engine.load import SubmissionError, read_bounded

PACKAGE = Path(__file__).resolve().parent.parent
ROOT = PACKAGE.parent
# Files of the engine and the checks that never change a verdict (everything else there does, as far
# as the cache knows; nothing in autograder/course/ does).
NOT_GRADING = {"__init__.py", "report.py", "feedback.py", "public.py", "public_conftest.py"}
STATE_DIR = ".grading-state"
AHEAD = 4  # submissions handed out per worker at a time


# --------------------------------------------------------------------------- resume cache

def checks_version(assignment_id):
    """A hash of everything besides the submission that a score depends on."""
    digest = hashlib.sha256()
    checks = PACKAGE / "checks"
    # with every assignment's problems and drivers: a check may hand student code another assignment's
    files = [*sorted({*(checks / assignment_id).glob("*.py"), *sandbox_side.files(checks)}),
             *sorted(checks.glob("*.py")), ROOT / "solutions" / f"{assignment_id}.py", ROOT / "solutions" / "__init__.py",
             *sorted((PACKAGE / "engine").glob("*.py"))]
    files = [path for path in files if path.name not in NOT_GRADING]
    if current_language() != "en":  # the records' words: each language has its own records
        digest.update(current_language().encode() + b"\0")
        files.append(LOCALE_DIR / gettext_code(current_language()) / "LC_MESSAGES" / f"{DOMAIN}.mo")
    for path in files:
        if path.exists():
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def submission_key(notebook, version):
    """The cache key of a submission: its bytes (or why it cannot be read) and the checks' version."""
    try:
        content = read_bounded(notebook)  # never blocks on a FIFO nor reads a device without end
    except SubmissionError as error:
        content = f"unreadable: {error}".encode()
    return hashlib.sha256(content + version.encode()).hexdigest()


class Results:
    """``<course>/.grading-state/<ID>/<student>.json``: ``{key, record, recorded}`` per student.

    Written atomically after each step, so an interrupted run loses at most the submissions
    being graded at that moment.
    """

    def __init__(self, course_root, assignment_id):
        self.folder = Path(course_root) / STATE_DIR / assignment_id

    def _file(self, student):
        return self.folder / f"{student}.json"

    def get(self, student, key):
        """The saved entry of ``student`` when it was made for ``key``, else None."""
        try:
            entry = json.loads(self._file(student).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return entry if entry.get("key") == key else None

    def put(self, student, key, record, recorded=False):
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self._file(student).with_suffix(".tmp")
        temporary.write_text(json.dumps({"key": key, "record": record, "recorded": recorded}), encoding="utf-8")
        os.replace(temporary, self._file(student))


# --------------------------------------------------------------------------- grading (worker side)

def grade_submission(assignment_id, notebook, student, hide):
    """The engine's record of one submission, seeded by the student id, and the figures its feedback shows,
    drawn (runs in a worker: drawing them was most of the recording, which runs one submission at a time)."""
    from autograder.engine import grade

    record = grade.grade_path(assignment_id, str(notebook), hide, identity=student)
    record["submission"] = student
    return record, figures.drawn(record)


def _warm_up(hide, grader, assignment_id):
    """Worker start-up: die with the grader, import the engine and start its sandbox parent before
    the first submission."""
    from autograder.engine import grade
    grade.die_with_parent(grader)
    try:
        grade.warm_zygote(hide, grade.Limits(), grade.release_imports(assignment_id))
    except Exception:  # the first submission will start it (and report what is wrong)
        pass


class Workers:
    """The grading workers: one process per job (or this process for one job), started at once
    so that they warm up (imports, sandbox parent) while this process reads the course.

    A worker dies with this process, however it ends (``kill -9`` included), and its sandboxes
    with it; it ignores Ctrl-C, which this process answers (``grade.stop_on_signals``), so no
    half-graded submission is ever saved as a result."""

    def __init__(self, jobs, hide, assignment_id):
        self.jobs, self.hide, self.pool = max(1, jobs or os.cpu_count() or 1), hide, None
        if self.jobs > 1:
            self.pool = concurrent.futures.ProcessPoolExecutor(
                self.jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_warm_up,
                initargs=(hide, os.getpid(), assignment_id))
            self.pool.submit(int)  # start the workers now

    def __enter__(self):
        return self

    def __exit__(self, kind, error, trace):
        if self.pool is None:
            return
        if kind is not None:  # e.g. a Ctrl-C in `demo`: the workers ignore it, so end them rather than wait
            for worker in multiprocessing.active_children():
                worker.kill()
        self.pool.shutdown(wait=kind is None, cancel_futures=True)

    def run(self, function, *args):
        """``function(*args)`` in a worker (which has the engine, matplotlib and the checks loaded already)."""
        return self.pool.submit(function, *args).result() if self.pool else function(*args)

    def grade(self, assignment_id, students, notebook, on_result, prepare=lambda: None):
        """Grade ``notebook(student)`` for each of ``students``; ``on_result(student, record)`` as each one
        finishes.

        ``notebook(student)`` runs in this process as each submission is handed out, a few per worker
        ahead of what they have graded (:data:`AHEAD`), so the workers always have work while this
        process records what they finished, and it holds a few submissions only, however large the
        class; ``prepare()`` runs here once the workers have their first submissions.
        """
        with tqdm(total=len(students), desc=_("grading {assignment}").format(assignment=assignment_id),
                  unit=_("submission"), file=sys.stderr, disable=None) as progress:
            if self.pool is None:
                prepare()
                for student in students:
                    record, _drawings = grade_submission(assignment_id, notebook(student), student, self.hide)
                    on_result(student, record)
                    progress.update()
                return
            waiting, running = iter(students), {}

            def hand_out():
                for student in itertools.islice(waiting, AHEAD * self.jobs - len(running)):
                    future = self.pool.submit(grade_submission, assignment_id, notebook(student), student, self.hide)
                    running[future] = student

            hand_out()
            prepare()
            while running:
                finished, _unfinished = concurrent.futures.wait(running, return_when=concurrent.futures.FIRST_COMPLETED)
                for future in finished:
                    record, drawings = future.result()
                    figures.keep(drawings)
                    on_result(running.pop(future), record)
                    progress.update()
                hand_out()


# --------------------------------------------------------------------------- the command

def grade_course(course_root, assignment_id, jobs=None, out=print):
    """Grade every submission of ``assignment_id`` in the course; returns ``{student: record}``."""
    hide = (str(Path(course_root).resolve()),)
    with Workers(jobs, hide, assignment_id) as workers:
        return _grade_course(course_root, assignment_id, workers, out)


def _grade_course(course_root, assignment_id, workers, out):
    # nbgrader (seconds to import) and the report's templates (jinja2): in this process, not in the workers
    from autograder.course import class_report
    from autograder.course.gradebook import Course

    course = Course(course_root)
    submissions = course.submissions(assignment_id)
    if not submissions:
        out(f"no submissions in {course.path(course.coursedir.submitted_directory, '*', assignment_id)}")
        return {}
    results = Results(course.root, assignment_id)
    version = checks_version(assignment_id)
    keys = {student: submission_key(notebook, version) for student, notebook in submissions.items()}
    records = {student: entry["record"] for student in submissions
               if (entry := results.get(student, keys[student])) is not None}
    pending = {student: notebook for student, notebook in submissions.items() if student not in records}
    if records:
        out(f"{len(records)} of {len(submissions)} submissions unchanged since they were graded: kept")

    if course.ensure_assignment(assignment_id):
        out(f"recorded {assignment_id} in the gradebook (nbgrader generate_assignment)")

    def prepare():
        """The submissions to grade are entered in the gradebook, and the results graded but not yet recorded
        (a run stopped in between) are recorded."""
        unrecorded = {student: entry["record"] for student in records
                      if not (entry := results.get(student, keys[student]))["recorded"]}
        course.enter_submissions(assignment_id, [*pending, *unrecorded])
        for student, record in unrecorded.items():
            records[student] = record_in_nbgrader(student, record)

    def record_in_nbgrader(student, record):
        """The record as the gradebook holds it (0 and the reason when nbgrader could not read the notebook)."""
        try:
            recorded = course.record(assignment_id, student, record)
        except Exception as error:  # one odd notebook must not stop the class; the next run retries it
            tqdm.write(f"{student}: nbgrader could not record the result ({type(error).__name__}: {error}); "
                       "it is kept and recorded on the next run", file=sys.stderr)
            return record
        results.put(student, keys[student], record, recorded=True)
        return recorded

    def on_result(student, record):
        results.put(student, keys[student], record)
        records[student] = record_in_nbgrader(student, record)

    if pending:
        workers.grade(assignment_id, list(pending), lambda student: course.sanitized(assignment_id, student),
                      on_result, prepare)
    else:
        prepare()
    graded = {student: records[student] for student in submissions}
    class_report.write(course.root, assignment_id, graded, run=workers.run)
    return graded


def summary(course, assignment_id, records):
    """The class table (scores as the gradebook holds them, as ``nbgrader export`` shows them)
    and where the gradebook, the feedback and the class report are."""
    from autograder.course import class_report  # jinja2: not in the workers, which import this module
    scores = course.scores(assignment_id)
    student_heading, score_heading = _("student"), _("score")
    width = max([len(student_heading), *map(len, records)])
    lines = [f"{assignment_id}: " + ngettext("{count} submission", "{count} submissions", len(records)).format(
                 count=len(records)),
             f"{student_heading:<{width}}  {score_heading:>9}  " + _("per function"), "-" * (width + 40)]
    for student, record in records.items():
        score, most = scores.get(student, (record["score"], record["max_score"]))
        parts = ", ".join(f"{name} {got:g}/{top:g}" for name, (got, top) in report.functions(record).items())
        lines.append(f"{student:<{width}}  {f'{score:g}/{most:g}':>9}  {parts}")
        problems = len((record.get("_notes") or {}).get("cell_errors") or [])
        if record.get("error"):
            lines.append(f"{'':<{width}}  {'':>9}  " + _("not graded: {error}").format(
                error=record["error"].splitlines()[0]))
        elif problems:
            lines.append(f"{'':<{width}}  {'':>9}  " + ngettext(
                "{count} cell raised an error (listed in the feedback)",
                "{count} cells raised an error (listed in the feedback)", problems).format(count=problems))
    if records:
        mean = sum(scores.get(s, (r["score"], 0))[0] for s, r in records.items()) / len(records)
        lines.append(_("mean {mean}").format(mean=f"{mean:.2f}"))
        checks_max = max(record["max_score"] for record in records.values())
        book_max = max((most for _, most in scores.values()), default=checks_max)
        if abs(checks_max - book_max) > 1e-9:
            lines.append(_("warning: the gradebook's test cells are worth {book} points but the hidden checks "
                           "{checks}: the test cells' points are stale; run `python -m autograder build`, then "
                           "`nbgrader generate_assignment {assignment}`").format(
                               book=f"{book_max:g}", checks=f"{checks_max:g}", assignment=assignment_id))
    lines.append(_("gradebook: {url}  (nbgrader export, formgrader)").format(url=course.db_url))
    lines.append(_("feedback:  {path}  (nbgrader release_feedback {assignment})").format(
        path=course.feedback_file("<student>", assignment_id), assignment=assignment_id))
    page, table = class_report.paths(course.root, assignment_id)
    lines.append(_("report:    {page}  (and {table}: one row per student and check)").format(page=page,
                                                                                          table=table.name))
    return "\n".join(lines)


def run(args):
    """``python -m autograder grade --course DIR --assignment ID [--jobs N] [--json OUT]``."""
    from autograder.engine import grade

    grade.stop_on_signals()
    course_root, assignment_id = Path(args.course), args.assignment
    if not grade.checks_file(assignment_id).exists():
        print(_("autograder grade: no hidden checks for assignment {assignment}").format(
            assignment=repr(assignment_id)), file=sys.stderr)
        return 2
    if not course_root.is_dir():
        print(_("autograder grade: no course folder {folder}").format(folder=course_root), file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        records = grade_course(course_root, assignment_id, jobs=args.jobs)
    except _course_error() as error:
        print(f"autograder grade: {error}", file=sys.stderr)
        return 1
    if not records:
        return 0
    from autograder.course.gradebook import Course
    print(summary(Course(course_root), assignment_id, records))
    print(_("graded in {seconds} s").format(seconds=f"{time.perf_counter() - started:.1f}"))
    if getattr(args, "json", None):
        report.write_json(args.json, assignment_id, [dict(r, submission=s) for s, r in records.items()])
    return 0


def _course_error():
    """:class:`autograder.course.gradebook.CourseError`, imported only when something was raised: nbgrader
    takes seconds to import, which the command spends while its workers start (in ``grade_course``)."""
    from autograder.course.gradebook import CourseError
    return CourseError
