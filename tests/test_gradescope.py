"""The Gradescope autograder built by ``python -m autograder gradescope``, run as Gradescope runs it.

A throwaway root stands in for Gradescope's container: an overlay of this machine's file system
(writes go to a tmpfs) in a private mount namespace, made the root with pivot_root. In it,
``setup.sh`` installs the course from the zip in ``/autograder/source`` (apt, a venv, pip, the
grading user), then ``run_autograder`` grades each submission from ``/autograder/submission`` into
``/autograder/results/results.json``. The scores match the local grader's; the student's code is
unprivileged. About a minute, most of it pip installing the course's dependencies.
"""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.course import demo, gradescope

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = demo.ASSIGNMENT
SUBMISSIONS = ROOT / "tests" / "submissions" / ASSIGNMENT
# The owner of /usr as the student's code sees it: root's files show as root only where the code's
# user namespaces map back to the real root; run unprivileged, they show as the unmapped "overflow" user.
PROBE = "import os\ndef dy_dx(x):\n    raise RuntimeError(f'/usr is owned by {os.stat(\"/usr\").st_uid}')\n"
CONTAINER = """
set -eu
mount --make-rprivate /
mount -t tmpfs tmpfs "$LAYERS"
mkdir "$LAYERS/upper" "$LAYERS/work" "$LAYERS/root"
mount -t overlay overlay -o "lowerdir=/,upperdir=$LAYERS/upper,workdir=$LAYERS/work" "$LAYERS/root"
cd "$LAYERS/root"
for system in proc sys dev; do mount --rbind "/$system" "$system"; done
mount -t tmpfs tmpfs tmp
rm -rf autograder && mkdir -p autograder/source autograder/submission autograder/results oldroot
cp -a "$UNPACKED/." autograder/source/
pivot_root . oldroot
cd /autograder/source
bash ./setup.sh > /oldroot/$OUT/setup.log 2>&1 || { tail -40 /oldroot/$OUT/setup.log; exit 1; }
for submission in /oldroot/$OUT/submissions/*; do
    rm -rf /autograder/submission/* /autograder/results/*
    cp -a "$submission/." /autograder/submission/
    echo '{"users": [{"id": 1234, "email": "s@example.edu"}]}' > /autograder/submission_metadata.json
    /autograder/source/run_autograder 2> "/oldroot/$OUT/$(basename "$submission").log"
    ls /autograder/results > "/oldroot/$OUT/$(basename "$submission").files"
    cp /autograder/results/results.json "/oldroot/$OUT/$(basename "$submission").json"
done
"""

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="a container stand-in needs root (mount namespaces, "
                                                            "overlayfs, pivot_root), as Gradescope's does")


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


def in_gradescope_container(autograder_zip, submissions, folder):
    """Set up the autograder in a fresh container stand-in and run it on each of ``submissions``
    ({label: {file name: content}}): {label: (results.json, the autograder's log, files in results/)}."""
    unpacked, out, layers = folder / "unpacked", folder / "out", folder / "layers"
    for path in (unpacked, out, layers):
        path.mkdir()
    with zipfile.ZipFile(autograder_zip) as archive:  # as Gradescope unpacks it: Unix modes kept
        for entry in archive.infolist():
            archive.extract(entry, unpacked)
            (unpacked / entry.filename).chmod(entry.external_attr >> 16 & 0o777 or 0o644)
    for label, files in submissions.items():
        (out / "submissions" / label).mkdir(parents=True)
        for name, content in files.items():
            (out / "submissions" / label / name).write_bytes(content)
    variables = {name: value for name, value in os.environ.items() if name.startswith("PIP_")}  # this machine's index
    run = subprocess.run(["unshare", "-m", "sh", "-c", CONTAINER], capture_output=True, text=True, timeout=1200,
                         env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root", "LANG": "C.UTF-8", **variables,
                              "LAYERS": str(layers), "UNPACKED": str(unpacked), "OUT": str(out.relative_to("/"))})
    assert run.returncode == 0, run.stdout + run.stderr
    return {label: (json.loads((out / f"{label}.json").read_text()), (out / f"{label}.log").read_text(),
                    (out / f"{label}.files").read_text().split()) for label in submissions}


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
    assert {"course/pyproject.toml", f"course/autograder/checks/{ASSIGNMENT}/hidden.py",
            f"course/solutions/{ASSIGNMENT}.py"} <= set(entries)
    assert not [name for name in entries if "__pycache__" in name]
    check = subprocess.run(["bash", "-n", "-c", zipfile.ZipFile(autograder_zip).read("setup.sh").decode()])
    assert check.returncode == 0


def test_on_gradescope_the_scores_are_the_local_graders_and_the_code_is_unprivileged(autograder_zip, tmp_path):
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

    graded = in_gradescope_container(autograder_zip, {**{name: {name: content} for name, content in submissions.items()},
                                                      "probe": {f"{ASSIGNMENT}.py": PROBE.encode()}}, tmp_path)
    for name in submissions:
        results, log, files = graded[name]
        expected = local[name]
        assert files == ["results.json"], log
        assert results["score"] == expected["score"], (name, log)
        assert [(test["name"], test["score"], test["max_score"]) for test in results["tests"]] == [
            (test["name"], test["score"], test["max_score"]) for test in expected["tests"]], name
        assert [test["status"] for test in results["tests"]] == [
            "passed" if test["status"] == "passed" else "failed" for test in expected["tests"]], name
        assert isinstance(results["execution_time"], int) and results["output_format"] == "text"
        assert {test["visibility"] for test in results["tests"]} == {"visible"}
        assert results["output"].startswith(f"Score: {expected['score']:g} / {expected['max_score']:g}")
        if expected["error"] is None:  # the staff's log says how the student code ran
            assert "sandbox isolation: namespaces" in log, log
    assert "could not be read: not a readable notebook" in graded["fay.ipynb"][0]["output"]

    results, log, _ = graded["probe"]
    message = next(test["output"] for test in results["tests"] if test["name"].startswith("dy_dx"))
    overflow = Path("/proc/sys/kernel/overflowuid").read_text().strip()
    assert message.endswith(f"raised RuntimeError: /usr is owned by {overflow}"), (message, log)


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


def test_a_link_to_the_solutions_is_not_graded(tmp_path):
    """A repository submission can hold a symbolic link; the grading user could read what it points to."""
    (tmp_path / f"{ASSIGNMENT}.py").symlink_to(ROOT / "solutions" / f"{ASSIGNMENT}.py")
    (tmp_path / "linked").symlink_to(ROOT / "solutions", target_is_directory=True)
    path, problem = gradescope.find_submission(tmp_path, ASSIGNMENT)
    assert path is None and "found: no files" in problem
