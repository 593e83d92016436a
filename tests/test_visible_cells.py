"""The notebook's visible test cells and `pytest` in the assignment folder give one verdict.

The build writes each test cell ``test_<F>`` as a call of F's public checks (the release's
``conftest.run_public_checks``), so what remains to show is that every public check is run by one
cell, and that the same code meets the same verdict both ways: a known buggy submission from
``tests/corpus/`` per assignment (the public checks fail it, so must its function's test cell, and only
the cells of the failing checks), run in one process for all assignments; and once through nbgrader's
own Validate in a real kernel (the issue's case: ``classify_learning_rate`` wrong at q == 0, which the
old cells passed). Correct code passing the cells in a real kernel is ``tests/test_notebooks.py``.
"""

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.course import build

IDS = build.assignment_ids()
CORPUS = Path(__file__).parent / "corpus"
WORKER = Path(__file__).parent / "visible_cells_worker.py"
BUGGY = {  # one known mistake per assignment that its public checks catch
    "01_gradient_descent": "classify_zero_oscillating.py",
    "02_numerical_gradient": "partial_no_value_error.py",
    "03_losses_and_batches": "mse_sum_over_batch.py",
    "04_momentum": "momentum_negated_velocity.py",
    "05_adaptive_optimizers": "adam_no_bias_correction.py",
    "06_lr_schedules": "natural_exp_missing_minus.py",
    "07_autograd": "value_tanh_derivative.py",  # deterministic (an overwritten grad depends on set order)
}
# 08's public checks train the lab-3 networks (most of this test's minute); that its cells call exactly its
# public checks is held by test_every_public_check_runs_in_exactly_one_test_cell.
BOTH_WAYS = sorted(BUGGY)


def release_notebook(assignment_id):
    return nbformat.read(build.ROOT / "assignments" / assignment_id / f"{assignment_id}.ipynb", as_version=4)


def named_checks(cell):
    return re.findall(r'"(test_\w+)"', cell.source)


def submission_folder(tmp_path, assignment_id, code):
    """A copy of the release whose notebook holds `code` (a whole submission) in its first solution cell."""
    folder = tmp_path / assignment_id
    shutil.copytree(build.ROOT / "assignments" / assignment_id, folder)
    nb = release_notebook(assignment_id)
    solution_cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    solution_cells[0].source = code
    for cell in solution_cells[1:]:
        cell.source = "# defined above"
    nbformat.write(nb, folder / f"{assignment_id}.ipynb")
    return folder


@pytest.mark.parametrize("assignment_id", IDS)
def test_every_public_check_runs_in_exactly_one_test_cell(assignment_id):
    tree = ast.parse(build.public_checks(assignment_id).read_text(encoding="utf-8"))
    public = sorted(node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"))
    in_cells = sorted(name for cell in release_notebook(assignment_id).cells
                      if cell.metadata.get("nbgrader", {}).get("grade") and not cell.metadata["nbgrader"].get("solution")
                      for name in named_checks(cell))
    assert in_cells == public


def test_a_buggy_submission_fails_the_same_checks_both_ways(tmp_path):
    folders = [submission_folder(tmp_path, a, (CORPUS / a / BUGGY[a]).read_text(encoding="utf-8")) for a in BOTH_WAYS]
    run = subprocess.run([sys.executable, str(WORKER), *map(str, folders)], capture_output=True, text=True,
                         timeout=600, check=False)
    assert run.returncode == 0, run.stderr
    results = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    assert len(results) == len(BOTH_WAYS), run.stdout + run.stderr
    for assignment_id, result in zip(BOTH_WAYS, results):
        failed = set(result["public_failed"])
        assert failed, f"{assignment_id}: the public checks pass {BUGGY[assignment_id]}; pick a mistake they catch"
        for grade_id, checks, raised in result["cells"]:
            assert raised == bool(failed & set(checks)), (
                f"{assignment_id} {BUGGY[assignment_id]}: the cell {grade_id} {'fails' if raised else 'passes'} "
                f"while pytest fails {sorted(failed & set(checks)) or 'none'} of its checks {checks}")


def test_nbgrader_validate_fails_where_pytest_fails(tmp_path):
    """The issue's case through nbgrader's Validate in a real kernel: it fails on the one wrong function."""
    from nbgrader.validator import Validator

    assignment_id = IDS[0]
    folder = submission_folder(tmp_path, assignment_id,
                               (CORPUS / assignment_id / "classify_zero_oscillating.py").read_text(encoding="utf-8"))
    result = Validator().validate(str(folder / f"{assignment_id}.ipynb"))
    failed = [cell["source"] for cell in result.get("failed", [])]
    assert len(failed) == 1 and "test_classify_learning_rate" in failed[0], result
    assert "classify_learning_rate(0.5)" in "".join(c.get("error", "") for c in result["failed"]), result
