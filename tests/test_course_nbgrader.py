"""One grading path, whichever command the instructor types.

On one copy of the course with one class (the sample class's correct, partly wrong and stub
notebooks, an attacker, a student who edited and copied nbgrader cells, a student who saved plots
and HTML), the real commands run in turn: ``nbgrader autograde`` (the course's nbgrader_config.py puts
the sandboxed engine where nbgrader's Execute was), ``nbgrader export``, then ``python -m autograder
grade --course`` and ``nbgrader export`` again, and formgrader's Autograde button, clicked in
headless Chromium on a real Jupyter server. Each student gets the same score from every command, the attack scores
0, the tampered notebook is graded, and the autograded notebooks hold the student's own outputs and
the checks' report, never a stray score. About a minute and a half on a 2-core machine.
"""

import copy
import json
import subprocess
import sys

import nbformat
import pytest
from nbgrader_commands import browser, environment, exported, grade_course, jupyter, nbgrader

from autograder.course import demo
from autograder.course.gradebook import Course

ASSIGNMENT = "01_gradient_descent"
MAX_SCORE = 10
# a 1x1 PNG
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
# What issue 9 found: one cell that rewrites the points function the hidden test cells called in the kernel.
ATTACK = "import autograder.course.notebook as _n; _n.earned = lambda tests, points: points"


# --------------------------------------------------------------------------- the class

def by_id(nb, grade_id):
    return next(i for i, cell in enumerate(nb.cells) if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def answers(student, release):
    return demo.filled_in(nbformat.read(release, as_version=4),
                          demo.sample_files(ASSIGNMENT)[student].read_text(encoding="utf-8"))


def attacker(release):
    """Stubs only, and the attack that gave 10/10 through nbgrader autograde."""
    nb = answers("dee", release)
    nb.cells.insert(1, nbformat.v4.new_code_cell(ATTACK))
    return nb


def tampered(release):
    """Correct answers in a notebook whose nbgrader cells were copied, edited, made up and deleted."""
    nb = answers("ada", release)
    nb.cells.insert(by_id(nb, "test_dy_dx") + 1, copy.deepcopy(nb.cells[by_id(nb, "test_dy_dx")]))  # copy-paste
    del nb.cells[by_id(nb, "gradient_descent_1d")].metadata.nbgrader["schema_version"]
    nb.cells[by_id(nb, "test_gradient_descent_1d")].metadata.nbgrader["points"] = 100
    del nb.cells[by_id(nb, "test_update_factor")]
    made_up = nbformat.v4.new_code_cell("print('full marks please')")
    made_up.metadata["nbgrader"] = {"grade": True, "grade_id": "bonus", "points": 50, "solution": False,
                                    "locked": False, "schema_version": 3}
    nb.cells.append(made_up)
    return nb


def with_outputs(release):
    """Correct answers with the outputs the student saved: a plot, HTML with a script, forged test output."""
    nb = answers("ada", release)
    plot = nb.cells[by_id(nb, "gradient_descent_1d")]
    plot.outputs = [nbformat.v4.new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"}),
                    nbformat.v4.new_output("stream", name="stdout", text="x_final = -4.99995\n")]
    script = nb.cells[by_id(nb, "dy_dx")]
    script.outputs = [nbformat.v4.new_output("display_data", data={
        "text/html": "<script>fetch('/formgrader/api/grade/1', {method: 'PUT'})</script>",
        "application/javascript": "alert(1)"})]
    test = nb.cells[by_id(nb, "test_dy_dx")]
    test.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "2.0"}, execution_count=3)]
    return nb


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = demo.make_course(tmp_path_factory.mktemp("nbgrader-path") / "course", [ASSIGNMENT])
    release = course / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    samples = demo.sample_files(ASSIGNMENT)
    for student in ("ada", "ben", "dee", "fay"):
        demo.write_submission(course, ASSIGNMENT, student, samples[student], release)
    for student, make in (("mallory", attacker), ("tess", tampered), ("pia", with_outputs)):
        path = demo.write_submission(course, ASSIGNMENT, student, samples["ada"], release)
        nbformat.write(make(release), path)
    return course


