"""The real commands of an nbgrader course, run as an instructor runs them, for the test_course_* modules."""

import contextlib
import csv
import html
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def environment():
    """The environment of a command run from the venv: the repository importable, the venv's scripts
    (nbgrader creates a gradebook with its ``alembic`` script) on PATH."""
    return dict(os.environ,
                PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
                PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))


def run(command, cwd, check=True):
    """``command`` (a shell-style list, ``python`` meaning this interpreter) in ``cwd``."""
    if command[0] in ("nbgrader", "jupyter"):
        command = [sys.executable, "-m", *command]
    result = subprocess.run(command, cwd=cwd, env=environment(), capture_output=True, text=True, timeout=600)
    if check:
        assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def nbgrader(*args, cwd, check=True):
    return run(["nbgrader", *args], cwd, check)


# Names a student never meets: the grader's drivers and helpers, cell numbers, positions in Python syntax.
INTERNAL = re.compile(r"call_catching|value_graph|value_forward|grad_on_value|forward_logits|parabola_df|"
                      r"<cell \d+>|\bcell \d+\b|\(at \[|_notes")


def assert_reads_in_one_pass(page, function, verdict):
    """The feedback ``page`` (HTML) of a submission with one known mistake in ``function``: the verdict
    ``verdict`` (the diagnosis) once, a picture, positions in words and no internal names."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.S)))
    text = " ".join(text.split())  # the test cells' text is wrapped at 100 columns
    assert text.count(verdict) == 1, f"{verdict!r} said {text.count(verdict)} times"
    assert not INTERNAL.search(text), INTERNAL.search(text)
    assert re.search(r"<img[^>]+src=['\"]data:image/png;base64,", page)
    assert "the second value returned (the history)" in text


def read_grades(path, assignment_id):
    """{student: (score, max_score)} of ``assignment_id`` in an ``nbgrader export`` CSV."""
    with open(path, newline="") as handle:
        return {row["student_id"]: (float(row["score"]), float(row["max_score"]))
                for row in csv.DictReader(handle) if row["assignment"] == assignment_id}


def exported(course, name, assignment_id):
    """``nbgrader export`` of the course: {student: (score, max_score)} for the assignment."""
    nbgrader("export", f"--to={name}", cwd=course)
    return read_grades(Path(course) / name, assignment_id)


def grade_course(course, assignment_id):
    return run([sys.executable, "-m", "autograder", "grade", "--course", str(course), "--assignment", assignment_id],
               ROOT)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def jupyter(course, app="server"):
    """``jupyter <app>`` started in the course folder; yields ``call(method, path)`` -> the answer (JSON decoded),
    with ``call.url(path)``, the address of a page, and ``call.headers``, those that log a browser in."""
    port, token = _free_port(), "course-test"
    server = subprocess.Popen([sys.executable, "-m", "jupyter", app, f"--port={port}", "--no-browser", "--allow-root",
                               f"--IdentityProvider.token={token}", "--ServerApp.ip=127.0.0.1"],
                              cwd=course, env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def call(method, path):
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                         data=b"" if method == "POST" else None,
                                         headers=call.headers)
        with urllib.request.urlopen(request, timeout=300) as response:
            body = response.read().decode()
        try:  # formgrader's API answers JSON as text/html
            return json.loads(body)
        except ValueError:
            return body

    call.url, call.headers = (lambda path: f"http://127.0.0.1:{port}{path}"), {"Authorization": f"token {token}"}
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                call("GET", "/formgrader/api/assignments")
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, f"jupyter {app} did not start"
                time.sleep(0.5)
        yield call
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextlib.contextmanager
def browser(headers):
    """A page of headless Chromium (Debian's ``chromium``, driven by Playwright) sending ``headers`` with every
    request; the page errors it saw are ``page.errors``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        try:
            page = chromium.new_page(extra_http_headers=headers)
            page.errors = []
            page.on("pageerror", lambda error: page.errors.append(str(error)))
            yield page
        finally:
            chromium.close()
