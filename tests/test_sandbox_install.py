"""The sandbox works wherever the interpreter and its packages live (issue 8.2), and still hides
the checks and the solutions when the course is installed into site-packages.

A fresh virtualenv in a temporary folder under /tmp (where CI systems, tox and many people put
them, and where the sandbox mounts its work dir), the course installed into it the ordinary,
non-editable way (so the checks and the solutions sit in that site-packages), and the real
command run from an unrelated folder: a correct submission that imports modules the sandbox's
parent never imported (numpy.testing, numpy.random, matplotlib's Agg backend) gets full marks,
and ``search.py``, which walks the import path and the disk for the reference, forges nothing.
"""

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SUBMISSIONS = Path(__file__).resolve().parent / "submissions" / "01_gradient_descent"
ASSIGNMENT = "01_gradient_descent"
CORRECT_WITH_IMPORTS = '''
import numpy as np
from numpy.testing import assert_allclose
from matplotlib.backends.backend_agg import FigureCanvasAgg
import matplotlib.pyplot as plt

rng = np.random.default_rng(0)
assert_allclose(rng.random(3).shape, (3,))
figure = plt.figure()
FigureCanvasAgg(figure).draw()


def dy_dx(x):
    return 2 * (np.asarray(x, dtype=float) + 5)


def gradient_descent_1d(df, x0, lr=0.01, precision=1e-6, max_iters=10_000):
    x, history, step, iters = float(x0), [float(x0)], float("inf"), 0
    while step > precision and iters < max_iters:
        prev = x
        x = x - lr * df(prev)
        step, iters = abs(x - prev), iters + 1
        history.append(x)
    return x, history


def update_factor(lr, curvature):
    return 1 - lr * curvature


def classify_learning_rate(lr, curvature=2.0):
    q = 1 - lr * curvature
    if q == 1:
        return "no progress"
    if abs(q) > 1:
        return "divergent"
    if q == -1:
        return "stuck oscillating"
    if q < 0:
        return "oscillating"
    return "monotone"
'''


@pytest.fixture(scope="module")
def tmp_venv(tmp_path_factory):
    """A virtualenv under /tmp with the course installed into its site-packages (not editable)."""
    folder = tmp_path_factory.mktemp("venv")
    assert folder.resolve().is_relative_to("/tmp"), "pytest's temporary folder is expected under /tmp"
    source = folder / "course"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", "__pycache__", "*.egg-info", "build",
                                                                  ".pytest_cache", ".grading-state"))
    venv.create(folder / "venv", with_pip=True)
    python = folder / "venv" / "bin" / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "numpy", "matplotlib", "pytest",
                              "nbformat", "tqdm", f"{source}"], capture_output=True, text=True, timeout=900)
    assert install.returncode == 0, install.stderr[-3000:]
    shutil.rmtree(source)  # only the installed copy is left
    return python


def test_installed_under_tmp_grades_imports_fully_and_hides_the_reference(tmp_venv, tmp_path):
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    site = subprocess.run([str(tmp_venv), "-c", "import autograder, solutions; print(autograder.__file__)"],
                          capture_output=True, text=True, cwd=tmp_path, env=environment).stdout
    assert "site-packages" in site and site.startswith(str(tmp_venv.parent.parent))
    (tmp_path / "imports.py").write_text(CORRECT_WITH_IMPORTS)
    data = SUBMISSIONS.joinpath("search.py").read_bytes().replace(b"@PORT@", b"9").replace(b"@OUTSIDE@",
                                                                                           str(tmp_path).encode())
    (tmp_path / "search.py").write_bytes(data)
    run = subprocess.run([str(tmp_venv), "-m", "autograder", "grade", "--assignment", ASSIGNMENT, "--jobs", "2",
                          "--json", "out.json", "imports.py", "search.py"],
                         cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "sandbox isolation: namespaces" in run.stderr or "process only" in run.stderr
    results = {Path(r["submission"]).name: r for r in json.loads((tmp_path / "out.json").read_text())["submissions"]}
    correct = results["imports.py"]
    assert (correct["score"], correct["error"]) == (correct["max_score"], None), correct["tests"]
    if "sandbox isolation: namespaces" in run.stderr:
        found = {test["function"] for test in results["search.py"]["tests"] if test["score"] > 0}
        assert found == {"gradient_descent_1d"}, results["search.py"]["tests"]
