"""Read a submission into the code cells the sandbox will run, without running anything.

A notebook gives its code cells in order (but for the two kinds :func:`runs_when_grading`
leaves out), with IPython magics (``%...``, ``%%...`` cells)
and shell escapes (``!...``) removed: the grader runs plain Python, never a shell. A
``.py`` file is one cell. Anything that cannot be read (not a regular file, a link out of its
folder, not a notebook, not JSON, empty, undecodable bytes, too much code) is a
:class:`SubmissionError` with a message for that submission only.

Saved outputs (plots, training logs) are dropped before the notebook is parsed: they are never
graded, so a notebook grades exactly like its cleared twin, and the size limit is on the code.
"""

import json
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

from autograder.engine.i18n import _

# nbformat validates with jsonschema, which imports rfc3987_syntax when it is installed (it
# comes with jupyter's extras) and that module compiles a grammar for seconds at import, in
# every grader worker. The notebook schema never uses the IRI formats it checks, so jsonschema
# is told it is absent (jsonschema treats it as optional).
sys.modules.setdefault("rfc3987_syntax", None)

import nbformat  # noqa: E402 - after the line above

from autograder.engine.i18n import N_, _  # noqa: E402

# The code a submission may hold, and the most any read takes (outputs included).
MAX_CODE_BYTES = 20 * 2**20
MAX_FILE_BYTES = 128 * 2**20
NOT_REGULAR = {stat.S_IFDIR: N_("a folder"), stat.S_IFIFO: N_("a named pipe (FIFO)"), stat.S_IFCHR: N_("a device"),
               stat.S_IFBLK: N_("a device"), stat.S_IFSOCK: N_("a socket")}
_MAGIC_LINE = re.compile(r"^(\s*)(%|!)")
_ASSIGNED_SHELL = re.compile(r"^(\s*[\w.,\s]+=\s*)(!|%)")


class SubmissionError(Exception):
    """The submission file cannot be read at all."""


_DEFINITION = re.compile(r"^(?:async\s+def|def|class)\s+([A-Za-z_]\w*)", re.MULTILINE)
CELL_LINE = 50  # characters of a cell's first line that name it


@dataclass
class Cell:
    """One code cell: its 1-based number among the notebook's cells, and its source."""
    number: int
    source: str

    @property
    def name(self):
        """The cell as a student finds it (JupyterLab shows no cell numbers): the functions or classes it
        defines (also when it has a syntax error), else its first line."""
        defined = list(dict.fromkeys(_DEFINITION.findall(self.source)))
        if defined:
            return _("the cell that defines {names}").format(
                names=", ".join(defined[:3]) + (", ..." if len(defined) > 3 else ""))
        first = next((line.strip() for line in self.source.splitlines() if line.strip()), "")
        if len(first) > CELL_LINE:
            first = first[:CELL_LINE - 3] + "..."
        return _("the cell starting `{line}`").format(line=first) if first else _("an empty cell")


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


def read_bounded(path):
    """The bytes of the regular file ``path``, at most :data:`MAX_FILE_BYTES`; raises SubmissionError.

    A symbolic link is followed only to a file inside the submission's own folder, and anything
    but a regular file is refused before a byte is read (a FIFO would block, a device never ends).
    """
    path = Path(path)
    try:
        folder = path.parent.resolve(strict=True)
        target = path.resolve(strict=True)
    except (OSError, RuntimeError) as error:  # missing, a loop of links, no permission
        raise SubmissionError(_("cannot read the file: {reason}").format(
            reason=getattr(error, "strerror", None) or error)) from None
    if path.is_symlink() and not target.is_relative_to(folder):
        raise SubmissionError(_("the file is a link to a file outside its folder; hand in the file itself"))
    try:
        descriptor = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        raise SubmissionError(_("cannot read the file: {reason}").format(reason=error.strerror or error)) from None
    kind = stat.S_IFMT(os.fstat(descriptor).st_mode)
    if kind != stat.S_IFREG:
        os.close(descriptor)
        raise SubmissionError(_("not a regular file but {kind}; hand in the notebook or .py file itself").format(
            kind=_(NOT_REGULAR.get(kind, N_("a special file")))))
    with open(descriptor, "rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise SubmissionError(_("the file is larger than {size}, saved outputs included; clear the outputs "
                                "(Edit > Clear Outputs of All Cells), save and hand it in again").format(
                                    size=_megabytes(MAX_FILE_BYTES)))
    return data


def without_outputs(notebook):
    """The notebook's JSON with every code cell's saved outputs removed (nbformat 4 and 3 alike)."""
    if isinstance(notebook, dict):
        sheets = notebook.get("worksheets")
        cells = notebook.get("cells", [])
        if isinstance(sheets, list):
            cells = [cell for sheet in sheets if isinstance(sheet, dict) for cell in sheet.get("cells", [])]
        for cell in cells if isinstance(cells, list) else []:
            if isinstance(cell, dict) and "outputs" in cell:
                cell["outputs"] = []
    return notebook


def load_submission(path):
    """The :class:`Submission` in ``path`` (.ipynb or .py); raises SubmissionError."""
    path = Path(path)
    if path.suffix not in (".py", ".ipynb"):
        raise SubmissionError(_("expected a .ipynb or .py file, got {name}").format(name=repr(path.name)))
    data = read_bounded(path)
    if not data.strip():
        raise SubmissionError(_("the file is empty"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SubmissionError(_("the file is not UTF-8 text (byte {position})").format(position=error.start)) from None
    if path.suffix == ".py":
        return _within_code_limit(Submission(path, [Cell(1, text)], module_name="submission"))
    try:
        data = without_outputs(json.loads(text))
    except (json.JSONDecodeError, RecursionError) as error:
        where = _(" (line {line}, column {column}: {reason})").format(
            line=error.lineno, column=error.colno, reason=error.msg) if hasattr(error, "lineno") else ""
        raise SubmissionError(_("not a readable notebook: the file is not JSON{where}").format(where=where)) from None
    try:
        notebook = nbformat.reads(json.dumps(data), as_version=4)
    except Exception as error:  # nbformat raises validation and version errors alike
        raise SubmissionError(_("not a readable notebook: {error}: {reason}").format(
            error=type(error).__name__, reason=str(error)[:200])) from None
    cells = notebook.get("cells")
    if not isinstance(cells, list):
        raise SubmissionError(_("not a readable notebook: it has no cells"))
    code = [Cell(number, strip_magics(cell.get("source", "")))
            for number, cell in enumerate(cells, start=1)
            if isinstance(cell, dict) and cell.get("cell_type") == "code" and isinstance(cell.get("source", ""), str)
            and runs_when_grading(cell)]
    return _within_code_limit(Submission(path, code))


def _within_code_limit(submission):
    size = sum(len(cell.source.encode("utf-8", "surrogatepass")) for cell in submission.cells)
    if size > MAX_CODE_BYTES:
        raise SubmissionError(_("the submission holds {size} of code, more than the {limit} a submission may "
                                "hold").format(size=_megabytes(size), limit=_megabytes(MAX_CODE_BYTES)))
    return submission


def _megabytes(size):
    return f"{size / 2**20:.3g} MB"
