"""Record fast-path results in an nbgrader course: gradebook, autograded notebook, feedback.

What ``nbgrader autograde`` does to one submission, with nbgrader's own preprocessors, except
that the notebook is not executed: :class:`FastPathOutcome` takes the place of nbgrader's
``Execute`` and writes the verdict the grader already reached into each test cell
``test_<F>``: a stdout stream naming every hidden check of ``F`` with its points and message,
then the points earned as an ``execute_result`` (nbgrader's partial credit). So:

- the student and the submission (with its ``timestamp.txt``) are created when missing;
- the submitted notebook is sanitized as nbgrader does it (``ClearOutput``, ``DeduplicateIds``,
  ``OverwriteKernelspec``, ``OverwriteCells``, ``CheckCellMetadata``);
- ``SaveAutoGrades`` stores each test cell's score and the "No response." comments,
  ``AssignLatePenalties`` applies the course's late policy;
- ``autograded/<student>/<ID>/<ID>.ipynb`` is the notebook formgrader shows (and what
  ``nbgrader generate_feedback`` would render);
- ``feedback/<student>/<ID>/<ID>.html`` (with the submission's ``timestamp.txt`` and
  ``submission_secret.txt``) is what ``nbgrader release_feedback`` returns to the student: a
  short page with every check, its points and its message. It is written directly rather than
  through nbconvert's notebook template, which costs about a second per student.
"""

import contextlib
import glob
import html
import io
import logging
import re
import shutil
import tempfile
import functools
import warnings
from pathlib import Path

import nbformat
import nbgrader.api
import sqlalchemy
from nbgrader import utils
from sqlalchemy.exc import SAWarning
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, ClearOutput, DeduplicateIds,
                                    NbGraderPreprocessor, OverwriteCells, OverwriteKernelspec, SaveAutoGrades)
from traitlets import Dict
from traitlets.config.loader import Config, PyFileConfigLoader

from autograder.notebook import earned, function_feedback, points_text

TEST_PREFIX = "test_"
# nbgrader autograde's two passes, with Execute (and the output-trimming after it) left out.
SANITIZE = (ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCells, CheckCellMetadata)
SAVE = (SaveAutoGrades, AssignLatePenalties, CheckCellMetadata)
SUBMISSION_FILES = ("timestamp.txt", "submission_secret.txt")

# Every nbgrader preprocessor opens its own Gradebook, and each Gradebook its own SQLAlchemy
# engine, whose statement cache starts empty: recording one submission compiled the same
# SQL again some thirty times, most of the grader's time on a class. One engine per database
# keeps the cache (Gradebook.close() only empties the engine's connection pool).
nbgrader.api.create_engine = functools.lru_cache(maxsize=None)(sqlalchemy.create_engine)


class CourseError(Exception):
    """The course folder cannot take the results (e.g. the assignment is nowhere to be found)."""


class FastPathOutcome(NbGraderPreprocessor):
    """In place of nbgrader's ``Execute``: the test cells' outputs from the fast path's record."""

    record = Dict(help="the grader's record of this submission (score, tests[...])")

    def preprocess_cell(self, cell, resources, cell_index):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if cell.cell_type == "code" and utils.is_grade(cell) and grade_id.startswith(TEST_PREFIX):
            cell.outputs = outcome_outputs(self.record, grade_id[len(TEST_PREFIX):],
                                           float(cell.metadata.nbgrader["points"]))
        return cell, resources


def outcome_outputs(record, function, points):
    """The outputs of the test cell of ``function``: the checks in words, then the points earned."""
    tests = function_tests(record, function)
    if record.get("error"):
        text, score = f"The submission could not be graded: {record['error']}\n", 0.0
    elif not tests:
        text, score = f"No hidden checks of {function} ran.\n", 0.0
    else:
        text, score = function_feedback(function, tests), earned(tests, points)
    return [nbformat.v4.new_output("stream", name="stdout", text=text),
            nbformat.v4.new_output("execute_result", data={"text/plain": repr(float(score))}, execution_count=None)]


def function_tests(record, function):
    return [test for test in record.get("tests", []) if test.get("function") == function]


# --------------------------------------------------------------------------- the course folder

def course_config(course):
    """The course's ``nbgrader_config.py`` with the root set to ``course``."""
    course = Path(course).resolve()
    config = Config()
    if (course / "nbgrader_config.py").exists():
        config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    config.CourseDirectory.root = str(course)
    return config


