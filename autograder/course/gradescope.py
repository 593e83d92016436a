"""``python -m autograder gradescope --assignment ID --out autograder.zip``: the course as a Gradescope autograder.

Gradescope grades each submission in a fresh container of its Ubuntu image, which is how a class
larger than one machine is graded with the same engine and the same scores. The zip holds, at its
top level (Gradescope unpacks it into ``/autograder/source``):

- ``setup.sh``: run once, as root, when Gradescope builds the image: installs Python, the course
  (editable, from ``course/``, so the solutions exist only there and the sandbox hides them) and
  creates the unprivileged user ``GRADER_USER``;
- ``run_autograder``: run as root for every submission: copies ``/autograder/submission`` to a
  private folder and grades it as ``GRADER_USER`` (so the sandboxed student code, which runs as the
  engine's user inside its own namespaces, is unprivileged too), writing
  ``/autograder/results/results.json``;
- ``course/``: the package (``pyproject.toml``, ``autograder/``, ``solutions/``).

Inside the container, ``run_autograder`` calls ``python -m autograder gradescope --assignment ID
--grade DIR``, which prints Gradescope's results.json for the submission in DIR (see
:func:`autograder.engine.report.gradescope`).
"""

import json
import os
import shlex
import sys
import time
import zipfile
from pathlib import Path

from autograder.engine import report
from autograder.engine.i18n import _

ROOT = Path(__file__).resolve().parent.parent.parent
GRADER_USER = "autograder"
COURSE_FILES = ("pyproject.toml", "README.md", "nbgrader_config.py", "autograder", "solutions")  # the config: its language
SKIPPED = {"__pycache__", ".pytest_cache", ".ipynb_checkpoints", "sample_class"}
EXECUTABLE = 0o100755 << 16  # a zip entry's Unix mode, so Gradescope can run the scripts

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, on its Ubuntu image, from /autograder/source.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends python3 python3-venv python3-pip util-linux
/usr/bin/python3 -m venv /autograder/venv  # the system's Python, which every user can run
/autograder/venv/bin/pip install --upgrade pip
/autograder/venv/bin/pip install -e /autograder/source/course
# the engine, and so the student's code, runs as this user, never as root
id -u {user} >/dev/null 2>&1 || useradd --system --user-group --no-create-home --shell /usr/sbin/nologin {user}
chmod -R a+rX /autograder/source /autograder/venv
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this as root for each submission (/autograder/submission -> /autograder/results).
set -uo pipefail
assignment={assignment}
user={user}
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r --no-dereference /autograder/submission "$work/submission"  # links stay links (never graded)
[ -f /autograder/submission_metadata.json ] && cp /autograder/submission_metadata.json "$work/"
chown -R "$user" "$work"
mkdir -p /autograder/results
# The results file is opened here, by root: the grading user cannot write to /autograder/results.
cd "$work"
setpriv --reuid="$user" --regid="$(id -g "$user")" --init-groups \\
    env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$work" LANG=C.UTF-8 PYTHONPATH=/autograder/source/course \\
    /autograder/venv/bin/python -m autograder gradescope --assignment "$assignment" --grade "$work/submission" \\
    > /autograder/results/results.json.part
status=$?
if [ $status -eq 0 ]; then
    mv /autograder/results/results.json.part /autograder/results/results.json
else
    echo "the autograder failed (exit code $status); see its log above" >&2
    rm -f /autograder/results/results.json.part
    printf '{{"score": 0, "output": "The autograder itself failed on this submission (exit code %s); your course staff can see why.", "tests": []}}\\n' "$status" \\
        > /autograder/results/results.json
