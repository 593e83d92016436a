"""nbgrader's autograde with the sandboxed engine in place of its ``Execute``, whichever command is typed.

``nbgrader_config.py`` sets nbgrader's two autograde passes to these preprocessors (nbgrader's
own, with four of this module's in their place), and its exporter to :class:`SubmissionExporter`::

    sanitize:   RestoreCells, SubmittedOutputs (for ClearOutput), DeduplicateIds, OverwriteKernelspec,
                OverwriteCells (nbgrader's, reading the cells once), CheckCellMetadata
    autograde:  EngineGrades (for Execute), LimitOutput, SaveEngineGrades (for SaveAutoGrades),
                AssignLatePenalties, CheckCellMetadata

so ``nbgrader autograde`` and formgrader's Autograde button never run the notebook in a kernel:
:class:`EngineGrades` grades it with :func:`autograder.engine.grade.grade_path` (the sandbox, the hidden
checks in the grader process, seeded by the student id) and writes under each test cell ``test_<F>``
the report of F's checks; :class:`SaveEngineGrades` stores F's points as the cell's score. Student
code never shares a process with a verdict.

``python -m autograder grade --course`` (:class:`Course`) runs the same passes from the course's
configuration, one submission at a time, with the grading step done beforehand by parallel
workers: :meth:`Course.sanitized` writes the notebook they grade (nbgrader's first pass, as
``nbgrader autograde`` writes it) and :meth:`Course.record` hands their record to
:class:`EngineGrades` through the resources. So both commands grade the same notebook and record
the same scores, and:

- the student and the submission (with its ``timestamp.txt``) are created when missing;
- ``SaveEngineGrades`` stores each test cell's score and the "No response." comments,
  ``AssignLatePenalties`` applies the course's late policy;
- ``autograded/<student>/<ID>/<ID>.ipynb`` is the notebook formgrader shows (and what
  ``nbgrader generate_feedback`` renders): the student's own outputs, the checks' report under
  each test cell;
- a submission nbgrader cannot read (not a notebook, cells it cannot restore) is recorded as
  graded, 0 with the reason under each test cell, so formgrader and ``nbgrader export`` agree;
- ``feedback/<student>/<ID>/<ID>.html`` (with the submission's ``timestamp.txt`` and
  ``submission_secret.txt``) is what ``nbgrader release_feedback`` returns to the student: a
  short page with every check, its points and its message. It is written directly rather than
  through nbconvert's notebook template, which costs about a second per student.
"""

import contextlib
import functools
import glob
import html
import io
import json
import logging
import os
import re
import shutil
import tempfile
import types
import warnings
from pathlib import Path

import jsonschema
import nbformat
import nbgrader.api
import nbgrader.preprocessors
import nbgrader.nbgraderformat.common
import sqlalchemy
from nbconvert.exporters import NotebookExporter
from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor, SaveAutoGrades
from sqlalchemy.exc import SAWarning
from sqlalchemy.orm import joinedload
from traitlets.config.loader import Config, PyFileConfigLoader
from traitlets.utils.importstring import import_item

from autograder.course import figures
from autograder.course.notebook import STATUS_WORDS, earned, function_feedback, graded_function, points_text
from autograder.course.settings import use_course_language
from autograder.engine import feedback
from autograder.engine.i18n import _
from autograder.engine.student import cell_words
from autograder.engine.load import SubmissionError, read_bounded

SUBMISSION_FILES = ("timestamp.txt", "submission_secret.txt")
# What a browser shows but never runs: formgrader renders a submission's outputs in the instructor's
# logged-in page, so HTML, SVG, JavaScript and widgets a student saved are not kept.
SAFE_DATA = ("text/plain", "image/png", "image/jpeg", "image/gif")
BASE64 = re.compile(r"[A-Za-z0-9+/=\s]*\Z")
SCHEMA_VERSION = 3  # nbgrader 0.9's cell metadata

# Every nbgrader preprocessor opens its own Gradebook, and each Gradebook its own SQLAlchemy
# engine, whose statement cache starts empty: recording one submission compiled the same
# SQL again some thirty times, most of the grader's time on a class. One engine per database
# keeps the cache (Gradebook.close() only empties the engine's connection pool).
nbgrader.api.create_engine = functools.lru_cache(maxsize=None)(sqlalchemy.create_engine)


def _create_missing_tables(bind, _create_all=nbgrader.api.Base.metadata.create_all, **options):
    """``MetaData.create_all``, asking the database for its tables once: each Gradebook calls it, and
    it asks for each of nbgrader's fifteen tables in turn (seven gradebooks are opened per submission)."""
    if set(nbgrader.api.Base.metadata.tables) - set(sqlalchemy.inspect(bind).get_table_names()):
        _create_all(bind=bind, **options)


