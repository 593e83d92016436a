"""A grader stopped however it is stopped leaves nothing running and no cgroup behind.

The real command, ``python -m autograder grade --jobs 2`` on two files and ``grade --course
--jobs 2`` on two students, is stopped while both sandboxes are running a cell that sleeps
after starting a detached process of its own: with ``kill -9`` (no handler runs), SIGTERM,
and Ctrl-C (SIGINT to the terminal's whole process group). A few seconds later no process
the grader started (workers, sandbox parents, keepers, sandboxes, the student's processes,
reapers) may still run, and its pids cgroups (as root) must be gone. A Ctrl-C must not
leave a half-graded result in the course's resume state either.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from autograder.course import demo

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "01_gradient_descent"
MARKER = "7778.5"  # argument of the `sleep` each submission detaches
SLEEPER = f"""
import subprocess, time
subprocess.Popen(["sleep", "{MARKER}"], start_new_session=True)
time.sleep(300)
"""
ENVIRONMENT = {**os.environ, "PYTHONPATH": str(ROOT), "AUTOGRADER_CELL_TIMEOUT": "250"}


def _processes():
    """{pid: (parent pid, start time, command line)} of every process on the machine."""
    table = {}
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            table[int(entry.name)] = (int(fields[1]), fields[19], (entry / "cmdline").read_bytes())
        except (OSError, ValueError, IndexError):
            continue
    return table


def _descendants(pid):
    """Every process below ``pid``, as {pid: start time} (start times tell a reused pid apart)."""
    table, found, frontier = _processes(), {}, {pid}
    while frontier:
        children = {child for child, (parent, _, _) in table.items() if parent in frontier and child not in found}
        found.update({child: table[child][1] for child in children})
        frontier = children
    return found


def _alive(processes):
    table = _processes()
    return {pid: table[pid][2] for pid, started in processes.items()
            if pid in table and table[pid][1] == started and not _zombie(pid)}


def _zombie(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def _sleepers():
    return [pid for pid, (_, _, command) in _processes().items() if MARKER.encode() in command]


def _files_run(tmp_path):
    paths = []
    for name in ("ada", "ben"):
        path = tmp_path / f"{name}.py"
        path.write_text(SLEEPER)
        paths.append(str(path))
    command = [sys.executable, "-m", "autograder", "grade", "--assignment", ASSIGNMENT, "--jobs", "2", *paths]
    return command, None


def _course_run(tmp_path):
    course = demo.make_course(tmp_path / "course", [ASSIGNMENT])
    upload = tmp_path / "sleeper.upload.txt"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SLEEPER)]), upload)
    release = course / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    for student in ("ada", "ben"):
        demo.write_submission(course, ASSIGNMENT, student, upload, release)
    command = [sys.executable, "-m", "autograder", "grade", "--course", str(course), "--assignment", ASSIGNMENT,
               "--jobs", "2"]
    return command, course


def _stop(process, how):
    if how == "kill -9":
        os.kill(process.pid, signal.SIGKILL)
    elif how == "SIGTERM":
        os.kill(process.pid, signal.SIGTERM)
    else:  # Ctrl-C: the terminal signals its whole foreground process group
        os.killpg(process.pid, signal.SIGINT)


@pytest.mark.parametrize("how", ["kill -9", "SIGTERM", "Ctrl-C"])
@pytest.mark.parametrize("mode", ["files", "course"])
def test_a_stopped_grader_leaves_nothing_running(tmp_path, mode, how):
    assert _sleepers() == [], "a sleeper of an earlier run is still there"
    command, course = (_files_run if mode == "files" else _course_run)(tmp_path)
    process = subprocess.Popen(command, cwd=ROOT, env=ENVIRONMENT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while len(_sleepers()) < 2:  # both submissions are in their sleeping cell
            assert process.poll() is None, "the grader ended before it could be stopped"
            assert time.monotonic() < deadline, "the submissions did not start in time"
            time.sleep(0.2)
        started = _descendants(process.pid)
        cgroups = [Path(f"/sys/fs/cgroup/pids/autograder-{pid}") for pid in started]
        cgroups = [group for group in cgroups if group.exists()]
        if os.geteuid() == 0 and Path("/sys/fs/cgroup/pids/cgroup.procs").exists():
            assert len(cgroups) == 2, "as root, each sandbox parent runs in a pids cgroup"
        _stop(process, how)
        process.wait(timeout=30)
        deadline = time.monotonic() + 5
        while (_alive(started) or any(group.exists() for group in cgroups)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _alive(started) == {}
        assert [group for group in cgroups if group.exists()] == []
        assert _sleepers() == []
        if course is not None:  # nothing half-graded was kept for the next run to trust
            assert list((course / ".grading-state").glob(f"{ASSIGNMENT}/*.json")) == []
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        for pid in _sleepers():
            os.kill(pid, signal.SIGKILL)


def test_a_batch_of_answers_keeps_no_more_than_one_response_may_take():
    """``Sandbox.call_each`` reads every answer of a batch but keeps them only while they fit in one
    response's budget (``wire.RESPONSE``), so answers of 4 MiB each, 48 MiB in all, cost the grader no
    more than one large answer; the connection stays in step for the next request."""
    import socket
    import threading
    import types

    import numpy as np

    from autograder.engine import wire
    from autograder.engine.sandbox import Limits, Sandbox

    box = Sandbox(None, types.SimpleNamespace(cells=[], module_name="submission"), Limits())
    box.sock, child = socket.socketpair()
    answer = wire.encode({"result": np.zeros(2**19), "nonce": "n"})  # 4 MiB of array data

    def serve():
        wire.receive(child, budget=wire.REQUEST)
        for _ in range(12):
            child.sendall(answer)
        child.sendall(wire.encode({"result": 1.0, "nonce": "n"}))
    server = threading.Thread(target=serve)
    server.start()
    responses, error = box.call_each({"op": "each", "calls": [], "nonce": "n"}, 12)
    server.join()
    kept = (wire.RESPONSE.header + wire.RESPONSE.raw) // len(answer)
    assert error is None and len(responses) == kept < 12
    assert wire.receive(box.sock, time.monotonic() + 5) == {"result": 1.0, "nonce": "n"}  # nothing left over
    box.sock.close()
    child.close()
