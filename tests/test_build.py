"""The build: solutions -> source notebooks -> release. Nothing stale, nothing leaked, idempotent."""

import os
import re
import shutil
import subprocess
import sys
import textwrap

import nbformat
import pytest

import solutions
from autograder.course import build
from autograder.course.notebook import function_points

IDS = build.assignment_ids()


@pytest.fixture(scope="module")
def expected():
    """Every generated file as the build would write it now (one nbgrader run for all assignments)."""
    return build.expected_files()


def release_notebook(assignment_id):
    return nbformat.read(build.ROOT / "assignments" / assignment_id / f"{assignment_id}.ipynb", as_version=4)


def cells_by_grade_id(nb):
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells if "grade_id" in c.metadata.get("nbgrader", {})}


def test_all_eight_assignments_have_source_notebooks():
    assert IDS == list(solutions.ASSIGNMENTS)


def test_committed_notebooks_and_release_are_not_stale(expected):
    stale = build.stale_files(expected)
    assert not stale, f"stale (run `python -m autograder build`): {stale}"


@pytest.mark.parametrize("assignment_id", IDS)
def test_release_has_the_public_checks(expected, assignment_id):
    folder = f"assignments/{assignment_id}/"
    assert {f"{folder}conftest.py", f"{folder}test_{assignment_id}.py", f"{folder}{assignment_id}.ipynb"} <= set(expected)


@pytest.mark.parametrize("assignment_id", IDS)
def test_source_notebook_has_one_solution_and_one_test_cell_per_graded_function(assignment_id):
    nb = nbformat.read(build.source_path(assignment_id), as_version=4)
    cells = cells_by_grade_id(nb)
    for name in solutions.load(assignment_id).__all__:
        assert cells[name].metadata["nbgrader"]["solution"], f"{assignment_id}: {name} is not a solution cell"
        test = cells.get(f"test_{name}")
        assert test is not None, f"{assignment_id}: no visible test cell test_{name}"
        meta = test.metadata["nbgrader"]
        assert meta["grade"] and meta["locked"] and meta["points"] > 0, f"{assignment_id}: test_{name} {meta}"
    assert not any(cell.outputs for cell in nb.cells if cell.cell_type == "code"), "committed with outputs"


@pytest.mark.parametrize("assignment_id", IDS)
def test_release_stubs_hold_no_solution_code(assignment_id):
    """Each graded function's cell in the release is its signature, docstring and nbgrader's stub."""
    cells = cells_by_grade_id(release_notebook(assignment_id))
    bodies = build.solution_bodies(assignment_id)
    for name, body in bodies.items():
        released = cells[name].source
        assert "raise NotImplementedError()" in released, f"{assignment_id}: {name} has no stub"
        assert "### BEGIN SOLUTION" not in released and "### END SOLUTION" not in released
        body_lines = {line.strip() for line in body if line.strip() and not line.strip().startswith("#")}
        kept = [line for line in released.splitlines() if line.strip() in body_lines]
        assert not kept, f"{assignment_id}: the released {name} cell keeps solution lines {kept}"


@pytest.mark.parametrize("assignment_id", IDS)
def test_release_leaks_no_solution_or_hidden_tests(expected, assignment_id):
    assert build.leaks(assignment_id, expected) == []
    for path, text in expected.items():
        if path.startswith(f"assignments/{assignment_id}/"):
            assert "BEGIN HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text, path


def test_leak_check_catches_a_release_with_solutions(expected):
    """Releasing the source notebook itself (solutions included) must be reported."""
    assignment_id = IDS[0]
    leaky = dict(expected)
    leaky[f"assignments/{assignment_id}/{assignment_id}.ipynb"] = expected[f"source/{assignment_id}/{assignment_id}.ipynb"]
    problems = build.leaks(assignment_id, leaky)
    assert any("BEGIN SOLUTION" in p for p in problems) and any("leaks solution" in p for p in problems), problems