def autograded(course, student):
    """The autograded notebook formgrader shows, or None when there is none."""
    path = course / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    return nbformat.read(path, as_version=4) if path.exists() else None


def grades(course, student):
    """{grade_id: (auto_score, needs_manual_grade)} of the student's submission in the gradebook."""
    with Course(course).gradebook() as gb:
        notebook = gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, student)
        return {grade.name: (grade.auto_score, grade.needs_manual_grade) for grade in notebook.grades}


@pytest.fixture(scope="module")
def nbgrader_run(course):
    """``nbgrader autograde`` of the whole class, as an instructor types it: export, autograded notebooks."""
    nbgrader("generate_assignment", ASSIGNMENT, "--force", cwd=course)
    result = nbgrader("autograde", ASSIGNMENT, "--force", cwd=course, check=False)
    scores = exported(course, "nbgrader.csv", ASSIGNMENT)
    return {"result": result, "scores": scores, "grades": {s: grades(course, s) for s in scores},
            "notebooks": {s: autograded(course, s) for s in scores}}


@pytest.fixture(scope="module")
def course_run(course, nbgrader_run):
    """Then ``python -m autograder grade --course`` of the same class."""
    result = grade_course(course, ASSIGNMENT)
    scores = exported(course, "course.csv", ASSIGNMENT)
    return {"result": result, "scores": scores, "grades": {s: grades(course, s) for s in scores},
            "notebooks": {s: autograded(course, s) for s in scores}}


def test_nbgrader_autograde_grades_with_the_engine_like_grade_course(nbgrader_run, course_run):
    """9.6: the same score per student from both commands; full, partial and zero marks where expected."""
    fast, slow = course_run["scores"], nbgrader_run["scores"]
    assert fast["ada"] == slow["ada"] == (MAX_SCORE, MAX_SCORE)
    assert 0 < fast["ben"][0] < MAX_SCORE and fast["dee"][0] == 0
    for student in ("ada", "ben", "dee", "mallory", "tess", "pia"):
        assert slow[student] == fast[student], student
        assert nbgrader_run["grades"][student] == course_run["grades"][student], student


def test_the_attack_on_the_kernel_scores_nothing_through_nbgrader_autograde(nbgrader_run, course_run):
    """9.6: the notebook never runs in a kernel beside the checks, so rewriting them is only a failing cell."""
    assert nbgrader_run["scores"]["mallory"] == (0, MAX_SCORE)
    assert course_run["scores"]["mallory"] == (0, MAX_SCORE)


def test_a_tampered_notebook_is_graded_by_both_commands(nbgrader_run, course_run):
    """8.7: copied, edited, made-up and deleted nbgrader cells are restored from the gradebook and the
    engine's score recorded; no grade is left empty or waiting for a manual grade."""
    for run in (nbgrader_run, course_run):
        assert run["scores"]["tess"] == (MAX_SCORE, MAX_SCORE)
        assert set(run["grades"]["tess"]) == set(run["grades"]["ada"])
        assert all(score is not None and not manual for score, manual in run["grades"]["tess"].values())
        nb = run["notebooks"]["tess"]
        assert [c.metadata.nbgrader["grade_id"] for c in nb.cells if "nbgrader" in c.metadata].count("test_dy_dx") == 1
        assert "Hidden checks of update_factor: 1 / 1" in nb.cells[by_id(nb, "test_update_factor")].outputs[0].text


def shown_in_formgrader(course, student):
    """What formgrader's submission list shows (nbgrader's API, as the formgrader extension calls it)."""
    script = ("from nbgrader.apps import NbGraderAPI\nfrom autograder.course.gradebook import course_config\n"
              "import json\napi = NbGraderAPI(config=course_config('.'))\n"
              f"print(json.dumps(api.get_submission({ASSIGNMENT!r}, {student!r})))\n")
    return json.loads(subprocess.run([sys.executable, "-c", script], cwd=course, env=environment(),
                                     capture_output=True, text=True, check=True, timeout=120).stdout)


