"""Public and hidden checks apply the same policy: a correct submission passes both.

Every ``# corpus: correct`` file of tests/corpus/<ID>/ gets full marks from the hidden checks
(tests/test_checks_corpus.py); here it also meets the public checks exactly as a student runs them:
the released ``conftest.py`` and ``test_<ID>.py`` of ``assignments/<ID>/`` next to a notebook
``<ID>.ipynb`` holding the submission, and ``pytest`` in that folder. So nothing the public checks
reject (a list from ``grad``, biases of another shape, another permutation) is accepted by the
hidden ones, or the other way round, for the styles the corpus holds.
"""

import shutil
import subprocess
import sys

import nbformat
import pytest

from test_checks_corpus import ROOT, corpus_files


def public_run(path, folder):
    """``pytest`` on the public checks of the file's assignment, with the file as the notebook."""
    assignment = path.parent.name
    release = ROOT / "assignments" / assignment
    for name in ("conftest.py", f"test_{assignment}.py"):
        shutil.copy(release / name, folder / name)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(path.read_text())])
    nbformat.write(notebook, folder / f"{assignment}.ipynb")
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder)],
                          cwd=folder, capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.parametrize("path", corpus_files("correct"))
def test_correct_submission_passes_the_public_checks(path, tmp_path):
    run = public_run(path, tmp_path)
    assert run.returncode == 0, f"{path.name} fails public checks:\n{run.stdout[-3000:]}"
    assert " passed" in run.stdout and "failed" not in run.stdout, run.stdout[-1000:]
