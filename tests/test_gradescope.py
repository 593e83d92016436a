"""The Gradescope autograder built by ``python -m autograder gradescope``: its ``run_autograder`` runs
in a private mount namespace with Gradescope's layout bound on ``/autograder`` (source, submission,
results) and gives the same scores as the local grader, with the student's code unprivileged."""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder import demo, gradescope

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = demo.ASSIGNMENT
SUBMISSIONS = ROOT / "tests" / "submissions" / ASSIGNMENT
GRADING_USER = "nobody"  # setup.sh creates its own user on Gradescope; this machine has nobody already
# The owner of /usr as the student's code sees it: root's files show as root only where the code's
# user namespaces map back to the real root; run unprivileged, they show as the unmapped "overflow" user.
PROBE = "import os\ndef dy_dx(x):\n    raise RuntimeError(f'/usr is owned by {os.stat(\"/usr\").st_uid}')\n"

pytestmark = pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("unshare"),
                                reason="run_autograder is run as Gradescope runs it: as root (unshare -m, setpriv)")


def env():
    return dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))


@pytest.fixture(scope="module")
def autograder_zip(tmp_path_factory):
    out = tmp_path_factory.mktemp("gradescope") / "autograder.zip"
    run = subprocess.run([sys.executable, "-m", "autograder", "gradescope", "--assignment", ASSIGNMENT,
                          "--out", str(out)], cwd=ROOT, env=env(), capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert str(out) in run.stdout
    return out


def run_autograder(autograder_zip, submission_files, folder):
    """Gradescope's run for one submission: /autograder/{source,submission,results} in a private mount
    namespace, ``/autograder/source/run_autograder`` run by root; returns (results.json, its log)."""
    layout = folder / "autograder"
    for part in ("source", "submission", "results", "venv"):
        (layout / part).mkdir(parents=True)
    layout.chmod(0o755)
    with zipfile.ZipFile(autograder_zip) as archive:
        archive.extractall(layout / "source")
    for name in ("setup.sh", "run_autograder"):  # zipfile does not restore modes; Gradescope's unzip does
        (layout / "source" / name).chmod(0o755)
    for name, content in submission_files.items():
        (layout / "submission" / name).write_bytes(content)
    (layout / "submission_metadata.json").write_text(json.dumps({"users": [{"id": 1234, "email": "s@example.edu"}]}))
    # setup.sh's venv is this one, at the path setup.sh gives it; this machine's Python is under /root
    # (mode 700), which Gradescope's is not: the namespace opens /root to the grading user, /root/.pyenv only
    python_home = Path(sys.base_prefix).resolve()
    open_root = ""
    if python_home.is_relative_to("/root"):
        keep = python_home.relative_to("/root").parts[0]
        hold = folder / "hold"
        hold.mkdir()
        open_root = (f"mount --bind /root/{keep} {hold}; mount -t tmpfs -o mode=755 tmpfs /root; "
                     f"mkdir /root/{keep}; mount --move {hold} /root/{keep}; ")
    script = (f"set -e; mount --make-rprivate /; {open_root}"
              f"mount --bind {layout} /autograder; mount --bind {sys.prefix} /autograder/venv; "
              f"/autograder/source/run_autograder")
    created = not Path("/autograder").exists()
    if created:
        Path("/autograder").mkdir()  # an empty mount point; everything else stays in the namespace
    try:
        run = subprocess.run(["unshare", "-m", "sh", "-c", script], env=dict(os.environ, AUTOGRADER_USER=GRADING_USER),
                             capture_output=True, text=True, timeout=600)
    finally:
        if created:
            Path("/autograder").rmdir()
    assert run.returncode == 0, run.stdout + run.stderr
    assert sorted(os.listdir(layout / "results")) == ["results.json"], run.stderr
    return json.loads((layout / "results" / "results.json").read_text()), run.stderr


def local_grades(paths, folder):
    """``python -m autograder grade --json``: {file name: record}."""
    out = folder / "local.json"
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", "--assignment", ASSIGNMENT, "--json", str(out),
                          *map(str, paths)], cwd=ROOT, env=env(), capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    return {Path(record["submission"]).name: record for record in json.loads(out.read_text())["submissions"]}