nbgrader.api.Base.metadata.create_all = _create_missing_tables


@functools.lru_cache(maxsize=None)
def _schema_validator(schema_text):
    schema = json.loads(schema_text)
    kind = jsonschema.validators.validator_for(schema)
    kind.check_schema(schema)
    return kind(schema)


def _validate(instance, schema):
    """``jsonschema.validate``, with each schema checked and compiled once rather than on every call."""
    error = jsonschema.exceptions.best_match(_schema_validator(json.dumps(schema, sort_keys=True)).iter_errors(instance))
    if error is not None:
        raise error


# nbgrader's metadata validator (CheckCellMetadata, twice per submission) calls jsonschema.validate on
# every nbgrader cell, which checks the schema itself against the metaschema each time: a third of
# the time it takes to record a submission.
nbgrader.nbgraderformat.common.jsonschema = types.SimpleNamespace(validate=_validate)


class CourseError(Exception):
    """The course folder cannot take the results (e.g. the assignment is nowhere to be found)."""


# --------------------------------------------------------------------------- sanitize pass

def read_submission(file):
    """``(notebook, None)``, or ``(an empty notebook, why)`` when nbformat cannot read ``file`` (a path or a
    stream): the sanitize pass then puts the graded cells back and the submission scores 0, with the reason.
    The reason names the error only (nbformat's message would quote the file, which may be anything).
    A path is read as the engine reads it: a regular file only (a FIFO or a device is refused at once),
    links only within its folder, at most :data:`autograder.engine.load.MAX_FILE_BYTES`."""
    try:
        if isinstance(file, (str, os.PathLike)):
            return nbformat.reads(read_bounded(file).decode("utf-8-sig"), as_version=4), None
        return nbformat.read(file, as_version=4), None
    except SubmissionError as error:
        return nbformat.v4.new_notebook(), str(error)
    except Exception as error:  # not JSON, not a notebook, not UTF-8, ...
        return nbformat.v4.new_notebook(), _("not a readable notebook ({error})").format(error=type(error).__name__)


class SubmissionExporter(NotebookExporter):
    """nbgrader's exporter, except that a submitted file nbformat cannot read is graded as 0 with the
    reason (nbgrader would stop at it and leave it "needs autograding" in formgrader)."""

    def from_file(self, file_stream, resources=None, **kw):
        nb, why = read_submission(file_stream)
        if why:
            resources = dict(resources or {})
            resources["autograder"] = {"unreadable": why}
        return self.from_notebook_node(nb, resources=resources, **kw)


class RestoreCells(NbGraderPreprocessor):
    """First in nbgrader's sanitize pass: every cell's nbgrader metadata as the gradebook has it.

    nbgrader's own steps stop at a notebook whose nbgrader cells were edited or copied
    (``SchemaTooOldError``, ``ValidationError``, a ``KeyError``, on every run), which leaves the
    submission ungraded. Here a cell whose ``grade_id`` the gradebook knows gets that cell's metadata
    back (its first copy only); other nbgrader metadata (a pasted copy, a cell the student marked as
    graded) is removed, since such a cell is the student's own and graded by nothing; a grade cell
    the submission lacks is put back after its function's cell, so that every grade is recorded.
    ``OverwriteCells`` then restores the locked cells' source, as always.
    """

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        nb.metadata.pop("autograder", None)  # the mark of an unreadable file is this pass's alone
        why = resources.get("autograder", {}).get("unreadable")
        if why:
            nb.metadata["autograder"] = {"unreadable": why}
        points, sources = cells_of(resources)
        seen = set()
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader")
            if meta is None:
                continue
            grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
            if grade_id in sources and grade_id not in seen:
                seen.add(grade_id)
                cell.metadata["nbgrader"] = nbformat.from_dict(sources[grade_id].metadata.nbgrader)
            else:
                self.log.warning("Cell with nbgrader metadata %r is not a cell of the assignment: now a plain cell",
                                 grade_id)
                del cell.metadata["nbgrader"]
        for grade_id in [name for name in points if name not in seen]:  # in the notebook's order
            self.log.warning("Grade cell %s is missing from the submission: put back", grade_id)
            _insert_after(nb, _missing_cell(sources[grade_id]), graded_function(sources[grade_id]))
        return nb, resources


