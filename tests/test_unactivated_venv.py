"""The virtualenv's Python run by its path, never activated (cron, IDEs, systemd, JupyterHub).

Nothing of the venv is on PATH then, yet the demo must run, and nbgrader commands the project
starts must find the venv's tools: creating a gradebook runs ``alembic`` from PATH.
"""

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

from autograder.course import demo

ROOT = Path(__file__).resolve().parent.parent
SYSTEM_PATH = os.pathsep.join(["/usr/bin", "/bin"])
# What the tests and the benchmark do: import the package, then start nbgrader with sys.executable.
STARTS_NBGRADER = ("import subprocess, sys, autograder; "
                   "sys.exit(subprocess.run([sys.executable, '-m', 'nbgrader', *sys.argv[1:]]).returncode)")


def unactivated(command, cwd):
    """``command`` with the interpreter given by path and only the system's folders on PATH."""
    environment = {"HOME": os.environ.get("HOME", "/root"), "PATH": SYSTEM_PATH, "PYTHONPATH": str(ROOT),
                   "LANG": "C.UTF-8"}
    return subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=600)


def test_demo_and_nbgrader_run_from_the_venv_python_by_path(tmp_path):
    assert shutil.which("alembic", path=SYSTEM_PATH) is None and shutil.which("nbgrader", path=SYSTEM_PATH) is None
    here = demo.make_course(tmp_path / "here", [demo.ASSIGNMENT])  # a course folder: the demo writes beside it

    run = unactivated([sys.executable, "-m", "autograder", "demo"], cwd=here)
    assert run.returncode == 0, run.stdout + run.stderr
    with open(here / "demo-output" / "course" / "grades.csv", newline="") as handle:
        scores = {row["student_id"]: float(row["score"]) for row in csv.DictReader(handle)}
    assert scores["ada"] == 10 and scores["dee"] == 0

    fresh = demo.make_course(tmp_path / "fresh", [demo.ASSIGNMENT])  # no gradebook yet: nbgrader creates it
    run = unactivated([sys.executable, "-c", STARTS_NBGRADER, "db", "student", "add", "ada"], cwd=fresh)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (fresh / "gradebook.db").exists()