fi
"""


# --------------------------------------------------------------------------- the package

def course_files(root=ROOT):
    """(path in the zip, file) for every file of the course the autograder needs."""
    for name in COURSE_FILES:
        path = Path(root) / name
        if path.is_file():
            yield f"course/{name}", path
            continue
        for file in sorted(path.rglob("*")):
            parts = file.relative_to(root).parts
            if file.is_file() and not SKIPPED.intersection(parts) and file.suffix != ".pyc":
                yield "course/" + "/".join(parts), file


def package(assignment_id, out, root=ROOT):
    """Write the Gradescope autograder zip of ``assignment_id`` to ``out``; returns its path."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    scripts = {"setup.sh": SETUP_SH.format(user=GRADER_USER),
               "run_autograder": RUN_AUTOGRADER.format(assignment=shlex.quote(assignment_id), user=GRADER_USER)}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in scripts.items():
            entry = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
            entry.external_attr = EXECUTABLE
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, text)
        for name, path in course_files(root):
            archive.write(path, name)
    return out


# --------------------------------------------------------------------------- in the container

def find_submission(folder, assignment_id):
    """The file to grade in a Gradescope submission folder: ``ID.ipynb``, ``ID.py``, else the only
    notebook, else the only ``.py`` file; None (and why) when there is no single candidate.

    Symbolic links are never graded (a repository can hold one to the course's solutions).
    """
    folder = Path(folder)
    files = sorted(Path(top, name) for top, _, names in os.walk(folder) for name in names
                   if not Path(top, name).is_symlink() and ".ipynb_checkpoints" not in Path(top).parts)
    for wanted in (f"{assignment_id}.ipynb", f"{assignment_id}.py"):
        named = [path for path in files if path.name == wanted]
        if len(named) == 1:
            return named[0], None
    for suffix in (".ipynb", ".py"):
        candidates = [path for path in files if path.suffix == suffix]
        if len(candidates) == 1:
            return candidates[0], None
        if candidates:
            names = ", ".join(str(path.relative_to(folder)) for path in candidates)
            return None, f"the submission has several {suffix} files ({names}); hand in one, named {assignment_id}{suffix}"
    found = ", ".join(str(path.relative_to(folder)) for path in files) or "no files"
    return None, f"the submission has no notebook (.ipynb) or Python file (.py) to grade (found: {found})"


def student_identity(folder, fallback):
    """The seed's identity: the submitter's Gradescope id from submission_metadata.json, beside the folder."""
    try:
        metadata = json.loads((Path(folder).parent / "submission_metadata.json").read_text(encoding="utf-8"))
        return str(metadata["users"][0].get("id") or metadata["users"][0]["email"])
    except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError):
        return fallback


def grade_folder(assignment_id, folder):
    """Gradescope's results.json (a dict) for the submission in ``folder``, graded by the sandboxed engine."""
    from autograder.engine import grade
    from autograder.engine.student import UnreadableBackend

    started = time.perf_counter()
    path, problem = find_submission(folder, assignment_id)
    identity = student_identity(folder, path.stem if path else "submission")
    if path is None:
        records = grade.run_checks(assignment_id, UnreadableBackend(problem), grade.submission_seed(identity))
        result = grade.submission_record(folder, records, problem, {})
    else:
        result = grade.grade_path(assignment_id, path, hide=(str(Path(folder).resolve()),),
                                  limits=grade.Limits.from_environment(), identity=identity)
    if result["_notes"].get("isolation"):
        print(f"sandbox isolation: {result['_notes']['isolation']}", file=sys.stderr)  # the staff's log
    return report.gradescope(result, execution_time=time.perf_counter() - started)


def run(args):
    """``python -m autograder gradescope --assignment ID (--out ZIP | --grade DIR)``."""
    from autograder.engine import grade

    if not grade.checks_file(args.assignment).exists():
        print(_("autograder gradescope: no hidden checks for assignment {assignment}").format(
            assignment=repr(args.assignment)), file=sys.stderr)
        return 2
    if args.grade:  # in the container: the course's language (c.Autograder.language), the environment being empty
        from autograder.course.settings import read_course_config, use_course_language
        use_course_language(read_course_config(ROOT))
        print(json.dumps(grade_folder(args.assignment, args.grade), indent=1, ensure_ascii=False))
        return 0
    path = package(args.assignment, args.out)
    print(f"{path}: the Gradescope autograder of {args.assignment} (upload it as the assignment's "
          "autograder, Ubuntu base image)")
    return 0