def assignment_cells(gradebook, notebook_id, assignment_id):
    """``({grade_id: points}, {grade_id: cell})`` of the notebook's graded cells, as the gradebook has them
    (what :class:`RestoreCells` puts back; read-only, so ``grade --course`` reads them once per run)."""
    with gradebook as gb:
        notebook = gb.find_notebook(notebook_id, assignment_id)
        points = {cell.name: cell.max_score for cell in notebook.grade_cells}
        solutions = {cell.name for cell in notebook.solution_cells}
        tasks = {cell.name for cell in notebook.task_cells}
        sources = {cell.name: nbformat.from_dict(
            {"cell_type": cell.cell_type, "source": cell.source, "metadata": {"nbgrader": {
                "grade": cell.name in points, "solution": cell.name in solutions, "locked": bool(cell.locked),
                "grade_id": cell.name, "schema_version": SCHEMA_VERSION, "checksum": cell.checksum,
                "cell_type": cell.cell_type,
                **({"points": points[cell.name]} if cell.name in points else {}),
                **({"task": True} if cell.name in tasks else {})}}})
            for cell in notebook.source_cells}
    return points, sources


def cells_of(resources):
    """:func:`assignment_cells` of the notebook being graded: as ``grade --course`` read them for its run, else
    read now."""
    info = resources["nbgrader"]
    return (resources.get("autograder", {}).get("assignment_cells")
            or assignment_cells(open_gradebook(resources), info["notebook"], info["assignment"]))


class OverwriteCells(nbgrader.preprocessors.OverwriteCells):
    """nbgrader's ``OverwriteCells``, with the assignment's cells as :func:`cells_of` gives them rather than two
    queries of the gradebook per nbgrader cell (a quarter of nbgrader's first pass on a submission)."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]  # as OverwriteCells.preprocess, with the cells read beforehand
        self.notebook_id, self.assignment_id, self.db_url = info["notebook"], info["assignment"], info["db_url"]
        gradebook = open_gradebook(resources)
        points, sources = cells_of(resources)
        with gradebook:
            self.gradebook = AssignmentCells(gradebook, points, sources)
            nb, resources = NbGraderPreprocessor.preprocess(self, nb, resources)
            if self.add_missing_cells:
                nb, resources = self.add_missing_grade_cells(nb, resources)
                nb, resources = self.add_missing_task_cells(nb, resources)
        return nb, resources


class OverwriteKernelspec(nbgrader.preprocessors.OverwriteKernelspec):
    """nbgrader's ``OverwriteKernelspec``, with the gradebook of the run (:func:`open_gradebook`) rather than a new
    one for each submission (a new database engine and its tables inspected: 4 ms of CPU time each)."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]  # as OverwriteKernelspec.preprocess
        with open_gradebook(resources) as gb:
            kernelspec = gb.find_notebook(info["notebook"], info["assignment"]).kernelspec
        if kernelspec is not None and (kernelspec := json.loads(kernelspec)):
            nb.metadata["kernelspec"] = kernelspec
        return nb, resources


class AssignLatePenalties(nbgrader.preprocessors.AssignLatePenalties):
    """nbgrader's ``AssignLatePenalties`` (its late-submission plugin, as configured), with the gradebook of the
    run (:func:`open_gradebook`) rather than a new one for each submission. With the course's OverwriteKernelspec,
    a sixth less of the recording process's CPU time per student."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]  # as AssignLatePenalties.preprocess
        self.notebook_id, self.assignment_id = info["notebook"], info["assignment"]
        self.student_id, self.db_url = info["student"], info["db_url"]
        self.init_plugin()
        self.gradebook = open_gradebook(resources)
        with self.gradebook:
            nb, resources = NbGraderPreprocessor.preprocess(self, nb, resources)
            submission = self.gradebook.find_submission(self.assignment_id, self.student_id)
            notebook = self.gradebook.find_submission_notebook(self.notebook_id, self.assignment_id, self.student_id)
            notebook.late_submission_penalty = None
            if submission.total_seconds_late > 0:
                self.log.warning("%s is %s seconds late", submission, submission.total_seconds_late)
                penalty = self.plugin_inst.late_submission_penalty(self.student_id, notebook.score,
                                                                   submission.total_seconds_late)
                self.log.warning("Late submission penalty: %s", penalty)
                if penalty is not None:
                    notebook.late_submission_penalty = self._check_late_penalty(notebook, penalty)
            self.gradebook.db.commit()
        return nb, resources


class AssignmentCells:
    """The gradebook as ``OverwriteCells`` asks it for a cell (``find_source_cell``, ``find_graded_cell``), answered
    from :func:`assignment_cells`; anything else is asked of ``gradebook``."""

    def __init__(self, gradebook, points, sources):
        self.gradebook, self.points, self.sources = gradebook, points, sources

    def find_source_cell(self, name, notebook, assignment):
        if name not in self.sources:
            raise MissingEntry(f"No such source cell: {assignment}/{notebook}/{name}")
        cell = self.sources[name]
        return types.SimpleNamespace(cell_type=cell.cell_type, source=cell.source,
                                     locked=cell.metadata.nbgrader["locked"], checksum=cell.metadata.nbgrader["checksum"])

    def find_graded_cell(self, name, notebook, assignment):
        if name not in self.points:  # a task cell (never a grade cell once RestoreCells ran): as nbgrader finds it
            return self.gradebook.find_graded_cell(name, notebook, assignment)
        return types.SimpleNamespace(max_score=self.points[name])

    def __getattr__(self, name):
        return getattr(self.gradebook, name)


def open_gradebook(resources):
    """The gradebook of ``resources``: the one ``grade --course`` opened for its run (each ``with`` block is a
    session of its own, as with a new one), else a new one as nbgrader's preprocessors open theirs."""
    return resources.get("autograder", {}).get("gradebook") or Gradebook(resources["nbgrader"]["db_url"])