@contextlib.contextmanager
def _quiet():
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        yield


class Course:
    """An nbgrader course folder (the one holding ``nbgrader_config.py``)."""

    def __init__(self, root):
        self.config = course_config(root)
        self.coursedir = CourseDirectory(config=self.config)
        self.root = Path(self.coursedir.root)

    @property
    def db_url(self):
        return self.coursedir.db_url

    def path(self, step, student, assignment_id):
        """``<root>/<step>/<student>/<ID>`` as nbgrader lays it out."""
        return Path(self.coursedir.format_path(step, student, assignment_id))

    def submissions(self, assignment_id):
        """``{student: notebook}`` for every ``submitted/<student>/<ID>/<ID>.ipynb``, by student id."""
        step = self.coursedir.submitted_directory
        pattern = re.compile(self.coursedir.format_path(step, "(?P<student>[^/]+)", assignment_id, escape=True) + "$")
        found = {}
        for folder in sorted(glob.glob(self.coursedir.format_path(step, "*", assignment_id))):
            match, notebook = pattern.match(folder), Path(folder) / f"{assignment_id}.ipynb"
            if match and notebook.is_file():
                found[match["student"]] = notebook
        return found

    def feedback_file(self, student, assignment_id):
        return self.path(self.coursedir.feedback_directory, student, assignment_id) / f"{assignment_id}.html"

    def gradebook(self):
        """The course's gradebook (created, quickly, when missing)."""
        db = self.root / "gradebook.db"
        if self.db_url == f"sqlite:///{db}" and not db.exists():
            from autograder.build import _new_gradebook  # nbgrader's own stamping takes seconds
            _new_gradebook(db)
        return Gradebook(self.db_url, self.coursedir.course_id)

    def ensure_assignment(self, assignment_id):
        """Record the assignment and its notebook in the gradebook when missing; True when it did.

        With nbgrader's own ``generate_assignment`` (from ``source/<ID>/``), as an instructor
        would, except that its release goes to a scratch folder: ``assignments/`` stays as built.
        """
        with self.gradebook() as gb:
            try:
                if gb.find_assignment(assignment_id).notebooks:
                    return False
            except MissingEntry:
                pass
        from nbgrader.apps import NbGraderAPI  # slow to import: only when the assignment is new

        config = Config(self.config)
        with tempfile.TemporaryDirectory(prefix="release-") as scratch:
            config.CourseDirectory.release_directory = scratch
            with _quiet():
                api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
                api.log.setLevel(logging.ERROR)
                result = api.generate_assignment(assignment_id, force=True, create=True)
        if not result["success"]:
            raise CourseError(f"{assignment_id} is not in the gradebook and nbgrader generate_assignment could not "
                              f"add it from {self.root / self.coursedir.source_directory / assignment_id}:\n"
                              f"{(result.get('log') or result.get('error') or '').strip()}")
        return True

    # ----------------------------------------------------------------------- one submission

    def record(self, assignment_id, student, record):
        """Store ``record`` (the grader's result) for ``student``: gradebook, autograded notebook, feedback."""
        with warnings.catch_warnings():  # nbgrader's add_submission trips SQLAlchemy's autoflush warnings
            warnings.simplefilter("ignore", SAWarning)
            self._record(assignment_id, student, record)

    def _record(self, assignment_id, student, record):
        submitted = self.path(self.coursedir.submitted_directory, student, assignment_id)
        autograded = self.path(self.coursedir.autograded_directory, student, assignment_id)
        timestamp = self.coursedir.get_existing_timestamp(str(submitted))
        with self.gradebook() as gb:
            gb.update_or_create_student(student)
            if timestamp:
                gb.update_or_create_submission(assignment_id, student, timestamp=timestamp)
            else:
                gb.update_or_create_submission(assignment_id, student)
        resources = {"nbgrader": {"notebook": assignment_id, "assignment": assignment_id,
                                  "student": student, "db_url": self.db_url}}
        try:
            nb = nbformat.read(submitted / f"{assignment_id}.ipynb", as_version=nbformat.NO_CONVERT)
            nb = nbformat.convert(nb, 4)
        except Exception:  # unreadable: zero, as nbgrader does for a missing notebook
            nb = None
        if nb is None or record.get("error") and not _has_cells(nb):
            self._zero(assignment_id, student)
        else:
            for preprocessor in SANITIZE:
                nb, resources = preprocessor(config=self.config).preprocess(nb, resources)
            nb, resources = FastPathOutcome(record=record).preprocess(nb, resources)
            for preprocessor in SAVE:
                nb, resources = preprocessor(config=self.config).preprocess(nb, resources)
            _copy_files(submitted, autograded)
            nbformat.write(nb, autograded / f"{assignment_id}.ipynb")
        self.write_feedback(assignment_id, student, record, submitted)

    def _zero(self, assignment_id, student):
        with self.gradebook() as gb:
            notebook = gb.find_submission_notebook(assignment_id, assignment_id, student)
            for grade in notebook.grades:
                grade.auto_score = 0
                grade.needs_manual_grade = False
            gb.db.commit()

    def score(self, assignment_id, student):
        """``(score, max_score)`` of the submission as the gradebook holds it (late penalty included)."""
        with self.gradebook() as gb:
            submission = gb.find_submission(assignment_id, student)
            return submission.score - (submission.late_submission_penalty or 0), submission.max_score

    def write_feedback(self, assignment_id, student, record, submitted):
        folder = self.feedback_file(student, assignment_id).parent
        _copy_files(submitted, folder, only=SUBMISSION_FILES)
        score, max_score = self.score(assignment_id, student)
        self.feedback_file(student, assignment_id).write_text(
            feedback_html(assignment_id, student, record, score, max_score), encoding="utf-8")

    def scores(self, assignment_id):
        """``{student: (score, max_score)}`` as ``nbgrader export`` reports them."""
        with self.gradebook() as gb:
            return {s["student"]: (s["score"], s["max_score"]) for s in gb.submission_dicts(assignment_id)}


