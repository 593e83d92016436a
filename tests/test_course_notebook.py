"""The hidden test cells: same points and same score as the fast path, as nbgrader reads them.

nbgrader takes a test cell's grade from its first error, stderr or ``execute_result`` output
(``nbgrader.utils.determine_grade``); these tests run the hidden section in a real kernel and the
fast path's outcome through nbgrader's own function, and compare with the fast path's record.
"""

import os

import nbclient
import nbformat
import pytest
from nbgrader.preprocessors import ClearHiddenTests
from nbgrader.utils import determine_grade

from autograder import demo, grade, notebook
from autograder.gradebook import outcome_outputs
from autograder.report import functions

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ASSIGNMENT = "01_gradient_descent"
VISIBLE = 'assert dy_dx(0.0) == 10.0, "the visible check"\nprint("visible check passed")'


def grade_cell(function, source, points):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "points": points,
                                 "grade_id": f"test_{function}", "schema_version": 3}
    return cell


@pytest.fixture(scope="module")
def ben_record(tmp_path_factory):
    """The fast path's record of the sample student Ben (one known mistake), seeded as student 'ben'."""
    folder = tmp_path_factory.mktemp("ben")
    path = demo.write_submission(folder, ASSIGNMENT, "ben", demo.sample_files(ASSIGNMENT)["ben"],
                                 os.path.join(ROOT, "assignments", ASSIGNMENT, f"{ASSIGNMENT}.ipynb"))
    return grade.grade_path(ASSIGNMENT, str(path), identity="ben")


def test_function_points_are_the_fast_paths_maximum(ben_record):
    points = notebook.function_points(ASSIGNMENT)
    assert points == {name: most for name, (_, most) in functions(ben_record).items()}


def test_hidden_section_goes_first_is_idempotent_and_nbgrader_removes_it():
    nb = nbformat.v4.new_notebook(cells=[grade_cell("dy_dx", VISIBLE, 1)])
    once = notebook.with_hidden_tests(nb, ASSIGNMENT)
    source = once.cells[0].source
    assert source.startswith(notebook.hidden_test_source(ASSIGNMENT, "dy_dx"))
    assert once.cells[0].metadata.nbgrader["points"] == notebook.function_points(ASSIGNMENT)["dy_dx"]
    twice = notebook.with_hidden_tests(once, ASSIGNMENT)
    assert twice.cells[0].source == source
    released, _ = ClearHiddenTests().preprocess(nbformat.from_dict(twice), {})
    assert released.cells[0].source.strip() == VISIBLE


def test_the_hidden_section_in_a_kernel_scores_like_the_fast_path(tmp_path, ben_record, monkeypatch):
    """As nbgrader autograde runs it: in autograded/<student>/<ID>, functions defined by earlier cells;
    a failing visible assert after the hidden section does not zero the cell."""
    answers = demo.sections((demo.sample_files(ASSIGNMENT)["ben"]).read_text())
    cells = [nbformat.v4.new_code_cell("import numpy as np"),
             nbformat.v4.new_code_cell(answers["dy_dx"]),
             nbformat.v4.new_code_cell(answers["gradient_descent_1d"])]
    for function in ("dy_dx", "gradient_descent_1d"):
        cells.append(grade_cell(function, 'assert False, "a visible check fails"', 1))
    nb = notebook.with_hidden_tests(nbformat.v4.new_notebook(cells=cells), ASSIGNMENT)
    cwd = tmp_path / "autograded" / "ben" / ASSIGNMENT
    cwd.mkdir(parents=True)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [ROOT, os.environ.get("PYTHONPATH")])))
    nbclient.NotebookClient(nb, allow_errors=True, kernel_name="python3", timeout=120,
                            resources={"metadata": {"path": str(cwd)}}).execute()
    expected = functions(ben_record)
    for cell in nb.cells[3:]:
        function = cell.metadata.nbgrader["grade_id"].removeprefix("test_")
        assert determine_grade(cell) == pytest.approx(expected[function])
        assert "Hidden checks of " + function in cell.outputs[0]["text"]
    assert expected["gradient_descent_1d"][0] < expected["gradient_descent_1d"][1]  # Ben's known mistake


def test_the_fast_paths_outcome_reads_back_as_the_record_says(ben_record):
    for function, (score, most) in functions(ben_record).items():
        cell = grade_cell(function, "", most)
        cell.outputs = outcome_outputs(ben_record, function, most)
        assert determine_grade(cell) == pytest.approx((score, most))


def test_an_endless_loop_in_the_kernel_costs_only_the_checks_that_hit_it(monkeypatch):
    """As in the sandbox: the call is stopped at the time limit and the other checks still run."""
    monkeypatch.setenv("AUTOGRADER_CALL_TIMEOUT", "0.5")
    namespace = {}
    exec("import numpy as np\n"
         "def dy_dx(x):\n"
         "    if np.ndim(x):\n"
         "        while True:\n"
         "            pass\n"
         "    return 2.0 * (x + 5)\n", namespace)
    tests = notebook.run_function_checks(ASSIGNMENT, "dy_dx", namespace, "ada")
    statuses = {test["status"] for test in tests}
    assert statuses == {"passed", "timeout"}
    assert 0 < sum(test["score"] for test in tests) < sum(test["max_score"] for test in tests)