def _missing_cell(source):
    cell = (nbformat.v4.new_code_cell if source.cell_type == "code" else nbformat.v4.new_markdown_cell)(source.source)
    cell.metadata["nbgrader"] = nbformat.from_dict(source.metadata.nbgrader)  # a copy: the next passes change it
    return cell


def _insert_after(nb, cell, grade_id):
    """``cell`` into ``nb`` after the cell ``grade_id`` (the function it tests), or at the end."""
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
    nb.cells.insert(ids.index(grade_id) + 1 if grade_id in ids else len(nb.cells), cell)


class SubmittedOutputs(NbGraderPreprocessor):
    """In place of nbgrader's ``ClearOutput``: the outputs the student saved stay, marked as theirs
    (cell metadata ``"autograder": {"outputs": "as submitted"}``), so formgrader shows their plots.

    Test cells lose theirs (the grader writes them); of the others, only what a browser shows and
    never runs is kept: text, errors, PNG/JPEG/GIF images (see ``SAFE_DATA``).
    """

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type != "code":
            return cell, resources
        cell.metadata.pop("autograder", None)  # only this preprocessor marks outputs
        if utils.is_grade(cell) and not utils.is_solution(cell):
            cell.outputs, cell.execution_count = [], None
            return cell, resources
        cell.outputs = [kept for kept in map(safe_output, cell.get("outputs", [])) if kept is not None]
        if cell.outputs:
            cell.metadata["autograder"] = {"outputs": "as submitted"}
        return cell, resources


def safe_output(output):
    """A clean copy of a saved output with only the parts in ``SAFE_DATA``, or None."""
    kind = output.get("output_type") if isinstance(output, dict) else None
    if kind == "stream" and isinstance(output.get("text"), str):
        return nbformat.v4.new_output("stream", name="stderr" if output.get("name") == "stderr" else "stdout",
                                      text=output["text"])
    if kind == "error":
        traceback = output.get("traceback") if isinstance(output.get("traceback"), list) else []
        return nbformat.v4.new_output("error", ename=str(output.get("ename", "")), evalue=str(output.get("evalue", "")),
                                      traceback=[str(line) for line in traceback])
    if kind in ("display_data", "execute_result"):
        data = output.get("data") if isinstance(output.get("data"), dict) else {}
        data = {mime: value for mime, value in data.items() if mime in SAFE_DATA and isinstance(value, str)
                and (mime == "text/plain" or BASE64.match(value))}
        if data:
            extra = {"execution_count": None} if kind == "execute_result" else {}
            return nbformat.v4.new_output(kind, data=data, **extra)
    return None


# --------------------------------------------------------------------------- autograde pass

