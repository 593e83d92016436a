"""Course mode resumes: a run stopped part-way grades nothing twice; a changed submission is graded again.

Runs the real command, ``python -m autograder grade --course DIR --assignment ID``, on a copy of
the course with three students from the demo's sample class, and kills the first run (the whole
process group, as a closed terminal would) after its first submission is recorded.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder.course import demo
from autograder.course.gradebook import Course

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "01_gradient_descent"


def grade_command(course, jobs=1):
    return [sys.executable, "-m", "autograder", "grade", "--course", str(course), "--assignment", ASSIGNMENT,
            "--jobs", str(jobs)]


def grade(course, jobs=1):
    result = subprocess.run(grade_command(course, jobs), cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def state(course):
    folder = course / ".grading-state" / ASSIGNMENT
    return {path.stem: json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))} if folder.exists() else {}


@pytest.fixture
def course(tmp_path):
    course = demo.make_course(tmp_path / "course", [ASSIGNMENT])
    release = course / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    for student in ("ada", "ben", "dee"):
        demo.write_submission(course, ASSIGNMENT, student, demo.sample_files(ASSIGNMENT)[student], release)
    return course


def test_a_stopped_run_resumes_and_a_changed_submission_is_graded_again(course):
    # 1. stop the first run as soon as one submission is graded and recorded
    process = subprocess.Popen(grade_command(course), cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 300
    while not any(entry["recorded"] for entry in state(course).values()):
        assert process.poll() is None, "the run ended before it could be stopped"
        assert time.monotonic() < deadline, "nothing was graded in time"
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    done = {student for student, entry in state(course).items() if entry["recorded"]}
    assert 1 <= len(done) < 3
    before = {student: (course / ".grading-state" / ASSIGNMENT / f"{student}.json").stat().st_mtime_ns
              for student in done}

    # 2. the next run grades only the rest
    output = grade(course)
    assert f"{len(done)} of 3 submissions unchanged since they were graded: kept" in output
    for student in done:
        assert (course / ".grading-state" / ASSIGNMENT / f"{student}.json").stat().st_mtime_ns == before[student]
    scores = Course(course).scores(ASSIGNMENT)
    assert sorted(scores) == ["ada", "ben", "dee"]
    assert scores["dee"][0] == 0 and scores["ada"][0] == scores["ada"][1]

    # 3. dee hands in again, now with ada's answers: only dee is graded again, and gets full marks
    release = course / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    demo.write_submission(course, ASSIGNMENT, "dee", demo.sample_files(ASSIGNMENT)["ada"], release)
    output = grade(course)
    assert "2 of 3 submissions unchanged since they were graded: kept" in output
    scores = Course(course).scores(ASSIGNMENT)
    assert scores["dee"] == scores["ada"]
    assert "dy_dx: the lecture" in Course(course).feedback_file("dee", ASSIGNMENT).read_text()


def test_the_checks_version_covers_the_problems_other_assignments_lend(tmp_path, monkeypatch):
    """04's checks hand student code 01's parabola_df: a change to it must re-grade 04 (in-process, on a copy)."""
    import shutil

    from autograder.course import class_grading
    package = tmp_path / "autograder"
    shutil.copytree(ROOT / "autograder" / "checks", package / "checks")
    shutil.copytree(ROOT / "autograder" / "engine", package / "engine")
    monkeypatch.setattr(class_grading, "PACKAGE", package)
    monkeypatch.setattr(class_grading, "ROOT", tmp_path)
    before = class_grading.checks_version("04_momentum")
    lent = package / "checks" / "01_gradient_descent" / "problems.py"
    lent.write_text(lent.read_text() + "\n# changed\n")
    assert class_grading.checks_version("04_momentum") != before


def test_a_timestamp_nbgrader_cannot_read_holds_back_that_submission_only(course):
    timestamp = course / "submitted" / "ben" / ASSIGNMENT / "timestamp.txt"
    timestamp.write_text("handed in on Tuesday\n", encoding="utf-8")
    result = subprocess.run(grade_command(course, jobs=2), cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ben: nbgrader could not record the result" in result.stderr
    assert {student: entry["recorded"] for student, entry in state(course).items()} == {
        "ada": True, "ben": False, "dee": True}
    assert [student for student in ("ada", "ben", "dee") if Course(course).feedback_file(student, ASSIGNMENT).exists()] \
        == ["ada", "dee"]

    # the timestamp mended, the next run records ben's result without grading anything again
    timestamp.write_text("2026-11-20 09:00:00.000000 UTC\n", encoding="utf-8")
    output = grade(course)
    assert "3 of 3 submissions unchanged since they were graded: kept" in output
    assert all(entry["recorded"] for entry in state(course).values())
    scores = Course(course).scores(ASSIGNMENT)
    assert scores["ben"][1] == scores["ada"][1] and Course(course).feedback_file("ben", ASSIGNMENT).exists()
