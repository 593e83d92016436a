"""``python -m autograder demo`` grades the bundled sample class into a course copy, and that course works
in nbgrader as it is: every next step the demo prints runs as printed, formgrader (a real JupyterLab)
lists the students by name and offers release and collect. The build step is the build's own business
and is skipped here so the test never writes into the repository."""

import re
import shlex

from nbgrader_commands import jupyter, read_grades, run

from autograder import demo

COURSE_ID = "gradient-descent"


def printed_next_steps(lines):
    """The commands the demo printed under "next, in the course folder (cd DIR):", and DIR."""
    text = "\n".join(lines)
    folder = re.search(r"^next, in the course folder \(cd (.+)\):$", text, re.MULTILINE)[1]
    block = text[text.index(folder + "):") + len(folder) + 2:].split("demo done")[0]
    return folder, [shlex.split(line.split("  #")[0]) for line in block.splitlines() if line.strip()]


def test_demo_grades_the_sample_class_and_its_next_steps_work_as_printed(tmp_path):
    lines = []
    assert demo.demo(output=tmp_path, build=False, out=lines.append) == 0
    course = tmp_path / "course"
    scores = read_grades(course / "grades.csv", demo.ASSIGNMENT)  # nbgrader export's CSV
    assert set(scores) == set(demo.sample_files())
    full = scores["ada"][1]
    assert scores["ada"] == (full, full)
    assert 0 < scores["ben"][0] < full and 0 < scores["cy"][0] < full and 0 < scores["eve"][0] < full
    assert scores["dee"][0] == 0 and scores["fay"][0] == 0
    for student in scores:
        assert (course / "feedback" / student / demo.ASSIGNMENT / f"{demo.ASSIGNMENT}.html").exists()
        assert (course / "autograded" / student / demo.ASSIGNMENT / f"{demo.ASSIGNMENT}.ipynb").exists()

    folder, steps = printed_next_steps(lines)
    assert folder == str(course.resolve())
    assert [step[:2] for step in steps] == [["nbgrader", "autograde"], ["nbgrader", "export"],
                                            ["nbgrader", "release_feedback"], ["jupyter", "lab"]]
    autograde, export, release_feedback, lab = steps
    run(autograde, course)
    run(export, course)
    assert read_grades(course / "grades.csv", demo.ASSIGNMENT) == scores  # nbgrader's autograde: the same grades
    run(release_feedback, course)
    released = list((course / "exchange" / COURSE_ID / "feedback").glob("*.html"))
    assert len(released) == len(scores)

    with jupyter(course, app=lab[1]) as call:
        page = call("GET", "/formgrader/")
        assert "warning-exchange" not in page and "warning-course-id" not in page
        names = {s["id"]: (s["first_name"], s["last_name"]) for s in call("GET", "/formgrader/api/students")}
        assert names == {student: demo.NAMES[student] for student in scores}
        shown = {s["student"]: s for s in call("GET", f"/formgrader/api/submissions/{demo.ASSIGNMENT}")}
        assert all(s["autograded"] and not s["needs_manual_grade"] for s in shown.values())
        assert {student: (s["score"], s["max_score"]) for student, s in shown.items()} == scores