class EngineGrades(NbGraderPreprocessor):
    """In place of nbgrader's ``Execute``: the sandboxed engine grades the notebook.

    The record comes from ``resources["autograder"]["record"]`` when the course mode's workers
    graded the notebook already, else from :func:`grade_notebook` here. Each autograded test cell
    ``test_<F>`` gets the report of F's checks as its only output, and its points (F's checks
    passed) go to ``resources["autograder"]["scores"]`` for :class:`SaveEngineGrades`. A note at
    the top says how the notebook was graded.
    """

    def preprocess(self, nb, resources):
        use_course_language(self.config)  # nbgrader autograde: c.Autograder.language (unless chosen already)
        info = resources["nbgrader"]
        engine = resources.setdefault("autograder", {})
        if "record" not in engine:  # nbgrader converts in the course folder, which the sandbox hides
            engine["record"] = grade_notebook(info["assignment"], nb, info["student"], hide=(os.getcwd(),))
        why = nb.metadata.get("autograder", {}).get("unreadable")
        if why:  # the graded cells RestoreCells put in place of a file nbgrader could not read
            engine["record"] = unreadable(engine["record"], why)
        engine["scores"] = {}
        nb, resources = super().preprocess(nb, resources)
        nb.cells.insert(0, grading_note(engine["record"]))
        return nb, resources

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell):
            points = float(cell.metadata.nbgrader["points"])
            text, score, figure = outcome(resources["autograder"]["record"], graded_function(cell), points)
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
            if figure:  # nbgrader's feedback page and formgrader show an image/png output as the picture
                cell.outputs.append(nbformat.v4.new_output("display_data", data={
                    "image/png": figures.png_base64(figure), "text/plain": figures.alt_text(figure)}))
            cell.execution_count = None
            resources["autograder"]["scores"][cell.metadata.nbgrader["grade_id"]] = score
        return cell, resources


class SaveEngineGrades(SaveAutoGrades):
    """nbgrader's ``SaveAutoGrades``, with each test cell's score from :class:`EngineGrades` rather than
    read back from an ``execute_result`` under the cell (which would show as a stray ``Out[ ]: 2.0``).

    The notebook's scores and comments are committed together: nbgrader commits after each cell,
    and each commit of an SQLite gradebook waits for the disk (some twenty per submission); and they
    are read together (:class:`SubmittedCells`).
    """

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]  # as SaveAutoGrades.preprocess, with one commit
        self.notebook_id, self.assignment_id = info["notebook"], info["assignment"]
        self.student_id, self.db_url = info["student"], info["db_url"]
        gradebook = open_gradebook(resources)
        with gradebook, one_commit(gradebook.db):  # nbgrader's _add_score and _add_comment commit each cell
            self.gradebook = SubmittedCells(gradebook, self.notebook_id, self.assignment_id, self.student_id)
            nb, resources = NbGraderPreprocessor.preprocess(self, nb, resources)
        return nb, resources

    def _add_score(self, cell, resources):
        grade_id = cell.metadata.nbgrader["grade_id"]
        scores = resources.get("autograder", {}).get("scores", {})
        if grade_id not in scores:  # an answer graded by hand: nbgrader's own rule
            return super()._add_score(cell, resources)
        grade = self.gradebook.find_grade(grade_id, self.notebook_id, self.assignment_id, self.student_id)
        grade.auto_score = scores[grade_id]
        grade.needs_manual_grade = grade.manual_score is not None  # as nbgrader: a grader's score is reviewed


class SubmittedCells:
    """The gradebook as ``SaveAutoGrades`` uses it (``find_grade``, ``find_comment``, ``db``) for one submitted
    notebook, whose grades and comments are read in one query each rather than in one query (of six joins)
    per cell, which was most of the time it took to save a submission's scores."""

    def __init__(self, gradebook, notebook_id, assignment_id, student_id):
        self.gradebook, self.db = gradebook, gradebook.db
        submitted = gradebook.find_submission_notebook(notebook_id, assignment_id, student_id)
        self.rows = {kind: _by_cell_name(self.db.query(kind).options(joinedload(kind.cell))
                                         .filter(kind.notebook_id == submitted.id))
                     for kind in (nbgrader.api.Grade, nbgrader.api.Comment)}

    def find_grade(self, grade_id, notebook_id, assignment_id, student_id):
        return (self.rows[nbgrader.api.Grade].get(grade_id)
                or self.gradebook.find_grade(grade_id, notebook_id, assignment_id, student_id))

    def find_comment(self, grade_id, notebook_id, assignment_id, student_id):
        return (self.rows[nbgrader.api.Comment].get(grade_id)
                or self.gradebook.find_comment(grade_id, notebook_id, assignment_id, student_id))


def _by_cell_name(rows):
    """``{cell name: row}`` of the rows whose cell's name no other row has (the others are looked up as nbgrader
    does, by the kind of their cell)."""
    rows = list(rows)
    names = [row.cell.name for row in rows]
    return {name: row for name, row in zip(names, rows) if names.count(name) == 1}


@contextlib.contextmanager
def one_commit(session):
    """What nbgrader commits in ``session`` in the block committed once at its end (rolled back on an error):
    each commit of an SQLite gradebook waits for the disk. In between, the session writes what changed
    before each query (autoflush) and at the end."""
    session.commit = lambda: None
    try:
        yield
    except BaseException:
        del session.commit
        session.rollback()
        raise
    del session.commit
    session.commit()


