"""The nbgrader workflow end to end, with the real nbgrader commands, on a copy of the course.

generate_assignment -> release_assignment (local exchange) -> each student's fetch_assignment and
submit -> collect -> grading by both paths (``python -m autograder grade --course`` and
``nbgrader autograde``) -> generate_feedback / release_feedback -> export. The exported CSVs hold
the expected scores (full marks, partial marks, zero) and both paths agree student by student.
One assignment, three students: about two minutes on a 2-core machine.
"""

import csv
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder import demo

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "01_gradient_descent"
COURSE_ID = "gradient-descent"
# students of the sample class (autograder/sample_class/01_gradient_descent/): correct, one mistake, stubs
STUDENTS = ("ada", "ben", "dee")


def nbgrader(*args, cwd, check=True):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=600)
    if check:
        assert result.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def exported(course, name):
    """``nbgrader export`` of the course: {student: (score, max_score)} for the assignment."""
    nbgrader("export", f"--to={name}", cwd=course)
    with open(course / name, newline="") as handle:
        return {row["student_id"]: (float(row["score"]), float(row["max_score"]))
                for row in csv.DictReader(handle) if row["assignment"] == ASSIGNMENT}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A copy of the course (config, built source and release of one assignment) and its exchange."""
    source = ROOT / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    if "### BEGIN HIDDEN TESTS" not in source.read_text(encoding="utf-8"):
        pytest.fail(f"{source} has no hidden test cells: run `python -m autograder build`")
    base = tmp_path_factory.mktemp("e2e")
    course = demo.make_course(base / "course", [ASSIGNMENT])
    exchange = base / "exchange"
    exchange.mkdir()
    with open(course / "nbgrader_config.py", "a") as config:
        config.write(f"\nc.Exchange.root = {str(exchange)!r}\n")
    return course


def test_nbgrader_workflow_both_paths_agree(course):
    exchange = course.parent / "exchange"
    nbgrader("generate_assignment", ASSIGNMENT, "--force", cwd=course)
    nbgrader("release_assignment", ASSIGNMENT, "--force", cwd=course)

    for student in STUDENTS:
        home = course.parent / "students" / student
        home.mkdir(parents=True)
        options = [f"--course={COURSE_ID}", f"--Exchange.root={exchange}"]
        nbgrader("fetch_assignment", ASSIGNMENT, *options, cwd=home)
        notebook = home / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        text = demo.sample_files(ASSIGNMENT)[student].read_text(encoding="utf-8")
        nbformat.write(demo.filled_in(nbformat.read(notebook, as_version=4), text), notebook)
        nbgrader("submit", ASSIGNMENT, *options, f"--student={student}", cwd=home)

    nbgrader("collect", ASSIGNMENT, cwd=course)
    assert sorted(p.name for p in (course / "submitted").iterdir()) == sorted(STUDENTS)

    # the fast path, into nbgrader's gradebook
    fast = subprocess.run([sys.executable, "-m", "autograder", "grade", "--course", str(course),
                           "--assignment", ASSIGNMENT], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert fast.returncode == 0, fast.stdout + fast.stderr
    fast_scores = exported(course, "fast.csv")
    for student in STUDENTS:
        page = course / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html"
        assert "dy_dx: the lecture" in page.read_text(encoding="utf-8")  # names each check
    nbgrader("release_feedback", ASSIGNMENT, cwd=course)
    assert len(list((exchange / COURSE_ID / "feedback").glob("*.html"))) == len(STUDENTS)

    # nbgrader's own autograde: the hidden test cells call the same checks in the kernel
    nbgrader("autograde", ASSIGNMENT, "--force", cwd=course)
    slow_scores = exported(course, "nbgrader.csv")
    nbgrader("generate_feedback", ASSIGNMENT, "--force", cwd=course)
    nbgrader("release_feedback", ASSIGNMENT, cwd=course)

    assert fast_scores == slow_scores
    max_score = fast_scores["ada"][1]
    assert max_score == 10
    assert fast_scores["ada"][0] == max_score          # correct: full marks
    assert 0 < fast_scores["ben"][0] < max_score       # one known mistake: partial marks
    assert fast_scores["dee"][0] == 0                  # stubs only: zero