def test_an_unreadable_upload_is_graded_as_zero_with_the_reason(course, nbgrader_run, course_run):
    """8.7: after either command formgrader shows it autograded, 0 like the export, the reason under each
    test cell."""
    for run in (nbgrader_run, course_run):
        assert run["scores"]["fay"] == (0, MAX_SCORE)
        assert all(score == 0 and not manual for score, manual in run["grades"]["fay"].values())
        test_cells = [c for c in run["notebooks"]["fay"].cells if c.metadata.get("nbgrader", {}).get("grade")]
        assert len(test_cells) == 4
        assert all("could not be graded: not a readable notebook" in c.outputs[0].text for c in test_cells)
    assert nbgrader_run["result"].returncode == 0, nbgrader_run["result"].stderr
    shown = shown_in_formgrader(course, "fay")
    assert shown["autograded"] and not shown["needs_manual_grade"] and shown["score"] == 0


def test_autograded_notebooks_keep_the_students_outputs_and_no_stray_score(nbgrader_run, course_run):
    """13.3: the saved plot stays, marked as the student's; HTML and JavaScript do not (formgrader would run
    them in the instructor's page); under each test cell only the checks' report, whatever was saved there."""
    for run in (nbgrader_run, course_run):
        nb = run["notebooks"]["pia"]
        plot = nb.cells[by_id(nb, "gradient_descent_1d")]
        assert plot.outputs[0].data["image/png"] == PNG and plot.outputs[1].text == "x_final = -4.99995\n"
        assert plot.metadata["autograder"] == {"outputs": "as submitted"}
        assert nb.cells[by_id(nb, "dy_dx")].outputs == []
        for student, notebook in run["notebooks"].items():
            for cell in notebook.cells:
                if cell.metadata.get("nbgrader", {}).get("grade"):
                    # the report, and the grader's picture of a failing result where one teaches
                    kinds = [o.output_type for o in cell.outputs]
                    assert kinds in (["stream"], ["stream", "display_data"]), (student, cell.metadata.nbgrader)
                    assert cell.outputs[0].text.startswith(("Hidden checks of", "The submission could not"))
                    assert kinds == ["stream"] or set(cell.outputs[1].data) == {"image/png", "text/plain"}
        assert run["grades"]["pia"] == run["grades"]["ada"]


def test_formgraders_autograde_button_grades_with_the_engine(course, nbgrader_run, course_run):
    """9.6: formgrader's Autograde button, clicked in a real browser on a real Jupyter server in the course."""
    with jupyter(course, app="lab") as call, browser(call.headers) as page:
        page.goto(call.url(f"/formgrader/manage_submissions/{ASSIGNMENT}"))
        for student in ("mallory", "fay", "ben"):
            row = page.locator("tr", has=page.locator(f"td:text-is('{student}')"))
            row.locator(".glyphicon-flash").click()
            page.wait_for_selector("#success-modal, #error-modal", timeout=300_000)
            assert page.locator("#error-modal").count() == 0, page.inner_text("#error-modal")
            page.locator("#success-modal .modal-footer button").click()
            page.wait_for_selector("#success-modal", state="detached")
            shown = call("GET", f"/formgrader/api/submission/{ASSIGNMENT}/{student}")
            assert (shown["score"], shown["max_score"]) == course_run["scores"][student], student
            assert shown["autograded"] and not shown["needs_manual_grade"]
        assert page.errors == []