def grade_notebook(assignment_id, nb, student, hide=()):
    """The engine's record of notebook ``nb`` of ``student`` (a copy is written for the grader to read)."""
    from autograder.engine import grade

    with tempfile.TemporaryDirectory(prefix="autograde-") as folder:
        path = Path(folder) / f"{assignment_id}.ipynb"
        nbformat.write(nb, path)
        record = grade.grade_path(assignment_id, str(path), hide, identity=student)
    record["submission"] = student
    return record


def outcome(record, function, points):
    """``(text, score, figure)`` of the test cell of ``function``: the checks in words, the points earned
    and the data of the picture of its first drawn failure (or None)."""
    tests = function_tests(record, function)
    if record.get("error"):
        return _("The submission could not be graded: {error}").format(error=record["error"]) + "\n", 0.0, None
    if not tests:
        if function:
            return _("No hidden checks grade this cell ({function}).").format(function=function) + "\n", 0.0, None
        return _("No hidden checks grade this cell.") + "\n", 0.0, None
    graded = feedback.function_feedback(function, tests, function_verdict(record, function))
    return function_feedback(function, tests, graded.verdict), earned(tests, points), graded.figure


def grading_note(record):
    """The markdown cell at the top of an autograded notebook: how it was graded, whose outputs these are."""
    if record.get("error"):
        text = _("**This submission could not be graded: {error}** Every test cell scores 0; the cells below are "
                 "the assignment's graded cells, not the student's.").format(error=record["error"])
    else:
        text = _("Graded by the course's sandboxed engine, without running this notebook: under each test cell is "
                 "the report of the hidden checks of its function. Any other output is the student's own, as "
                 "submitted (text and images only).")
    cell = nbformat.v4.new_markdown_cell(text)
    cell.metadata["autograder"] = {"note": True}
    return cell


def function_tests(record, function):
    return [test for test in record.get("tests", []) if test.get("function") == function]


def function_verdict(record, function):
    """The diagnosis of ``function`` in ``record["functions"]`` (None when the record has none)."""
    return next((entry.get("verdict") for entry in record.get("functions") or []
                 if isinstance(entry, dict) and entry.get("function") == function), None)


