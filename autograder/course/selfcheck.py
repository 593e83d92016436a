"""``python -m autograder check NOTEBOOK``: a student's self-check with the public checks.

It runs exactly what ``pytest`` runs in ``assignments/<ID>/``: the same ``conftest.py``, ``translations.json`` and
``test_<ID>.py`` (from ``autograder/checks/<ID>/public.py``), in a temporary folder next to a copy of the notebook
named ``<ID>.ipynb``. The assignment is recognised from the notebook's name or its folder's name.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from autograder.course.build import CHECKS, public_files
from autograder.engine.i18n import _


def known_assignments():
    """The assignments that have public checks."""
    return sorted(path.parent.name for path in CHECKS.glob("*/public.py"))


def assignment_of(notebook):
    """The assignment ID of a notebook path, from its file name or its folder's name (or None)."""
    notebook = Path(notebook)
    known = known_assignments()
    for candidate in (notebook.stem, notebook.parent.name):
        if candidate in known:
            return candidate
    return next((a for a in known if notebook.stem.startswith(a)), None)


def check(notebook, pytest_args=()):
    """Run the public checks of the notebook's assignment on it; returns pytest's exit code."""
    notebook = Path(notebook).resolve()
    if not notebook.is_file():
        print(_("no such notebook: {notebook}").format(notebook=notebook))
        return 2
    assignment = assignment_of(notebook)
    if assignment is None:
        print(_("cannot tell which assignment {notebook} is: name it <ID>.ipynb or keep it in a folder <ID>/, with "
                "ID one of {assignments}").format(notebook=notebook.name, assignments=", ".join(known_assignments())))
        return 2
    with tempfile.TemporaryDirectory(prefix=f"check-{assignment}-") as folder:
        folder = Path(folder)
        for name, text in public_files(assignment).items():
            (folder / name).write_text(text, encoding="utf-8")
        shutil.copy(notebook, folder / f"{assignment}.ipynb")
        print(_("checking {notebook} as {assignment} with the public checks").format(notebook=notebook,
                                                                                    assignment=assignment))
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(folder),
                   *pytest_args]
        return subprocess.run(command, cwd=folder, check=False).returncode


def run(args):
    """Entry point of ``python -m autograder check NOTEBOOK``."""
    return check(args.notebook)
