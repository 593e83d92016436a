"""``python -m autograder demo``: build the course, grade a bundled sample class, show the report.

1. a course copy in ``demo-output/course/`` (the config, with an exchange inside the course, and
   ``source/`` of the sample class's assignment), built there with ``python -m autograder build``
   (solutions -> notebooks -> release): the demo never writes into this folder's ``assignments/``,
   which students may have edited;
2. its gradebook has the sample class's students, by name, and its ``submitted/`` holds the sample
   class of ``autograder/course/sample_class/<ID>/``: each student's file turned into a filled-in release
   notebook;
3. ``python -m autograder grade --course demo-output/course --assignment <ID>``: the gradebook,
   the autograded notebooks and the feedback pages;
4. the score table, a ``grades.csv`` written by nbgrader's own exporter, where everything is, and
   the nbgrader commands to try next, each of which works in that folder as printed.
"""

import re
import secrets
import shutil
import sys
import time
from pathlib import Path

import nbformat

from autograder.course import class_grading as course_mode
from autograder.course.gradebook import Course

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE_CLASS = Path(__file__).resolve().parent / "sample_class"
ASSIGNMENT = "01_gradient_descent"
SECTION = re.compile(r"^# %% (\w+)\s*$", re.MULTILINE)
TIMESTAMP = "2026-11-20 09:00:00.000000 UTC"
# (first name, last name) of the sample class's students, as formgrader lists them
NAMES = {"ada": ("Ada", "Lovelace"), "ben": ("Ben", "Okafor"), "cy": ("Cy", "Tanaka"), "dee": ("Dee", "Novak"),
         "eve": ("Eve", "Moreau"), "fay": ("Fay", "Lindqvist")}


# --------------------------------------------------------------------------- the sample class

def sections(text):
    """``{function: source}`` of a student file in percent format (``# %% F`` starts F's cell)."""
    parts = SECTION.split(text)
    return {name: body.strip("\n") for name, body in zip(parts[1::2], parts[2::2])}


def filled_in(release, text):
    """The release notebook with the solution cell of each function in ``text`` replaced."""
    nb = nbformat.from_dict(release)
    answers = sections(text)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and meta.get("grade_id") in answers:
            cell.source = answers[meta["grade_id"]]
    return nb


def sample_files(assignment_id=ASSIGNMENT):
    """The sample class's files, ``{student: path}``, sorted by student: ``<student>.py.txt`` (answers in
    percent format) or ``<student>.upload.txt`` (handed in as it is, as the notebook file)."""
    folder = SAMPLE_CLASS / assignment_id
    return {path.name.split(".")[0]: path for path in sorted(folder.iterdir())
            if path.name.endswith((".py.txt", ".upload.txt"))}


def write_submission(course_root, assignment_id, student, source_file, release_notebook, timestamp=TIMESTAMP):
    """``<course>/submitted/<student>/<ID>/<ID>.ipynb`` (with ``timestamp.txt`` and ``submission_secret.txt``,
    as ``nbgrader collect`` leaves them) from a sample file."""
    folder = Path(course_root) / "submitted" / student / assignment_id
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{assignment_id}.ipynb"
    if Path(source_file).name.endswith(".upload.txt"):
        shutil.copy(source_file, target)
    else:
        release = nbformat.read(release_notebook, as_version=4)
        nbformat.write(filled_in(release, Path(source_file).read_text(encoding="utf-8")), target)
    (folder / "timestamp.txt").write_text(timestamp, encoding="utf-8")
    # as `nbgrader submit` leaves it, so that `nbgrader release_feedback` can address the feedback
    (folder / "submission_secret.txt").write_text(secrets.token_hex(64), encoding="utf-8")
    return target


def describe(source_file):
    """The comment at the top of a sample file: who the student is and what to expect."""
    text = Path(source_file).read_text(encoding="utf-8")
    first = text.splitlines()[0] if text.strip() else ""
    return first.lstrip("# ").strip() if first.startswith("#") else "not a notebook at all (a broken upload)"


def write_config(target, root=ROOT):
    """``target/nbgrader_config.py``: the one of the project at ``root``, with an exchange of the course's own."""
    config = (Path(root) / "nbgrader_config.py").read_text(encoding="utf-8")
    (target / "nbgrader_config.py").write_text(
        f"{config.rstrip()}\n\n# this copy's own exchange, inside the course folder\n"
        f"c.Exchange.root = {str(target / 'exchange')!r}\n", encoding="utf-8")


