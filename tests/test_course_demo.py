"""``python -m autograder demo`` grades the bundled sample class into a course copy, and that course works
in nbgrader as it is: every next step the demo prints runs as printed, formgrader (a real JupyterLab)
lists the students by name and offers release and collect. The build step is the build's own business
and is skipped here so the test never writes into the repository."""

import re
import shlex

from nbgrader_commands import browser, jupyter, read_grades, run

from autograder.course import demo

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

    with jupyter(course, app=lab[1]) as call, browser(call.headers) as page:
        page.goto(call.url("/formgrader/manage_assignments"))
        page.wait_for_selector(f"td:has-text('{demo.ASSIGNMENT}')")
        assert page.locator("#warning-exchange, #warning-course-id").count() == 0  # release and collect offered
        page.goto(call.url(f"/formgrader/manage_submissions/{demo.ASSIGNMENT}"))
        for student, (first, last) in demo.NAMES.items():
            row = page.locator("tr", has=page.locator(f"td:text-is('{student}')"))
            row.wait_for()
            assert f"{last}, {first}" in row.inner_text() and "graded" in row.inner_text(), row.inner_text()
            score, most = scores[student]
            assert f"{score:g} / {most:g}" in row.inner_text()
        assert page.errors == []
        # the feedback page as the student opens it: ben's picture of the history is drawn
        page.goto((course / "feedback" / "ben" / demo.ASSIGNMENT / f"{demo.ASSIGNMENT}.html").as_uri())
        sizes = page.eval_on_selector_all("img", "images => images.map(image => image.naturalWidth)")
        assert len(sizes) == 1 and sizes[0] > 100, sizes