def unreadable(record, reason):
    """``record`` as recorded for a submission nbgrader could not read: score 0 and the reason."""
    tests = [dict(test, score=0.0, status="error", output=reason) for test in record.get("tests", [])]
    return dict(record, error=record.get("error") or reason, score=0.0, tests=tests)


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
        self._gradebook = None  # see gradebook()
        self._first_pass = {}  # {(assignment, student): the notebook sanitized() wrote in this run, until recorded}
        self._entered = set()  # {(assignment, student)}: entered by enter_submissions(), not yet recorded
        self._assignment_cells = {}  # {assignment: assignment_cells()}, read once
        self.sanitize_pass = self._preprocessors("sanitize_preprocessors")
        self.autograde_pass = self._preprocessors("autograde_preprocessors")
        if not any(isinstance(preprocessor, EngineGrades) for preprocessor in self.autograde_pass):
            raise CourseError(f"{self.root / 'nbgrader_config.py'} does not grade with the engine: set "
                              "c.Autograde.sanitize_preprocessors and c.Autograde.autograde_preprocessors as the "
                              "course package's nbgrader_config.py does")

    def _preprocessors(self, name):
        """The pass's preprocessors, made once for every submission (each sets what it needs in ``preprocess``)."""
        names = self.config.Autograde.get(name, [])
        return [(import_item(item) if isinstance(item, str) else item)(config=self.config) for item in names]

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
            if match and os.path.lexists(notebook):  # a FIFO, a folder or a link too: graded 0, with why
                found[match["student"]] = notebook
        return found

    def feedback_file(self, student, assignment_id):
        return self.path(self.coursedir.feedback_directory, student, assignment_id) / f"{assignment_id}.html"

    def gradebook(self):
        """The course's gradebook (created, quickly, when missing), opened once: each ``with`` block is a session
        of its own and ends it (``Gradebook.close``), as with a new Gradebook per block, but the database
        is asked for its tables and its course once, not for every block (seven per submission)."""
        db = self.root / "gradebook.db"
        if self.db_url == f"sqlite:///{db}" and not db.exists():
            from autograder.course.build import new_gradebook  # nbgrader's own stamping takes seconds
            new_gradebook(db)
            self._gradebook = None
        if self._gradebook is None:
            self._gradebook = Gradebook(self.db_url, self.coursedir.course_id)
        return self._gradebook

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

    def _run(self, preprocessors, nb, resources):
        with _no_autoflush_warnings():
            for preprocessor in preprocessors:
                nb, resources = preprocessor.preprocess(nb, resources)
        return nb, resources

    def _resources(self, assignment_id, student):
        return {"nbgrader": {"notebook": assignment_id, "assignment": assignment_id,
                             "student": student, "db_url": self.db_url},
                "autograder": self._engine(assignment_id)}

    def _engine(self, assignment_id, **given):
        """``resources["autograder"]``: what the engine's preprocessors are given, the open gradebook and the
        assignment's graded cells."""
        if assignment_id not in self._assignment_cells:
            self._assignment_cells[assignment_id] = assignment_cells(self.gradebook(), assignment_id, assignment_id)
        return {"gradebook": self.gradebook(), "assignment_cells": self._assignment_cells[assignment_id], **given}

    def enter_submissions(self, assignment_id, students):
        """The students and their submissions in the gradebook, created or updated as nbgrader's
        ``Autograde.init_assignment`` does, all in one transaction (nbgrader commits twice per student, and each
        commit waits for the disk); when that fails, nothing is kept and each is entered as it is recorded.
        nbgrader's first pass reads the assignment's cells only, so it may run before."""
        with _no_autoflush_warnings(), self.gradebook() as gb:
            try:
                with one_commit(gb.db):
                    for student in students:
                        self._enter_submission(gb, assignment_id, student)
            except Exception:  # then record() enters each, so that one odd submission fails alone
                return
        self._entered.update((assignment_id, student) for student in students)

    def _enter_submission(self, gb, assignment_id, student):
        """As nbgrader's ``Autograde.init_assignment``: the student, and the submission with its timestamp."""
        gb.update_or_create_student(student)
        submitted = self.path(self.coursedir.submitted_directory, student, assignment_id)
        timestamp = self.coursedir.get_existing_timestamp(str(submitted))
        gb.update_or_create_submission(assignment_id, student, **({"timestamp": timestamp} if timestamp else {}))

    def _sanitize(self, assignment_id, student):
        """nbgrader's first pass on the submission: ``(notebook, resources, None)``, or ``(None, resources,
        why)`` when nbgrader cannot read it."""
        resources = self._resources(assignment_id, student)
        submitted = self.path(self.coursedir.submitted_directory, student, assignment_id) / f"{assignment_id}.ipynb"
        nb, why = read_submission(submitted)  # as SubmissionExporter reads it
        if why:
            resources["autograder"] = self._engine(assignment_id, unreadable=why)
        try:
            nb, resources = self._run(self.sanitize_pass, nb, resources)
        except Exception as error:  # cells nbgrader cannot restore
            return None, resources, _("nbgrader could not restore its cells ({error}: {reason})").format(
                error=type(error).__name__, reason=str(error).splitlines()[0] if str(error) else "")
        return nb, resources, None

    def sanitized(self, assignment_id, student):
        """The notebook the engine grades: nbgrader's first pass written where ``nbgrader autograde`` writes it
        (``autograded/<student>/<ID>/<ID>.ipynb``), or the submission itself when nbgrader cannot read it
        (the engine then reports why)."""
        nb, _, _ = self._sanitize(assignment_id, student)
        submitted = self.path(self.coursedir.submitted_directory, student, assignment_id)
        if nb is None:
            return submitted / f"{assignment_id}.ipynb"
        autograded = self.path(self.coursedir.autograded_directory, student, assignment_id)
        _copy_files(submitted, autograded)
        nbformat.write(nb, autograded / f"{assignment_id}.ipynb")
        self._first_pass[assignment_id, student] = nb
        return autograded / f"{assignment_id}.ipynb"

    def record(self, assignment_id, student, record):
        """Store ``record`` (the engine's result) for ``student`` with nbgrader's autograde passes: gradebook,
        autograded notebook, feedback. Returns the record as stored (0 and the reason when nbgrader could
        not read the submission).

        nbgrader's first pass is the notebook :meth:`sanitized` wrote in this run, when it did (it is
        what the engine graded), else it runs again here (a result an earlier run left unrecorded)."""
        if (assignment_id, student) in self._entered:
            self._entered.discard((assignment_id, student))
        else:
            with _no_autoflush_warnings(), self.gradebook() as gb:
                self._enter_submission(gb, assignment_id, student)
        first_pass = self._first_pass.pop((assignment_id, student), None)
        if first_pass is not None:
            nb, resources = first_pass, self._resources(assignment_id, student)
        else:
            nb, resources, why = self._sanitize(assignment_id, student)
        if nb is None:  # graded anyway, as 0: the assignment's graded cells carry the reason
            resources["autograder"] = self._engine(assignment_id, unreadable=why)
            nb, resources = self._run(self.sanitize_pass, nbformat.v4.new_notebook(), resources)
        resources["autograder"] = self._engine(assignment_id, record=record)
        nb, resources = self._run(self.autograde_pass, nb, resources)
        record = resources["autograder"]["record"]
        submitted = self.path(self.coursedir.submitted_directory, student, assignment_id)
        autograded = self.path(self.coursedir.autograded_directory, student, assignment_id)
        _copy_files(submitted, autograded)
        nbformat.write(nb, autograded / f"{assignment_id}.ipynb")
        self.write_feedback(assignment_id, student, record, submitted)
        return record

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


