"""nbgrader configuration: this folder is the course; releases go to ``assignments/``.

``nbgrader autograde`` (and formgrader's Autograde button) grade with the course's sandboxed engine,
as ``python -m autograder grade --course`` does: nbgrader's two autograde passes, with the engine's
preprocessors (``autograder/course/gradebook.py``) in place of nbgrader's ClearOutput, Execute and
SaveAutoGrades. The notebook is never run in a kernel, so student code never shares a process with
a verdict.
"""

# Imported first for its side effect: it puts this interpreter's bin folder on PATH, where nbgrader
# looks for `alembic` when it creates a gradebook (a venv's python run by its path, not activated).
import autograder  # noqa: E402,F401

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.course_id = "gradient-descent"
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "assignments"

c.Autograde.exporter_class = "autograder.course.gradebook.SubmissionExporter"  # an unreadable file: 0 and why
c.Autograde.sanitize_preprocessors = [
    "autograder.course.gradebook.RestoreCells",         # edited or copied nbgrader cells: as the gradebook has them
    "autograder.course.gradebook.SubmittedOutputs",     # for ClearOutput: the student's outputs stay, marked as theirs
    "nbgrader.preprocessors.DeduplicateIds",
    "autograder.course.gradebook.OverwriteKernelspec",  # nbgrader's, with the gradebook opened once per run
    "autograder.course.gradebook.OverwriteCells",       # nbgrader's, with the assignment's cells read once
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.Autograde.autograde_preprocessors = [
    "autograder.course.gradebook.EngineGrades",         # for Execute: the sandboxed engine grades the notebook
    "nbgrader.preprocessors.LimitOutput",
    "autograder.course.gradebook.SaveEngineGrades",     # for SaveAutoGrades: each test cell's score from the engine
    "autograder.course.gradebook.AssignLatePenalties",  # nbgrader's, with the gradebook opened once per run
    "nbgrader.preprocessors.CheckCellMetadata",
]
