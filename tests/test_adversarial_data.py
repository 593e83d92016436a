"""Hostile data, graded through the real CLI: what a submission sends is bounded and checked,
and what it says about its own side effects earns nothing.

Each hostile submission is a file of ``tests/corpus/`` with a hostile part from
``tests/submissions/data/`` appended, so its score can be compared with the same code
without the hostile part:

- ``patch_sandbox.py`` patches the sandbox side (the driver ``call_catching``, the request
  handler, the encoder, the socket writer, ``isinstance``) to report arguments unchanged and
  invalid input as ValueError. Appended to buggy files (a mutating adagrad, gd_with_schedule,
  numerical_gradient, and functions that never raise ValueError), it must not change a score.
- ``forged_frames.py``: gd_with_schedule writes its own answer to the sandbox's socket (the
  right result, x0 as it was before) and ends the process: no patching, and it earns nothing.
- ``poisoned_config.py``: adagrad returns a config whose hyper-parameters are shaped
  (16384, 1, 1) and (16384, 1) (8 GiB once the reference broadcasts them).
- ``wire_bomb.py``: adagrad and rmsprop answer with frames whose array entries all point
  at the same 1 MiB (496 GiB and 3 GiB once decoded).

The poisoned config is also graded in course mode (``grade --course``), twice: both
students are recorded in the gradebook and the second run keeps them.

The grader runs with its address space capped at 3 GiB (honest grading needs less than 2),
so a grader that would ask for gigabytes fails here instead of taking the machine's memory.
"""

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
HOSTILE = ROOT / "tests" / "submissions" / "data"
GRADER_MEMORY = 3 * 2**30

# (assignment, corpus file, hostile part) -> the graded name
SUBMISSIONS = {
    ("05_adaptive_optimizers", "adagrad_in_place.py", "patch_sandbox.py"): "adagrad_in_place_patched.py",
    ("05_adaptive_optimizers", "correct.py", "poisoned_config.py"): "poisoned_config.py",
    ("05_adaptive_optimizers", "correct.py", "wire_bomb.py"): "wire_bomb.py",
    ("06_lr_schedules", "schedule_in_place.py", "patch_sandbox.py"): "schedule_in_place_patched.py",
    ("06_lr_schedules", "schedule_in_place.py", "forged_frames.py"): "schedule_in_place_forged.py",
    ("06_lr_schedules", "inverse_time_no_value_error.py", "patch_sandbox.py"): "no_value_error_patched.py",
    ("02_numerical_gradient", "gradient_not_restored_on_error.py", "patch_sandbox.py"): "not_restored_patched.py",
    ("02_numerical_gradient", "partial_no_value_error.py", "patch_sandbox.py"): "partial_patched.py",
}


def _cap_memory():
    resource.setrlimit(resource.RLIMIT_AS, (GRADER_MEMORY, resource.RLIM_INFINITY))