def test_leak_check_catches_code_of_a_later_assignment(expected):
    """01 must not give students 02's answers, not even in a provided cell; 08 may provide 03's minibatches."""
    first, second = IDS[0], IDS[1]
    later_function = solutions.load(second).__all__[1]
    cell = build.provided(later_function)
    cell.source = build.full_source(getattr(solutions, later_function))
    files = dict(expected)
    for path in (f"source/{first}/{first}.ipynb", f"assignments/{first}/{first}.ipynb"):
        nb = nbformat.reads(expected[path], as_version=4)
        nb.cells.append(cell)
        files[path] = build.notebook_text(nb)
    problems = build.leaks(first, files)
    assert any(p.startswith(f"assignments/{first}/{first}.ipynb leaks") for p in problems), problems


def test_the_build_refuses_nbgrader_hidden_tests(tmp_path):
    """They would run in the student's kernel: the hidden checks belong in autograder/checks/."""
    assignment_id = IDS[0]
    root = copy_course(tmp_path)
    path = build.source_path(assignment_id, root)
    nb = nbformat.read(path, as_version=4)
    test_cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade"))
    test_cell.source += "\n### BEGIN HIDDEN TESTS\nassert secret_value_for_the_test == 42\n### END HIDDEN TESTS"
    nbformat.write(nb, path)
    messages = []
    assert build.build(root, check=True, ids=[assignment_id], out=messages.append) == 1
    assert any("BEGIN HIDDEN TESTS" in m and f"autograder/checks/{assignment_id}/hidden.py" in m for m in messages), messages


def test_solution_source_marks_bodies_after_the_docstring():
    def example(x):
        """Doc."""
        y = x + 1
        return y

    class Example:
        """A class."""

        def method(self):
            """Method doc."""
            return 1

    # Defined here, they belong to this module already. Reassigning a class's __module__ would
    # drop its __firstlineno__ on Python 3.13, and inspect.getsource needs it to find the class.
    assert build.solution_source(example) == textwrap.dedent('''\
        def example(x):
            """Doc."""
            ### BEGIN SOLUTION
            y = x + 1
            return y
            ### END SOLUTION
        ''')
    marked = build.solution_source(Example)
    assert re.search(r'"""Method doc."""\n +### BEGIN SOLUTION\n +return 1\n +### END SOLUTION', marked), marked


def copy_course(tmp_path, parts=("source", "assignments")):
    """A copy of the course's build inputs and outputs, to build in without touching the repository."""
    for name in parts:
        shutil.copytree(build.ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns(*build.IGNORED_RELEASE_PARTS))
    shutil.copy(build.ROOT / "nbgrader_config.py", tmp_path)
    return tmp_path


