"""The public checks, run as students run them: real `pytest` in a copy of the assignment folder.

They must fail on the released stubs, pass on the source notebook's solutions, keep checking the
other functions when one cell is broken, and end by saying that hidden checks run at grading time.
"""

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from xml.etree import ElementTree

import nbformat
import pytest

import solutions
from autograder.course import build, selfcheck

IDS = build.assignment_ids()
HIDDEN_NOTE = "Hidden checks"


def run_pytest(folder):
    """`pytest` in `folder` as a student runs it; returns (exit code, output, {test name: failure text or None})."""
    report = folder.parent / f"{folder.name}-report.xml"
    result = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--junitxml", str(report)],
                            cwd=folder, capture_output=True, text=True, timeout=600, check=False,
                            env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})  # runs side by side
    outcomes = {}
    for case in ElementTree.parse(report).iter("testcase"):
        failure = case.find("failure")
        if failure is None:
            failure = case.find("error")
        outcomes[case.get("name")] = None if failure is None else (failure.get("message") or "") + (failure.text or "")
    return result.returncode, result.stdout + result.stderr, outcomes


def assignment_copy(tmp_path, assignment_id, notebook=None):
    """A copy of assignments/<ID>/, optionally with another notebook in place of the released one."""
    folder = tmp_path / assignment_id
    shutil.copytree(build.ROOT / "assignments" / assignment_id, folder,
                    ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    if notebook is not None:
        nbformat.write(notebook, folder / f"{assignment_id}.ipynb")
    return folder


def source_notebook(assignment_id):
    return nbformat.read(build.source_path(assignment_id), as_version=4)


def broken_notebook(assignment_id):
    """The source notebook with its last solution cell raising before the def, plus magics and a bad cell."""
    nb = source_notebook(assignment_id)
    broken = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")][-1]
    broken.source = "raise RuntimeError('a typo above the function')\n" + broken.source
    nb.cells.insert(1, nbformat.v4.new_code_cell("%matplotlib inline\n!echo shell escape"))
    nb.cells.insert(2, nbformat.v4.new_code_cell("this is not python"))
    return nb, broken.metadata["nbgrader"]["grade_id"]


# Correct code in another style: the reference with `config` updated in place instead of copied.
IN_PLACE = [("config = dict(config or {})", "config = {} if config is None else config"),
            ("config = None if config is None else dict(config)", "pass")]


def in_place_code(assignment_id, name):
    """Reference code of graded function `name` that updates config in place (None: it has no config)."""
    obj = getattr(solutions.load(assignment_id), name)
    code = "\n\n".join(build.full_source(o) for o in [*build.private_helpers(obj), obj])
    changed = code
    for old, new in IN_PLACE:
        changed = changed.replace(old, new)
    return None if changed == code else changed


IN_PLACE_IDS = [i for i in IDS if any(in_place_code(i, name) for name in solutions.load(i).__all__)]


def release_with_in_place_code(assignment_id):
    """The released notebook, its graded cells filled with reference code that updates config in place."""
    nb = nbformat.read(build.ROOT / "assignments" / assignment_id / f"{assignment_id}.ipynb", as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            name = meta["grade_id"]
            obj = getattr(solutions.load(assignment_id), name)
            cell.source = in_place_code(assignment_id, name) or "\n\n".join(
                build.full_source(o) for o in [*build.private_helpers(obj), obj])
    return nb


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """{(kind, ID): run_pytest result} for kind in stubs, solutions, broken: all runs side by side."""
    folders = {}
    for assignment_id in IDS:
        kinds = [("stubs", None), ("solutions", source_notebook(assignment_id)),
                 ("broken", broken_notebook(assignment_id)[0])]
        if assignment_id in IN_PLACE_IDS:
            kinds.append(("in_place", release_with_in_place_code(assignment_id)))
        for kind, notebook in kinds:
            folders[kind, assignment_id] = assignment_copy(tmp_path_factory.mktemp(kind), assignment_id, notebook)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = dict(zip(folders, pool.map(run_pytest, folders.values())))
    return results


@pytest.mark.parametrize("assignment_id", IDS)
def test_public_checks_fail_on_the_released_stubs(runs, assignment_id):
    code, output, outcomes = runs["stubs", assignment_id]
    assert code == 1, output
    assert outcomes and all(outcomes.values()), f"passed on the stubs: {[n for n, f in outcomes.items() if not f]}"
    assert "still the stub" in output, output
    assert HIDDEN_NOTE in output, "students must be told that hidden checks run at grading time"


@pytest.mark.parametrize("assignment_id", IDS)
def test_public_checks_pass_on_the_solutions(runs, assignment_id):
    code, output, outcomes = runs["solutions", assignment_id]
    assert code == 0, output
    assert outcomes and not any(outcomes.values())
    assert HIDDEN_NOTE in output


@pytest.mark.parametrize("assignment_id", IN_PLACE_IDS)
def test_public_checks_accept_correct_code_that_updates_config_in_place(runs, assignment_id):
    code, output, _ = runs["in_place", assignment_id]
    assert code == 0, output


@pytest.mark.parametrize("assignment_id", IDS)
def test_a_broken_cell_does_not_stop_the_other_checks(runs, assignment_id):
    """One graded function's cell raises before defining it; magics and a syntax error are in the notebook too."""
    code, output, outcomes = runs["broken", assignment_id]
    name = broken_notebook(assignment_id)[1]
    assert code == 1, output
    failed = {test: text for test, text in outcomes.items() if text}
    passed = [test for test, text in outcomes.items() if not text]
    assert failed and passed, outcomes
    for test, text in failed.items():
        assert f"`{name}` is not defined" in text and "RuntimeError: a typo above the function" in text, (test, text)


def test_selfcheck_runs_the_public_checks(capfd):
    assignment_id = IDS[0]
    assert selfcheck.check(build.source_path(assignment_id)) == 0
    assert selfcheck.check(build.ROOT / "assignments" / assignment_id / f"{assignment_id}.ipynb") == 1
    assert HIDDEN_NOTE in capfd.readouterr().out
    assert selfcheck.assignment_of("somewhere/04_momentum/my copy.ipynb") == "04_momentum"