def _grade(folder, assignment, paths):
    out = folder / f"{assignment}.json"
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "AUTOGRADER_CALL_TIMEOUT": "10"}
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", "--assignment", assignment, "--jobs", "2",
                          "--json", str(out), *map(str, paths)], cwd=ROOT, env=environment, capture_output=True,
                         timeout=600, preexec_fn=_cap_memory)
    results = json.loads(out.read_text()) if out.exists() else {"submissions": []}
    return run, {Path(result["submission"]).name: result for result in results["submissions"]}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Every hostile submission and its corpus original, graded per assignment: (runs, results by name)."""
    folder = tmp_path_factory.mktemp("hostile-data")
    paths = {}
    for (assignment, original, hostile), name in SUBMISSIONS.items():
        (folder / assignment).mkdir(exist_ok=True)
        (folder / assignment / name).write_text((CORPUS / assignment / original).read_text()
                                                + (HOSTILE / hostile).read_text())
        files = paths.setdefault(assignment, {})
        files[original], files[name] = CORPUS / assignment / original, folder / assignment / name
    runs, results = {}, {}
    for assignment, files in paths.items():
        runs[assignment], by_name = _grade(folder, assignment, files.values())
        results.update({(assignment, name): result for name, result in by_name.items()})
    return runs, results


def _scores(result):
    totals = {}
    for test in result["tests"]:
        totals[test["function"]] = totals.get(test["function"], 0.0) + test["score"]
    return totals


def _outputs(result, function):
    return " | ".join(test["output"] for test in result["tests"] if test["function"] == function)


def test_every_run_finishes_and_records_every_submission(graded):
    runs, results = graded
    for assignment, run in runs.items():
        assert run.returncode == 0, run.stderr.decode(errors="replace")[-3000:]
    for (assignment, _, _), name in SUBMISSIONS.items():
        result = results[(assignment, name)]
        assert result["error"] is None, result
        errors = [test for test in result["tests"] if test["status"] == "error"]
        assert errors == [], errors  # no hostile value breaks a check or the grader


@pytest.mark.parametrize("assignment, original, name", [
    (assignment, original, name) for (assignment, original, hostile), name in SUBMISSIONS.items()
    if hostile == "patch_sandbox.py"])
def test_patching_the_sandbox_side_earns_nothing(graded, assignment, original, name):
    _, results = graded
    honest, patched = results[(assignment, original)], results[(assignment, name)]
    assert honest["score"] < honest["max_score"]  # the original loses points for a side effect
    assert _scores(patched) == _scores(honest), patched["tests"]


def test_answers_written_to_the_socket_by_the_submission_are_refused(graded):
    _, results = graded
    honest = results[("06_lr_schedules", "schedule_in_place.py")]
    forged = results[("06_lr_schedules", "schedule_in_place_forged.py")]
    assert _scores(forged) == _scores(honest), forged["tests"]
    assert "an answer the sandbox did not send" in _outputs(forged, "gd_with_schedule")


def test_a_poisoned_config_fails_its_check_and_nothing_else(graded):
    _, results = graded
    result = results[("05_adaptive_optimizers", "poisoned_config.py")]
    failed = [test for test in result["tests"] if test["score"] < test["max_score"]]
    assert [test["name"] for test in failed] == ["adagrad: the state in config (cache)"], result["tests"]
    assert "'learning_rate'" in failed[0]["output"] and "a hyper-parameter is a single number" in failed[0]["output"]
    assert _scores(result)["rmsprop"] == 3.5 and _scores(result)["adam"] == 4.0


def test_a_frame_that_decodes_to_gigabytes_fails_that_call_only(graded):
    _, results = graded
    result = results[("05_adaptive_optimizers", "wire_bomb.py")]
    scores = _scores(result)
    assert scores["adagrad"] == 0 and scores["rmsprop"] == 0 and scores["adam"] == 4.0, result["tests"]
    for function in ("adagrad", "rmsprop"):
        assert "more data than the grader reads from one call" in _outputs(result, function)
    assert "of structure, more than the 2 MB accepted" in _outputs(result, "adagrad")  # refused from its frame
    assert "the same bytes decoded twice" in _outputs(result, "rmsprop")


def test_course_mode_records_a_poisoned_submission_and_the_class_finishes(tmp_path):
    from autograder.course import demo
    from autograder.course.gradebook import Course
    assignment = "05_adaptive_optimizers"
    course = demo.make_course(tmp_path / "course", [assignment])
    release = course / "assignments" / assignment / f"{assignment}.ipynb"
    correct = (CORPUS / assignment / "correct.py").read_text()
    for student, code in (("ada", correct), ("mal", correct + (HOSTILE / "poisoned_config.py").read_text())):
        answers = tmp_path / f"{student}.py.txt"  # every function in the first solution cell
        answers.write_text(f"# %% adagrad\n{code}\n# %% rmsprop\npass\n# %% adam\npass\n")
        demo.write_submission(course, assignment, student, answers, release)
    command = [sys.executable, "-m", "autograder", "grade", "--course", str(course), "--assignment", assignment,
               "--jobs", "2"]
    for run_number in (1, 2):
        run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, preexec_fn=_cap_memory,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    assert "2 of 2 submissions unchanged since they were graded: kept" in run.stdout  # both were recorded
    assert Course(course).scores(assignment) == {"ada": (11.0, 11.0), "mal": (10.5, 11.0)}
    feedback = Course(course).feedback_file("mal", assignment).read_text()
    assert "a hyper-parameter is a single number" in feedback
