"""Hostile submissions, graded through the real CLI: the rules of the grading path hold.

One ``python -m autograder grade --jobs 2 --json`` run grades every file of
``tests/submissions/01_gradient_descent/`` (copied to a temporary folder, so the sandbox
has to hide it); a second run grades ``tests/submissions/04_momentum/``, whose results
are structured ``(w, config)`` pairs that pretend to be right. Each hostile file attacks with some functions and gets
``gradient_descent_1d`` (4 of 10 points) right, so each test checks three things: no
forged points for the attacking functions, the honest function still graded in full,
and the grader alive with nothing left behind. Time limits are lowered through the
environment (AUTOGRADER_CALL_TIMEOUT/CELL_TIMEOUT) to keep the run short.

``host.py`` attacks the host itself (kernel settings, /etc, SysV IPC, keyrings); the run
starts with a secret in a root-only shared memory segment and in the session keyring the
grader inherits, and afterwards the host must hold nothing the submission left.
"""

import ctypes
import json
import os
import platform
import secrets
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
# SysV keys of host.py, unique to this run: the host's secret, and what host.py leaves
HOST_SEGMENT = 0x41470000 + 2 * (os.getpid() % 0x8000)
LEFT_SEGMENT = HOST_SEGMENT + 1
IPC_CREAT, IPC_RMID = 0o1000, 0
SYS_ADD_KEY, SYS_KEYCTL = {"x86_64": (248, 250), "aarch64": (217, 219)}.get(platform.machine(), (None, None))
KEYCTL_JOIN_SESSION_KEYRING, KEYCTL_DESCRIBE, KEYCTL_READ = 1, 6, 11
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
libc.syscall.restype = ctypes.c_long


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
    from autograder.engine.sandbox import Zygote
    zygote = Zygote()
    try:
        return zygote.isolation["level"]
    finally:
        zygote.close()


def _session_keys():
    """Descriptions of the keys in this process's session keyring."""
    listing = ctypes.create_string_buffer(4096)
    count = libc.syscall(SYS_KEYCTL, KEYCTL_READ, -3, listing, 4096)
    descriptions = []
    for index in range(max(0, min(count, 4096)) // 4):
        serial = int.from_bytes(listing.raw[4 * index:4 * index + 4], "little", signed=True)
        text = ctypes.create_string_buffer(512)
        if libc.syscall(SYS_KEYCTL, KEYCTL_DESCRIBE, serial, text, 512) > 0:
            descriptions.append(text.value.decode())
    return descriptions


def _segment_keys():
    with open("/proc/sysvipc/shm") as table:
        return {int(line.split()[0]) for line in list(table)[1:]}


@pytest.fixture(scope="module")
def host_secret():
    """A secret the host holds: in a root-only (0600) SysV segment and in the session keyring the
    grader inherits (a fresh one for this test process, so nothing else's keys are involved)."""
    secret = secrets.token_hex(16).encode()
    if SYS_KEYCTL is not None:
        assert libc.syscall(SYS_KEYCTL, KEYCTL_JOIN_SESSION_KEYRING, None) > 0
        assert libc.syscall(SYS_ADD_KEY, b"user", b"autograder-grader-secret", secret, len(secret), -3) > 0
    segment = libc.shmget(HOST_SEGMENT, 4096, IPC_CREAT | 0o600)
    assert segment >= 0, os.strerror(ctypes.get_errno())
    address = libc.shmat(segment, None, 0)
    ctypes.memmove(address, secret, len(secret))
    libc.shmdt(ctypes.c_void_p(address))
    yield secret
    for key in (HOST_SEGMENT, LEFT_SEGMENT):
        handle = libc.shmget(key, 0, 0)
        if handle >= 0:
            libc.shmctl(handle, IPC_RMID, None)


@pytest.fixture(scope="module")
def graded(tmp_path_factory, isolation_level, host_secret):
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
            .replace(b"@OUTSIDE@", str(folder).encode()).replace(b"@MARKER@", str(folder / "UNPICKLED").encode()) \
            .replace(b"@SECRET@", host_secret).replace(b"@HOST_SEGMENT@", str(HOST_SEGMENT).encode()) \
            .replace(b"@LEFT_SEGMENT@", str(LEFT_SEGMENT).encode())
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
        assert set(result) == {"submission", "score", "max_score", "error", "tests", "functions"}, name
        assert [entry["function"] for entry in result["functions"]] == list(dict.fromkeys(
            test["function"] for test in result["tests"])), name  # one verdict per graded function
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
    "host.py": {"gradient_descent_1d"},          # /proc/sys, /etc secrets, host SysV IPC, the grader's keyring
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


def test_shared_memory_a_submission_made_is_gone_with_it(graded):
    assert LEFT_SEGMENT not in _segment_keys()  # SysV IPC of its own


@pytest.mark.skipif(SYS_KEYCTL is None, reason="keyctl numbers known for x86_64 and aarch64 only")
def test_keys_a_submission_added_are_gone_with_it(graded):
    assert any("autograder-grader-secret" in key for key in _session_keys())  # the grader's session keyring
    assert [key for key in _session_keys() if "autograder-left-behind" in key] == []


def test_structured_results_that_pretend_to_be_right_get_nothing(tmp_path):
    for source in (SUBMISSIONS.parent / "04_momentum").iterdir():
        shutil.copy(source, tmp_path / source.name)
    run, _, by_name = _grade(tmp_path, "04_momentum", ["correct.py", "structures.py"])
    assert run.returncode == 0, run.stderr.decode(errors="replace")[-3000:]
    correct, hostile = by_name["correct.py"], _scores(by_name["structures.py"])
    assert correct["score"] == correct["max_score"]
    maximum = _scores({"tests": [dict(test, score=test["max_score"]) for test in correct["tests"]]})
    assert hostile == {"sgd": 0, "sgd_momentum": 0, "nesterov_momentum": 0, "run_optimizer": maximum["run_optimizer"]}