def make_course(target, assignment_ids, root=ROOT, release=True):
    """A fresh nbgrader course at ``target`` with the built ``source/`` and (with ``release``) the
    ``assignments/`` of ``assignment_ids``, the course's ``nbgrader_config.py`` (grading with the
    engine) and an exchange ``target/exchange`` for ``release_assignment``, ``collect`` and
    ``release_feedback``."""
    target = Path(target).resolve()
    if target.exists():
        shutil.rmtree(target)
    (target / "exchange").mkdir(parents=True)
    write_config(target, root)
    from autograder.course.build import write_public_files

    ignore = shutil.ignore_patterns("__pycache__", ".pytest_cache", ".ipynb_checkpoints")
    for assignment_id in assignment_ids:
        for step in ("source", "assignments") if release else ("source",):
            shutil.copytree(Path(root) / step / assignment_id, target / step / assignment_id, ignore=ignore)
        write_public_files(target, assignment_id)  # a fresh clone's source/ has none (they are not committed)
    return target


def export_csv(course, path):
    """``nbgrader export``'s CSV of the course, written with nbgrader's own exporter plugin."""
    from nbgrader.plugins import CsvExportPlugin
    exporter = CsvExportPlugin()
    exporter.to = str(path)
    with course.gradebook() as gb:
        exporter.export(gb)
    return path


# --------------------------------------------------------------------------- the command

def demo(output=None, assignment_id=ASSIGNMENT, build=True, out=print):
    started = time.perf_counter()
    output = Path(output) if output else _default_output()
    course_root = make_course(output / "course", [assignment_id], release=not build)
    if build:
        from autograder.course import build as builder
        out(f"== 1. build the course in {course_root} (python -m autograder build)")
        messages = []  # each file it writes there, shown only when the build fails
        if builder.build(course_root, ids=[assignment_id], out=messages.append) != 0:
            out("\n".join(messages) + "\nthe build failed; see the messages above")
            return 1
    release = course_root / "assignments" / assignment_id / f"{assignment_id}.ipynb"
    out(f"\n== 2. the sample class hands in {assignment_id} ({course_root / 'submitted'})")
    course = Course(course_root)
    with course.gradebook() as gb:
        for student, path in sample_files(assignment_id).items():
            first, last = NAMES.get(student, (student.title(), ""))
            gb.update_or_create_student(student, first_name=first, last_name=last)
            write_submission(course_root, assignment_id, student, path, release)
            out(f"  {student:<6} {describe(path)}")
    out(f"\n== 3. grade the class (python -m autograder grade --course {course_root} --assignment {assignment_id})")
    records = course_mode.grade_course(course_root, assignment_id, out=out)
    out(course_mode.summary(course, assignment_id, records))
    csv = export_csv(course, course_root / "grades.csv")
    steps = next_steps(assignment_id)
    width = max(len(command) for command, _ in steps)
    out(f"\n== 4. results\n"
        f"grades (nbgrader export):  {csv}\n"
        f"feedback pages:            {course_root / 'feedback'}/<student>/{assignment_id}/{assignment_id}.html\n"
        f"autograded notebooks:      {course_root / 'autograded'}\n"
        f"next, in the course folder (cd {course_root}):\n"
        + "".join(f"  {command:<{width}}  # {why}\n" for command, why in steps) +
        f"demo done in {time.perf_counter() - started:.0f} s")
    return 0


def next_steps(assignment_id):
    """``(command, what it does)`` to try in the demo course; each works there as it is written."""
    return [(f"nbgrader autograde {assignment_id} --force",
             "grades the class again through nbgrader: the same sandboxed engine, the same scores"),
            ("nbgrader export", "writes grades.csv from the gradebook"),
            (f"nbgrader release_feedback {assignment_id}", "puts each feedback page in the exchange, exchange/"),
            ("jupyter lab", "then Nbgrader > Formgrader: the gradebook, the autograded notebooks, manual grading")]


def _default_output():
    here = Path.cwd()
    return (here if (here / "nbgrader_config.py").exists() else ROOT) / "demo-output"


def run(args):
    """Entry point of ``python -m autograder demo``."""
    return demo()


if __name__ == "__main__":
    sys.exit(demo())
