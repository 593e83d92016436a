"""Hostile submissions, graded through the real CLI: the rules of the grading path hold.

One ``python -m autograder grade --jobs 2 --json`` run grades every file of
``tests/submissions/01_gradient_descent/`` (copied to a temporary folder, so the sandbox
has to hide it); a second run grades ``tests/submissions/04_momentum/``, whose results
are structured ``(w, config)`` pairs that pretend to be right. Each hostile file attacks with some functions and gets
``gradient_descent_1d`` (4 of 10 points) right, so each test checks three things: no
forged points for the attacking functions, the honest function still graded in full,
and the grader alive with nothing left behind. Time limits are lowered through the
environment (AUTOGRADER_CALL_TIMEOUT/CELL_TIMEOUT) to keep the run short.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SUBMISSIONS = Path(__file__).resolve().parent / "submissions" / "01_gradient_descent"
ASSIGNMENT = "01_gradient_descent"
FUNCTIONS = {"dy_dx", "gradient_descent_1d", "update_factor", "classify_learning_rate"}
UNREADABLE = ["binary.py", "broken.ipynb", "empty.ipynb", "notes.txt"]
NEEDS_NAMESPACES = ["processes.py", "search.py"]  # unsafe (kills what it sees) or pointless without namespaces
STRAY_MARKER = b"7777."               # argument of every `sleep` the hostile files start


def _stray_processes():
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and STRAY_MARKER in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.fixture(scope="module")
def isolation_level():
    from autograder.sandbox import Zygote
    zygote = Zygote()
    try:
        return zygote.isolation["level"]
    finally:
        zygote.close()


@pytest.fixture(scope="module")
def graded(tmp_path_factory, isolation_level):
    """Grade every submission once; the results by file name, plus what the run left behind."""
    folder = tmp_path_factory.mktemp("submissions")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    connections = []
    threading.Thread(target=lambda: connections.append(listener.accept()), daemon=True).start()
    names = []
    for source in sorted(SUBMISSIONS.iterdir()):
        if source.name in NEEDS_NAMESPACES and isolation_level != "namespaces":
            continue
        data = source.read_bytes().replace(b"@PORT@", str(listener.getsockname()[1]).encode()) \
            .replace(b"@OUTSIDE@", str(folder).encode()).replace(b"@MARKER@", str(folder / "UNPICKLED").encode())
        (folder / source.name).write_bytes(data)
        names.append(source.name)
    run, results, by_name = _grade(folder, ASSIGNMENT, names)
    listener.close()
    return {"run": run, "json": results, "folder": folder, "connections": connections, "by_name": by_name}


def _grade(folder, assignment, names):
    out = folder / "out.json"
    environment = {**os.environ, "AUTOGRADER_CALL_TIMEOUT": "1", "AUTOGRADER_CELL_TIMEOUT": "2",
                   "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", "--assignment", assignment, "--jobs", "2",
                          "--json", str(out), *(str(folder / name) for name in names)],
                         cwd=ROOT, env=environment, capture_output=True, timeout=300)
    results = json.loads(out.read_text()) if out.exists() else {"submissions": []}
    return run, results, {Path(result["submission"]).name: result for result in results["submissions"]}


def _scores(result):
    totals = {}
    for test in result["tests"]:
        totals[test["function"]] = totals.get(test["function"], 0.0) + test["score"]
    return totals


def _maximum(graded):
    return _scores({"tests": [dict(test, score=test["max_score"])
                              for test in graded["by_name"]["correct.ipynb"]["tests"]]})


def test_grading_ran_and_every_function_is_reported(graded):
    run = graded["run"]
    assert run.returncode == 0, run.stderr.decode(errors="replace")[-3000:]
    assert set(graded["json"]) == {"assignment", "submissions"} and graded["json"]["assignment"] == ASSIGNMENT
    assert len(graded["by_name"]) == len(list((graded["folder"]).glob("*"))) - 1  # all but out.json
    for name, result in graded["by_name"].items():
        assert set(result) == {"submission", "score", "max_score", "error", "tests"}, name
        assert {test["function"] for test in result["tests"]} == FUNCTIONS, name
        assert result["max_score"] == sum(_maximum(graded).values()), name
        for test in result["tests"]:
            assert set(test) == {"name", "function", "score", "max_score", "status", "output"}
            assert test["status"] in {"passed", "failed", "error", "timeout"}
            assert test["status"] != "error", (name, test)  # no hostile input breaks a check itself


def test_the_run_says_which_isolation_was_in_force(graded, isolation_level):
    stderr = graded["run"].stderr.decode(errors="replace")
    assert "sandbox isolation: " + ("namespaces" if isolation_level == "namespaces" else "process only") in stderr


def test_correct_notebook_gets_full_marks_despite_magics_and_a_failing_cell(graded):
    result = graded["by_name"]["correct.ipynb"]
    assert result["score"] == result["max_score"] and result["error"] is None
    assert "NameError: name 'undefined_name' is not defined" in graded["run"].stdout.decode()


def test_cells_that_exit_crash_or_hang_cost_only_themselves(graded):
    result = graded["by_name"]["cells.ipynb"]
    assert result["score"] == result["max_score"]
    table = graded["run"].stdout.decode()
    for reported in ("SystemExit: bye", "ended the process", "did not finish within 2 s", "KeyboardInterrupt",
                     "Escape: out of here", "ZeroDivisionError"):
        assert reported in table


@pytest.mark.parametrize("name", UNREADABLE)
def test_unreadable_file_is_an_error_for_that_submission_only(graded, name):
    result = graded["by_name"][name]
    assert result["error"] and result["score"] == 0
    assert all(test["status"] == "failed" and "could not be read" in test["output"] for test in result["tests"])


# name -> the functions it gets right; every other function must score exactly 0
HOSTILE = {
    "values.py": {"gradient_descent_1d"},        # always-equal objects, lying ndarray, patched numpy/math/pytest
    "exits.py": {"gradient_descent_1d"},         # sys.exit, os._exit, KeyboardInterrupt, pickles to every fd
    "resources.py": {"gradient_descent_1d"},     # busy loop, sleep, reading stdin
    "output.py": {"gradient_descent_1d", "dy_dx"},  # 300 MB of output, bad UTF-8, fake results; memory bombs
    "processes.py": {"gradient_descent_1d", "classify_learning_rate"},  # daemons, fork storm, kill the grader
    "search.py": {"gradient_descent_1d"},        # disk, path, stack, gc, /proc, network, writes outside
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_submission_forges_nothing_and_its_honest_functions_count(graded, name, isolation_level):
    if name in NEEDS_NAMESPACES and isolation_level != "namespaces":
        pytest.skip("needs PID namespaces")
    result = graded["by_name"][name]
    scores, maximum = _scores(result), _maximum(graded)
    assert {function: scores[function] for function in HOSTILE[name]} == \
        {function: maximum[function] for function in HOSTILE[name]}, result["tests"]
    forged = {function: score for function, score in scores.items() if function not in HOSTILE[name] and score}
    assert forged == {}, result["tests"]


def test_failures_say_what_went_wrong_without_check_internals(graded):
    outputs = {name: " | ".join(test["output"] for test in result["tests"]) for name, result in graded["by_name"].items()}
    assert "did not finish within 1 seconds" in outputs["resources.py"]
    assert "raised EOFError" in outputs["resources.py"]
    assert "raised SystemExit" in outputs["exits.py"]
    assert "process ended" in outputs["exits.py"]
    assert "MemoryError" in outputs["output.py"]
    assert "cannot read" in outputs["values.py"]
    for text in outputs.values():
        assert "Traceback" not in text and "rtol" not in text and "def test_" not in text


def test_nan_wrong_shape_and_slow_results_are_judged_right(graded):
    result = graded["by_name"]["nan_shape_slow.py"]
    scores, maximum = _scores(result), _maximum(graded)
    assert scores["classify_learning_rate"] == maximum["classify_learning_rate"]  # slow but right
    assert scores["update_factor"] == 0
    assert scores["dy_dx"] < maximum["dy_dx"]
    outputs = " | ".join(test["output"] for test in result["tests"])
    assert "not finite" in outputs and "shape (1,)" in outputs


def test_nothing_unpickled_written_outside_or_connected(graded):
    folder = graded["folder"]
    assert not (folder / "UNPICKLED").exists()
    assert not (folder / "pwned.txt").exists()
    assert json.loads((folder / "out.json").read_text())["assignment"] == ASSIGNMENT
    assert not (ROOT / "pwned.txt").exists() and not Path("/tmp/pwned-by-submission.txt").exists()
    assert '"name": "dy_dx", "score": 2' not in (Path("/tmp/results.json").read_text()
                                                if Path("/tmp/results.json").exists() else "")
    assert graded["connections"] == []


def test_output_is_captured_and_capped(graded):
    assert len(graded["run"].stdout) < 100_000
    assert len(graded["run"].stderr) < 100_000


def test_nothing_outlives_the_submissions(graded):
    assert _stray_processes() == []


def test_structured_results_that_pretend_to_be_right_get_nothing(tmp_path):
    for source in (SUBMISSIONS.parent / "04_momentum").iterdir():
        shutil.copy(source, tmp_path / source.name)
    run, _, by_name = _grade(tmp_path, "04_momentum", ["correct.py", "structures.py"])
    assert run.returncode == 0, run.stderr.decode(errors="replace")[-3000:]
    correct, hostile = by_name["correct.py"], _scores(by_name["structures.py"])
    assert correct["score"] == correct["max_score"]
    maximum = _scores({"tests": [dict(test, score=test["max_score"]) for test in correct["tests"]]})
    assert hostile == {"sgd": 0, "sgd_momentum": 0, "nesterov_momentum": 0, "run_optimizer": maximum["run_optimizer"]}