@pytest.mark.parametrize("late", [True, False], ids=["late", "on_time"])
def test_the_course_kernelspec_and_late_penalty_passes_record_what_nbgraders_record(tmp_path, late):
    """The course's OverwriteKernelspec and AssignLatePenalties (the run's gradebook, not one per submission):
    ``grade --course`` of a late student whose notebook names another kernel, and of one on time, records the
    penalty (nbgrader's late-submission plugin, penalty "zero") and the kernelspec that nbgrader's own record."""
    import datetime

    kernelspecs, penalties = [], []
    for own in (True, False):
        course = demo.make_course(tmp_path / f"own-{own}" / "course", [ASSIGNMENT])
        config = course / "nbgrader_config.py"
        text = config.read_text(encoding="utf-8")
        if not own:
            text = text.replace("autograder.course.gradebook.OverwriteKernelspec",
                                "nbgrader.preprocessors.OverwriteKernelspec").replace(
                "autograder.course.gradebook.AssignLatePenalties", "nbgrader.preprocessors.AssignLatePenalties")
        config.write_text(text + '\nc.LateSubmissionPlugin.penalty_method = "zero"\n', encoding="utf-8")
        graded = Course(course)
        assert [type(step).__module__.startswith("autograder") for step in graded.sanitize_pass + graded.autograde_pass
                if type(step).__name__ in ("OverwriteKernelspec", "AssignLatePenalties")] == [own, own]
        graded.ensure_assignment(ASSIGNMENT)
        with graded.gradebook() as gb:
            gb.update_or_create_assignment(ASSIGNMENT, duedate=datetime.datetime(2026, 11, 1, 12, 0))
        release = course / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        path = demo.write_submission(course, ASSIGNMENT, "ada", demo.sample_files(ASSIGNMENT)["ada"], release)
        nb = nbformat.read(path, as_version=4)
        nb.metadata["kernelspec"] = {"name": "someone-elses", "display_name": "Another kernel", "language": "python"}
        nbformat.write(nb, path)
        (path.parent / "timestamp.txt").write_text("2026-11-02 12:00:00" if late else "2026-10-30 12:00:00")
        grade_course(course, ASSIGNMENT)
        kernelspecs.append(autograded(course, "ada").metadata["kernelspec"])
        with Course(course).gradebook() as gb:
            submission = gb.find_submission(ASSIGNMENT, "ada")
            penalties.append((submission.score, submission.late_submission_penalty))
    assert kernelspecs[0] == kernelspecs[1] == nbformat.read(release, as_version=4).metadata["kernelspec"]
    assert penalties[0] == penalties[1] == ((MAX_SCORE, MAX_SCORE) if late else (MAX_SCORE, 0))


def test_the_course_overwrite_cells_restores_what_nbgrader_restores(course):
    """The course's OverwriteCells (the assignment's cells read once) leaves a notebook whose locked cells a
    student edited and retyped exactly as nbgrader's own OverwriteCells leaves it: as released."""
    import nbgrader.preprocessors

    from autograder.course import gradebook

    release = course / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    given = nbformat.read(release, as_version=4)
    nb = answers("ada", release)
    tests = [i for i, cell in enumerate(nb.cells) if cell.metadata.get("nbgrader", {}).get("locked")]
    assert len(tests) >= 2, "the release has locked test cells"
    nb.cells[tests[0]].source = "assert True  # the student's own test"
    nb.cells[tests[1]] = nbformat.v4.new_markdown_cell(nb.cells[tests[1]].source + "\n\nchanged",
                                                       metadata=nb.cells[tests[1]].metadata)
    graded = Course(course)
    graded.ensure_assignment(ASSIGNMENT)
    stock = [nbgrader.preprocessors.OverwriteCells(config=graded.config)
             if isinstance(step, gradebook.OverwriteCells) else step for step in graded.sanitize_pass]
    assert stock != graded.sanitize_pass, "the course's configuration uses the course's OverwriteCells"
    ours, _ = graded._run(graded.sanitize_pass, copy.deepcopy(nb), graded._resources(ASSIGNMENT, "tess"))
    theirs, _ = graded._run(stock, copy.deepcopy(nb), graded._resources(ASSIGNMENT, "tess"))
    assert ours == theirs
    for index in tests[:2]:
        assert (ours.cells[index].cell_type, ours.cells[index].source) == (given.cells[index].cell_type,
                                                                            given.cells[index].source)