def snapshot(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_build_twice_changes_nothing_and_check_finds_stale_notebooks(tmp_path):
    root = copy_course(tmp_path)
    ids = IDS[:2]  # two assignments keep this test quick; the staleness test above covers all
    beside = [build.source_path(ids[0], root).with_name(name) for name in build.public_files(ids[0])]
    for path in beside:  # as in a fresh clone: the public checks beside a source notebook are not committed
        path.unlink(missing_ok=True)
    messages = []
    assert build.build(root, check=True, ids=ids, out=messages.append) == 0, messages
    assert build.build(root, ids=ids, out=messages.append) == 0, messages
    assert all(path.read_text(encoding="utf-8") == (root / "assignments" / ids[0] / path.name).read_text(encoding="utf-8")
               for path in beside), messages
    first = snapshot(root)
    assert build.build(root, ids=ids, out=messages.append) == 0, messages
    assert snapshot(root) == first, "a second build changed files"  # and --check above passed already

    # a hand edit of a solution cell (the source of truth is solutions/) is stale
    path = build.source_path(ids[0], root)
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution"))
    cell.source += "\n# edited by hand"
    nbformat.write(nb, path)
    messages = []
    assert build.build(root, check=True, ids=ids, out=messages.append) == 1
    assert any(f"stale: source/{ids[0]}/{ids[0]}.ipynb" in m for m in messages), messages
    assert build.build(root, ids=ids, out=messages.append) == 0
    assert snapshot(root) == first, "the build did not restore the notebook"

    # a file in a release that the build did not write (a student's notes) is reported and kept
    notes = root / "assignments" / ids[0] / "notes.txt"
    notes.write_text("hand-made", encoding="utf-8")
    for check in (True, False):
        messages = []
        assert build.build(root, check=check, ids=ids, out=messages.append) == 1
        assert any(m.startswith(f"edited: assignments/{ids[0]}/notes.txt") for m in messages), messages
        assert notes.read_text(encoding="utf-8") == "hand-made"
    notes.unlink()
    assert snapshot(root) == first


def test_no_command_overwrites_a_release_notebook_a_student_edited(tmp_path):
    """The README's student section, then its Quick start and the instructor's build, in one folder."""
    root = copy_course(tmp_path, ("autograder", "solutions", "source", "assignments"))
    assignment_id = IDS[0]
    notebook = root / "assignments" / assignment_id / f"{assignment_id}.ipynb"
    released = notebook.read_text(encoding="utf-8")
    work = nbformat.read(notebook, as_version=4)
    answer = next(c for c in work.cells if c.metadata.get("nbgrader", {}).get("solution"))
    answer.source = answer.source.replace("raise NotImplementedError()", "return 2 * (x + 5)  # my answer")
    work.cells.append(nbformat.v4.new_markdown_cell("My notes on the learning rate."))
    nbformat.write(work, notebook)
    student_work = notebook.read_bytes()

    def command(*args):
        return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=root, capture_output=True, text=True,
                              env=dict(os.environ, PYTHONPATH=str(root)), timeout=600)

    demo_run = command("demo")
    assert demo_run.returncode == 0, demo_run.stdout + demo_run.stderr
    assert notebook.read_bytes() == student_work
    edited = f"edited: assignments/{assignment_id}/{assignment_id}.ipynb differs from what the build last generated"
    for args in (("build", "--check"), ("build",)):
        run = command(*args)
        assert run.returncode == 1 and edited in run.stdout, run.stdout + run.stderr
        assert f"stale: assignments/{assignment_id}/{assignment_id}.ipynb" not in run.stdout
        assert notebook.read_bytes() == student_work
    # as the message says: the student's file moved out, the build releases the new version
    mine = root / "mine.ipynb"
    notebook.rename(mine)
    run = command("build")
    assert run.returncode == 0, run.stdout + run.stderr
    assert notebook.read_text(encoding="utf-8") == released and mine.read_bytes() == student_work


def test_build_reports_a_missing_solution_cell(tmp_path):
    root = copy_course(tmp_path)
    assignment_id = IDS[0]
    path = build.source_path(assignment_id, root)
    nb = nbformat.read(path, as_version=4)
    first = solutions.load(assignment_id).__all__[0]
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != first]
    nbformat.write(nb, path)
    messages = []
    assert build.build(root, check=True, ids=[assignment_id], out=messages.append) == 1
    assert any(f"no solution cell for {first}" in m for m in messages), messages


@pytest.mark.parametrize("assignment_id", IDS)
def test_each_test_cell_is_worth_its_functions_hidden_checks(assignment_id):
    """Each test_<F> cell, in the source and the release, is worth the points of F's checks (the grader's
    maximum), and no cell imports the grader into the student's kernel."""
    points = function_points(assignment_id)
    for nb in (nbformat.read(build.source_path(assignment_id), as_version=4), release_notebook(assignment_id)):
        cells = cells_by_grade_id(nb)
        for name in solutions.load(assignment_id).__all__:
            assert cells[f"test_{name}"].metadata["nbgrader"]["points"] == points[name], f"{assignment_id} {name}"
        assert not any("autograder" in c.source or "HIDDEN" in c.source for c in nb.cells if c.cell_type == "code")