def test_the_zip_has_gradescopes_scripts_at_its_top_and_the_course_beside_them(autograder_zip):
    with zipfile.ZipFile(autograder_zip) as archive:
        entries = {entry.filename: entry for entry in archive.infolist()}
    for script in ("setup.sh", "run_autograder"):
        assert entries[script].external_attr >> 16 & 0o111, script  # executable once unpacked
    assert {"course/pyproject.toml", f"course/autograder/checks/{ASSIGNMENT}.py",
            f"course/solutions/{ASSIGNMENT}.py"} <= set(entries)
    assert not [name for name in entries if "__pycache__" in name]
    check = subprocess.run(["bash", "-n", "-c", zipfile.ZipFile(autograder_zip).read("setup.sh").decode()])
    assert check.returncode == 0


def test_run_autograder_gives_the_local_graders_scores(autograder_zip, tmp_path):
    ben = demo.sections(demo.sample_files()["ben"].read_text(encoding="utf-8"))
    submissions = {  # a file name the local grader sees too: {name: content}
        "correct.ipynb": (SUBMISSIONS / "correct.ipynb").read_bytes(),
        "ben.py": ("import numpy as np\n\n" + "\n\n".join(ben.values())).encode(),
        "fay.ipynb": demo.sample_files()["fay"].read_bytes(),
    }
    local_folder = tmp_path / "local"
    local_folder.mkdir()
    for name, content in submissions.items():
        (local_folder / name).write_bytes(content)
    local = local_grades([local_folder / name for name in submissions], tmp_path)
    assert [local[name]["score"] for name in submissions] == [10, 6, 0]  # right, one mistake, unreadable
    for name, content in submissions.items():
        results, log = run_autograder(autograder_zip, {name: content}, tmp_path / name)
        expected = local[name]
        assert results["score"] == expected["score"], name
        assert [(test["name"], test["score"], test["max_score"]) for test in results["tests"]] == [
            (test["name"], test["score"], test["max_score"]) for test in expected["tests"]], name
        assert [test["status"] for test in results["tests"]] == [
            "passed" if test["status"] == "passed" else "failed" for test in expected["tests"]], name
        assert isinstance(results["execution_time"], int) and results["output_format"] == "text"
        assert {test["visibility"] for test in results["tests"]} == {"visible"}
        assert results["output"].startswith(f"Score: {expected['score']:g} / {expected['max_score']:g}")
        if expected["error"] is None:  # the staff's log says how the student code ran
            assert "sandbox isolation: namespaces" in log, log
    assert "could not be read: not a readable notebook" in results["output"]  # fay


def test_the_students_code_runs_as_the_unprivileged_user(autograder_zip, tmp_path):
    results, _ = run_autograder(autograder_zip, {f"{ASSIGNMENT}.py": PROBE.encode()}, tmp_path)
    message = next(test["output"] for test in results["tests"] if test["name"].startswith("dy_dx"))
    overflow = Path("/proc/sys/kernel/overflowuid").read_text().strip()
    assert message.endswith(f"raised RuntimeError: /usr is owned by {overflow}"), message


def test_a_submission_without_a_gradable_file_is_told_what_was_found(tmp_path):
    (tmp_path / "notes.txt").write_text("see attached")
    path, problem = gradescope.find_submission(tmp_path, ASSIGNMENT)
    assert path is None and "no notebook (.ipynb) or Python file (.py)" in problem and "notes.txt" in problem
    for name in ("a.ipynb", "b.ipynb"):
        (tmp_path / name).write_text("{}")
    assert "several .ipynb files (a.ipynb, b.ipynb)" in gradescope.find_submission(tmp_path, ASSIGNMENT)[1]
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / f"{ASSIGNMENT}.ipynb").write_text("{}")
    assert gradescope.find_submission(tmp_path, ASSIGNMENT) == (tmp_path / "sub" / f"{ASSIGNMENT}.ipynb", None)
