"""``python -m autograder demo`` grades the bundled sample class into a course copy (the build step
is the build's own business and is skipped here so the test never writes into the repository)."""

import csv

from autograder import demo


def test_demo_grades_the_sample_class(tmp_path):
    lines = []
    assert demo.demo(output=tmp_path, build=False, out=lines.append) == 0
    course = tmp_path / "course"
    with open(course / "grades.csv", newline="") as handle:  # nbgrader export's CSV
        scores = {row["student_id"]: (float(row["score"]), float(row["max_score"])) for row in csv.DictReader(handle)}
    assert set(scores) == set(demo.sample_files())
    full = scores["ada"][1]
    assert scores["ada"] == (full, full)
    assert 0 < scores["ben"][0] < full and 0 < scores["cy"][0] < full and 0 < scores["eve"][0] < full
    assert scores["dee"][0] == 0 and scores["fay"][0] == 0
    for student in scores:
        assert (course / "feedback" / student / demo.ASSIGNMENT / f"{demo.ASSIGNMENT}.html").exists()
    assert (course / "autograded" / "ada" / demo.ASSIGNMENT / f"{demo.ASSIGNMENT}.ipynb").exists()
    assert any("where" in line or "grades (nbgrader export)" in line for line in lines)
