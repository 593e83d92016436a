"""Submission files as they come from a class: huge saved outputs, links, pipes, devices, folders.

One real ``python -m autograder grade --json`` run over a folder of such files. A notebook grades
the same with or without its saved outputs; anything that is not a regular file in its own folder
is refused at once (a FIFO would hang the grader, ``/dev/zero`` never ends) with a clear reason,
never its target's content; and every record still lists every graded function at 0 points.
"""

import base64
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import solutions
from autograder.engine import load
from autograder.engine.load import SubmissionError, load_submission

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "01_gradient_descent"
CORRECT = ROOT / "tests" / "submissions" / ASSIGNMENT / "correct.ipynb"
OUTSIDE = Path("/etc/os-release")


def with_saved_outputs(notebook, megabytes):
    """``notebook`` with ``megabytes`` of outputs, as a run notebook keeps them: a plot, a long log."""
    nb = nbformat.from_dict(json.loads(json.dumps(notebook)))
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    picture = base64.b64encode(os.urandom(megabytes * 2**20 * 3 // 8)).decode()
    log = "".join(f"epoch {epoch}: loss {1 / (epoch + 1):.6f}\n" for epoch in range(megabytes * 2**20 // 48))
    code[0].outputs = [nbformat.v4.new_output("display_data", data={"image/png": picture, "text/plain": "<Figure>"})]
    code[-1].outputs = [nbformat.v4.new_output("stream", name="stdout", text=log)]
    code[-1].execution_count = 7
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Every kind of file in one class folder (and a twin pair in two), graded in one command."""
    base = tmp_path_factory.mktemp("files")
    folder = base / "class"
    folder.mkdir()
    cleared, saved = base / "cleared" / "twin.ipynb", base / "saved" / "twin.ipynb"
    cleared.parent.mkdir()
    saved.parent.mkdir()
    notebook = nbformat.read(CORRECT, as_version=4)
    nbformat.write(notebook, cleared)
    nbformat.write(with_saved_outputs(notebook, 30), saved)
    (folder / "correct.ipynb").write_bytes(CORRECT.read_bytes())
    (folder / "link_inside.ipynb").symlink_to("correct.ipynb")
    (folder / "link_outside.ipynb").symlink_to(OUTSIDE)
    (folder / "zeros.ipynb").symlink_to("/dev/zero")
    (folder / "pipe_to_itself.ipynb").symlink_to("pipe.py")
    os.mkfifo(folder / "pipe.py")
    (folder / "directory.ipynb").mkdir()
    files = [cleared, saved] + [folder / name for name in ("correct.ipynb", "link_inside.ipynb", "link_outside.ipynb",
                                                          "zeros.ipynb", "pipe.py", "pipe_to_itself.ipynb",
                                                          "directory.ipynb")]
    try:
        os.mknod(folder / "device.py", stat.S_IFCHR | 0o600, os.makedev(1, 5))  # what /dev/zero is
        files.append(folder / "device.py")
    except PermissionError:
        pass  # only root makes device nodes; the link to /dev/zero stands for it then
    out = base / "results.json"
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", "--assignment", ASSIGNMENT, "--jobs", "2",
                          "--json", str(out), *map(str, files)],
                         cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True,
                         timeout=240)
    assert run.returncode == 0, run.stdout + run.stderr
    records = json.loads(out.read_text())["submissions"]
    assert [record["submission"] for record in records] == list(map(str, files))
    return {"run": run, "by_path": {Path(record["submission"]).relative_to(base).as_posix(): record
                                    for record in records}}


def test_saved_outputs_do_not_count_a_notebook_grades_exactly_like_its_cleared_twin(graded):
    cleared, saved = graded["by_path"]["cleared/twin.ipynb"], graded["by_path"]["saved/twin.ipynb"]
    assert os.path.getsize(CORRECT) < 2**20 and cleared["score"] == cleared["max_score"] > 0
    assert {**saved, "submission": None} == {**cleared, "submission": None}


def test_a_link_inside_its_folder_is_read_like_the_file_itself(graded):
    by_path = graded["by_path"]
    assert by_path["class/link_inside.ipynb"]["error"] is None
    assert by_path["class/link_inside.ipynb"]["score"] == by_path["class/correct.ipynb"]["score"] > 0


@pytest.mark.parametrize("name, reason", [
    ("link_outside.ipynb", "a link to a file outside its folder"),
    ("zeros.ipynb", "a link to a file outside its folder"),
    ("pipe.py", "not a regular file but a named pipe"),
    ("pipe_to_itself.ipynb", "not a regular file but a named pipe"),
    ("directory.ipynb", "not a regular file but a folder"),
    ("device.py", "not a regular file but a device"),
])
def test_only_regular_files_are_read_and_every_function_is_listed_at_zero(graded, name, reason):
    if f"class/{name}" not in graded["by_path"]:
        pytest.skip("making a device node needs root")
    record = graded["by_path"][f"class/{name}"]
    assert reason in record["error"], record["error"]
    assert record["score"] == 0 and record["max_score"] == graded["by_path"]["class/correct.ipynb"]["max_score"]
    assert {test["function"] for test in record["tests"]} == set(solutions.load(ASSIGNMENT).__all__)
    assert all(test["score"] == 0 and reason in test["output"] for test in record["tests"])


def test_a_link_out_of_the_folder_shows_nothing_of_its_target(graded):
    secret = OUTSIDE.read_text().splitlines()[0]
    record = graded["by_path"]["class/link_outside.ipynb"]
    assert secret not in json.dumps(record) and secret not in graded["run"].stdout + graded["run"].stderr


def test_reads_stay_bounded_and_the_size_limit_is_on_code(tmp_path, monkeypatch):
    """A file is read up to a limit, outputs included; the code itself has its own limit."""
    monkeypatch.setattr(load, "MAX_FILE_BYTES", 2**20)
    monkeypatch.setattr(load, "MAX_CODE_BYTES", 2**16)
    huge = tmp_path / "huge.ipynb"
    nbformat.write(with_saved_outputs(nbformat.read(CORRECT, as_version=4), 2), huge)
    with pytest.raises(SubmissionError, match="larger than 1 MB, saved outputs included; clear the outputs"):
        load_submission(huge)
    code = tmp_path / "code.py"
    code.write_text("x = 1\n" * 2**14)
    with pytest.raises(SubmissionError, match="holds 0.0938 MB of code, more than the 0.0625 MB a submission may hold"):
        load_submission(code)
    notebook = tmp_path / "code.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("y = 2\n" * 2**14)]), notebook)
    with pytest.raises(SubmissionError, match="of code, more than"):
        load_submission(notebook)


def test_in_course_mode_a_pipe_or_a_folder_is_graded_zero_with_the_reason_and_the_class_finishes(tmp_path):
    """``grade --course`` over a class where one "notebook" is a FIFO (which would block a reader for
    ever) and one a folder: both are recorded at 0 with the reason, as nbgrader export shows them, and
    the honest student beside them keeps full marks."""
    from autograder.course import demo
    from nbgrader_commands import exported, grade_course

    course = demo.make_course(tmp_path / "course", [ASSIGNMENT])
    release = course / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    demo.write_submission(course, ASSIGNMENT, "ada", demo.sample_files(ASSIGNMENT)["ada"], release)
    for student, make in (("pip", os.mkfifo), ("dir", os.mkdir)):
        notebook = demo.write_submission(course, ASSIGNMENT, student, demo.sample_files(ASSIGNMENT)["ada"], release)
        notebook.unlink()
        make(notebook)

    output = grade_course(course, ASSIGNMENT).stdout
    grades = exported(course, "grades.csv", ASSIGNMENT)
    assert grades["ada"] == (10.0, 10.0)
    assert grades["pip"] == (0.0, 10.0) and grades["dir"] == (0.0, 10.0), output
    feedback = {student: (course / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
                for student in ("pip", "dir")}
    assert "named pipe" in feedback["pip"] and "folder" in feedback["dir"], output
    assert "named pipe" in output and "folder" in output, output
    for page in feedback.values():  # every graded function is listed, at 0
        assert all(f"<code>{function}</code>: 0 / " in page for function in solutions.load(ASSIGNMENT).__all__), page