@contextlib.contextmanager
def _no_autoflush_warnings():
    """nbgrader's add_submission trips SQLAlchemy's autoflush warnings."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        yield


def _copy_files(source, target, only=None):
    """The submission's own files (timestamp, secret, ...) from ``source`` to ``target``, not notebooks."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.iterdir()) if source.is_dir() else []:
        if path.is_file() and path.suffix != ".ipynb" and (only is None or path.name in only):
            shutil.copy2(path, target / path.name)


# --------------------------------------------------------------------------- feedback page

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin: 1.6em 0 .3em; }
p.verdict { margin: .2em 0 .6em; font-size: 1.05em; } p.verdict.failed { font-weight: 600; }
figure { margin: .3em 0 .8em; } figure img { border: 1px solid #ddd; }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #ddd; padding: .35em .5em;
vertical-align: top; text-align: left; } td.points { white-space: nowrap; text-align: right; }
.passed { color: #1a7f37; } .failed, .timeout, .error { color: #b42318; } .message { font-family: monospace;
white-space: pre-wrap; } .note, .same { color: #555; }
"""


def feedback_html(assignment_id, student, record, score, max_score):
    """The feedback page of one submission: total, then per function its verdict, the picture of a failing
    result where there is one, and its checks, each message once."""
    esc = html.escape
    title = _("{assignment}: feedback").format(assignment=assignment_id)
    heading = _("{assignment}: feedback for {student}").format(assignment=assignment_id, student=student)
    total = _("Score: {score} / {max_score}").format(score=points_text(score), max_score=points_text(max_score))
    columns = "".join(f"<th>{esc(text)}</th>" for text in (_("check"), _("result"), _("points")))
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{esc(title)}</title>",
             f"<style>{STYLE}</style></head><body>", f"<h1>{esc(heading)}</h1>",
             f"<p><strong>{esc(total)}</strong></p>"]
    if record.get("error"):
        why = _("Your submission could not be graded: {error}").format(error=record["error"])
        parts.append(f"<p class='failed'>{esc(why)}</p>")
    for graded in feedback.functions(record):
        points = _("{score} / {max_score} points").format(score=points_text(graded.score),
                                                          max_score=points_text(graded.max_score))
        parts.append(f"<h2><code>{esc(graded.function)}</code>: {esc(points)}</h2>")
        parts.append(f"<p class='verdict {'passed' if graded.passed else 'failed'}'>{esc(graded.verdict)}</p>")
        if graded.figure:
            parts.append(f"<figure><img src='data:image/png;base64,{figures.png_base64(graded.figure)}' "
                         f"alt='{esc(figures.alt_text(graded.figure))}'></figure>")
        parts.append(f"<table><tr>{columns}</tr>")
        same = _("The same as the check above.")
        for check in graded.checks:
            if check.message:
                message = f"<div class='message'>{esc(check.message)}</div>"
            elif check.same_as_above:
                message = f"<div class='same'>{esc(same)}</div>"
            else:
                message = ""
            status = _(STATUS_WORDS.get(check.status, check.status)).lower()
            parts.append(f"<tr><td>{esc(check.name)}{message}</td>"
                         f"<td class='{esc(check.status)}'>{esc(status)}</td>"
                         f"<td class='points'>{points_text(check.score)} / {points_text(check.max_score)}</td></tr>")
        parts.append("</table>")
    problems = (record.get("_notes") or {}).get("cell_errors") or []
    if problems:
        cells = _("Cells that raised an error when your notebook ran")
        parts.append(f"<h2>{esc(cells)}</h2><ul>")
        parts += [f"<li>{esc(cell_words(p))}: <span class='message'>{esc(str(p.get('error')))}</span></li>"
                  for p in problems]
        parts.append("</ul>")
    note = _("The hidden checks compare your functions with the reference on the lecture's examples and on more "
             "inputs. Each message says which call failed and why.")
    parts.append(f"<p class='note'>{esc(note)}</p></body></html>")
    return "\n".join(parts) + "\n"
