"""The nbgrader workflow end to end, with the real nbgrader commands, on a copy of the course.

generate_assignment -> release_assignment (the course copy's exchange) -> each student's fetch_assignment
and submit -> collect -> grading by both commands (``python -m autograder grade --course`` and
``nbgrader autograde``, both with the sandboxed engine) -> generate_feedback / release_feedback ->
export. The exported CSVs hold the expected scores (full marks, partial marks, zero) and both commands
agree student by student. One assignment, three students: about a minute on a 2-core machine.
"""

import nbformat
import pytest
from nbgrader_commands import assert_reads_in_one_pass, exported, grade_course, nbgrader

from autograder.course import demo

ASSIGNMENT = "01_gradient_descent"
COURSE_ID = "gradient-descent"
# students of the sample class (autograder/course/sample_class/01_gradient_descent/): correct, one mistake, stubs
STUDENTS = ("ada", "ben", "dee")
BEN_VERDICT = "This is what you get with the last x not appended to the history"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A copy of the course (config, built source and release of one assignment) with its own exchange."""
    return demo.make_course(tmp_path_factory.mktemp("e2e") / "course", [ASSIGNMENT])


def test_nbgrader_workflow_both_paths_agree(course):
    exchange = course / "exchange"
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

    # grade --course: the engine in parallel workers, into nbgrader's gradebook
    grade_course(course, ASSIGNMENT)
    fast_scores = exported(course, "fast.csv", ASSIGNMENT)
    for student in STUDENTS:
        page = course / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html"
        assert "dy_dx: the lecture" in page.read_text(encoding="utf-8")  # names each check
    assert_reads_in_one_pass((course / "feedback" / "ben" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text(encoding="utf-8"),
                             "gradient_descent_1d", BEN_VERDICT)
    nbgrader("release_feedback", ASSIGNMENT, cwd=course)
    assert len(list((exchange / COURSE_ID / "feedback").glob("*.html"))) == len(STUDENTS)

    # nbgrader's own autograde: the same engine, through the course's nbgrader_config.py
    nbgrader("autograde", ASSIGNMENT, "--force", cwd=course)
    slow_scores = exported(course, "nbgrader.csv", ASSIGNMENT)
    nbgrader("generate_feedback", ASSIGNMENT, "--force", cwd=course)
    # nbgrader's own page, made from the test cells: ben forgot the last x of the history
    assert_reads_in_one_pass((course / "feedback" / "ben" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text(encoding="utf-8"),
                             "gradient_descent_1d", BEN_VERDICT)
    nbgrader("release_feedback", ASSIGNMENT, cwd=course)

    assert fast_scores == slow_scores
    max_score = fast_scores["ada"][1]
    assert max_score == 10
    assert fast_scores["ada"][0] == max_score          # correct: full marks
    assert 0 < fast_scores["ben"][0] < max_score       # one known mistake: partial marks
    assert fast_scores["dee"][0] == 0                  # stubs only: zero
