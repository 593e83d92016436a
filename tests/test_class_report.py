"""The class report of ``python -m autograder grade --course``: the page in a real browser (headless
Chromium through Playwright) and the CSV, on a class whose submissions are right, wrong with known
mistakes, unreadable, endless, crashing and hostile to the page itself."""

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.course import class_report, demo
from autograder.engine.checking import CheckFailed

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = demo.ASSIGNMENT
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
INJECTED = "<script>throw new Error('injected by a submission')</script>"
# students beyond the sample class: Ada's answers with one function replaced
EXTRA = {
    "gus": ("update_factor", "def update_factor(lr, curvature):\n    while curvature != 2.0:\n        pass\n"
                             "    return 1.0 - lr * curvature"),
    "hal": ("update_factor", "def update_factor(lr, curvature):\n    import os\n    os._exit(3)"),
    "ivy": ("dy_dx", f"raise RuntimeError({INJECTED!r})"),
}


def ada_but(function, source):
    """Ada's file (the sample class's percent format) with ``function``'s section replaced by ``source``."""
    sections = demo.sections(demo.sample_files()["ada"].read_text(encoding="utf-8"))
    sections[function] = source
    return "".join(f"# %% {name}\n{body}\n\n" for name, body in sections.items())


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The sample class plus EXTRA, graded with the real command; its output and the report's paths."""
    base = tmp_path_factory.mktemp("class-report")
    course = demo.make_course(base / "course", [ASSIGNMENT])
    release = course / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    for student, path in demo.sample_files().items():
        demo.write_submission(course, ASSIGNMENT, student, path, release)
    for student, (function, source) in EXTRA.items():
        answers = base / f"{student}.py.txt"
        answers.write_text(ada_but(function, source), encoding="utf-8")
        demo.write_submission(course, ASSIGNMENT, student, answers, release)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", "--course", str(course),
                          "--assignment", ASSIGNMENT], cwd=course, env=env, capture_output=True, text=True,
                         timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    page, table = class_report.paths(course, ASSIGNMENT)
    return {"run": run, "page": page, "csv": table, "students": [*demo.sample_files(), *EXTRA]}


def test_the_command_prints_where_the_report_is(graded):
    assert graded["page"].is_file() and graded["csv"].is_file()
    assert str(graded["page"]) in graded["run"].stdout


def test_the_csv_has_a_row_per_student_and_check_with_the_named_mistakes(graded):
    with open(graded["csv"], newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    checks = {row["check"] for row in rows}
    assert len(rows) == len(graded["students"]) * len(checks)
    by_student = {student: [row for row in rows if row["student"] == student] for student in graded["students"]}
    assert all(row["status"] == "passed" for row in by_student["ada"])
    assert {row["mistake"] for row in by_student["ben"] if row["function"] == "gradient_descent_1d"} == {
        "the last x not appended to the history (len(history) must be iterations + 1)"}
    assert {row["mistake"] for row in by_student["cy"] if row["mistake"]} == {
        "a sign error in the shift: 2*(x-5) instead of 2*(x+5)", "the curvature argument ignored (always 2.0)"}
    assert all(row["submission_error"].startswith("not a readable notebook") for row in by_student["fay"])
    # Gus's update_factor hangs unless curvature is 2 (classify_learning_rate calls it): two checks time out
    assert [row["function"] for row in by_student["gus"] if row["status"] == "timeout"] == [
        "update_factor", "classify_learning_rate"]
    assert sum(float(row["score"]) for row in by_student["gus"]) == 9
    assert {row["status"] for row in by_student["hal"] if row["function"] == "update_factor"} == {"failed"}


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("no chromium binary on PATH (Debian: apt-get install chromium); the page is not rendered")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_the_page_renders_in_chromium_with_the_figures_an_instructor_needs(graded, browser):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(graded["page"].as_uri())
    assert errors == []
    histogram = page.locator("#histogram")
    assert histogram.is_visible() and page.evaluate("document.getElementById('histogram').naturalWidth") > 0
    assert page.locator("#totals").inner_text().startswith(f"{len(graded['students'])} submissions")

    def row(table, first_cell):
        return page.locator(f"#{table} tr", has=page.locator("td", has_text=first_cell)).first.inner_text()

    assert re.search(r"\b4\s+[\d.]+\s+6 of 9 \(67%\)", row("functions", "gradient_descent_1d"))  # worth 4
    mistake = row("mistakes", "the last x not appended to the history")
    assert "gradient_descent_1d" in mistake and re.search(r"\b1\s+ben\b", mistake)
    assert "not a readable notebook" in row("unreadable", "fay")
    assert "update_factor" in row("timed-out", "gus") and "update_factor" in row("crashed", "hal")
    assert INJECTED in row("cell-errors", "ivy")  # shown as text, never run
    assert page.locator("#slowest tr").count() == 1 + class_report.SLOWEST
    assert page.locator("#slowest tr").nth(1).inner_text().split()[0] == "gus"  # two calls stopped after 5 s


def test_every_catalogued_mistake_reaches_the_class_report_and_the_verdict():
    import importlib

    import solutions
    from autograder.engine.checking import expect_close
    modules = [importlib.import_module(f"autograder.checks.{assignment}.mistakes") for assignment in solutions.ASSIGNMENTS]
    descriptions = [entry.description for module in modules for entry in vars(module).values()
                    if hasattr(entry, "description")]
    assert len(descriptions) > 50
    for description in descriptions:
        with pytest.raises(CheckFailed) as failure:
            expect_close([1.0, 2.0], [3.0, 1.0], call="f()", mistakes={description: [1.0, 2.0]})
        assert failure.value.mistake == description
        assert description in failure.value.finding.sentence and description not in str(failure.value)
    # a message is never read for a mistake: only what the check passes is one
    assert CheckFailed("f(1) returned 2. This is what you get with 2.0 but 3.0 is expected.").mistake is None
