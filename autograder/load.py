"""Read a submission into the code cells the sandbox will run, without running anything.

A notebook gives its code cells in order (but for the two kinds :func:`runs_when_grading`
leaves out), with IPython magics (``%...``, ``%%...`` cells)
and shell escapes (``!...``) removed: the grader runs plain Python, never a shell. A
``.py`` file is one cell. Anything that cannot be read (not a notebook, not JSON, empty,
undecodable bytes) is a :class:`SubmissionError` with a message for that submission only.
"""

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

# nbformat validates with jsonschema, which imports rfc3987_syntax when it is installed (it
# comes with jupyter's extras) and that module compiles a grammar for seconds at import, in
# every grader worker. The notebook schema never uses the IRI formats it checks, so jsonschema
# is told it is absent (jsonschema treats it as optional).
sys.modules.setdefault("rfc3987_syntax", None)

import nbformat  # noqa: E402 - after the line above

MAX_BYTES = 20 * 2**20
_MAGIC_LINE = re.compile(r"^(\s*)(%|!)")
_ASSIGNED_SHELL = re.compile(r"^(\s*[\w.,\s]+=\s*)(!|%)")


class SubmissionError(Exception):
    """The submission file cannot be read at all."""


@dataclass
class Cell:
    """One code cell: its 1-based number among the notebook's cells, and its source."""
    number: int
    source: str


@dataclass
class Submission:
    """A submission file's code, ready for the sandbox."""
    path: Path
    cells: list = field(default_factory=list)
    module_name: str = "__main__"


def strip_magics(source):
    """``source`` with IPython magic and shell-escape lines turned into ``pass``.

    A cell magic (``%%time``, ``%%capture``...) removes the whole cell: its body is not
    necessarily Python. Lines are replaced rather than deleted so line numbers in error
    messages still match the notebook, and an indented block keeps a body.
    """
    if source.lstrip().startswith("%%"):
        return ""
    lines = []
    for line in source.splitlines():
        if _MAGIC_LINE.match(line) or _ASSIGNED_SHELL.match(line):
            line = line[:len(line) - len(line.lstrip())] + "pass"
        lines.append(line)
    return "\n".join(lines)


def runs_when_grading(cell):
    """Whether the sandbox runs this notebook cell; two kinds of nbgrader cell it skips:

    - a test cell (nbgrader ``grade`` without ``solution``): its points come from the hidden
      checks, so its visible asserts would only repeat them, and report their failures twice;
    - a read-only demo (``"course": {"demo": true}`` and nbgrader ``locked``), such as 08's
      lab runs: nbgrader restores locked cells from the release before it grades, so what a
      student typed there never counts, and such cells define nothing a graded function uses.
    Skipping them is what makes a class of 08 fast to grade.
    """
    meta = cell.get("metadata", {})
    nbgrader = meta.get("nbgrader", {})
    is_test = nbgrader.get("grade") and not nbgrader.get("solution")
    is_demo = meta.get("course", {}).get("demo") and nbgrader.get("locked")
    return not (is_test or is_demo)


def load_submission(path):
    """The :class:`Submission` in ``path`` (.ipynb or .py); raises SubmissionError."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SubmissionError(f"cannot read the file: {error.strerror or error}") from None
    if not data.strip():
        raise SubmissionError("the file is empty")
    if len(data) > MAX_BYTES:
        raise SubmissionError(f"the file is larger than {MAX_BYTES // 2**20} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SubmissionError(f"the file is not UTF-8 text (byte {error.start})") from None
    if path.suffix == ".py":
        return Submission(path, [Cell(1, text)], module_name="submission")
    if path.suffix != ".ipynb":
        raise SubmissionError(f"expected a .ipynb or .py file, got {path.name!r}")
    try:
        notebook = nbformat.reads(text, as_version=4)
    except Exception as error:  # nbformat raises JSON, validation and version errors alike
        raise SubmissionError(f"not a readable notebook: {type(error).__name__}: {str(error)[:200]}") from None
    cells = notebook.get("cells")
    if not isinstance(cells, list):
        raise SubmissionError("not a readable notebook: it has no cells")
    code = [Cell(number, strip_magics(cell.get("source", "")))
            for number, cell in enumerate(cells, start=1)
            if isinstance(cell, dict) and cell.get("cell_type") == "code" and isinstance(cell.get("source", ""), str)
            and runs_when_grading(cell)]
    return Submission(path, code)