def _has_cells(nb):
    return bool(nb.get("cells"))


def _copy_files(source, target, only=None):
    """The submission's own files (timestamp, secret, ...) from ``source`` to ``target``, not notebooks."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.iterdir()) if source.is_dir() else []:
        if path.is_file() and path.suffix != ".ipynb" and (only is None or path.name in only):
            shutil.copy2(path, target / path.name)


# --------------------------------------------------------------------------- feedback page

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #ddd; padding: .35em .5em;
vertical-align: top; text-align: left; } td.points { white-space: nowrap; text-align: right; }
.passed { color: #1a7f37; } .failed, .timeout, .error { color: #b42318; } .message { font-family: monospace;
white-space: pre-wrap; } .note { color: #555; }
"""


def feedback_html(assignment_id, student, record, score, max_score):
    """The feedback page of one submission: total, then every check with its points and message."""
    esc = html.escape
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{esc(assignment_id)}: feedback</title>",
             f"<style>{STYLE}</style></head><body>",
             f"<h1>{esc(assignment_id)}: feedback for {esc(student)}</h1>",
             f"<p><strong>Score: {points_text(score)} / {points_text(max_score)}</strong></p>"]
    if record.get("error"):
        parts.append(f"<p class='failed'>Your submission could not be graded: {esc(record['error'])}</p>")
    functions = list(dict.fromkeys(test["function"] for test in record.get("tests", [])))
    for function in functions:
        tests = function_tests(record, function)
        got, most = sum(t["score"] for t in tests), sum(t["max_score"] for t in tests)
        parts.append(f"<h2><code>{esc(function)}</code>: {points_text(got)} / {points_text(most)} points</h2>")
        parts.append("<table><tr><th>check</th><th>result</th><th>points</th></tr>")
        for test in tests:
            message = f"<div class='message'>{esc(test['output'])}</div>" if test.get("output") else ""
            parts.append(f"<tr><td>{esc(test['name'])}{message}</td>"
                         f"<td class='{esc(test['status'])}'>{esc(test['status'])}</td>"
                         f"<td class='points'>{points_text(test['score'])} / {points_text(test['max_score'])}</td></tr>")
        parts.append("</table>")
    problems = (record.get("_notes") or {}).get("cell_errors") or []
    if problems:
        parts.append("<h2>Cells that raised an error when your notebook ran</h2><ul>")
        parts += [f"<li>cell {esc(str(p.get('cell')))}: <span class='message'>{esc(str(p.get('error')))}</span></li>"
                  for p in problems]
        parts.append("</ul>")
    parts.append("<p class='note'>The hidden checks compare your functions with the reference on the lecture's "
                 "examples and on more inputs. Each message says which call failed and why.</p></body></html>")
    return "\n".join(parts) + "\n"
