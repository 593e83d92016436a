"""What ``grade --course`` records, compared between two checkouts of the project: nothing may differ.

    git archive BASE | tar -x -C /tmp/base
    python benchmarks/same_recording.py /tmp/base [--students 27] [--figures-redrawn]

Builds the class of ``benchmarks/grade_class.py`` (the submissions of ``tests/corpus/05_adaptive_optimizers``
in turn, as notebooks) plus a file nbgrader cannot read, copies that course twice, grades one copy with
``python -m autograder grade --course`` of the checkout given and the other with this checkout's, and
compares what a user sees of each: the gradebook (each submission's score, late penalty and timestamp,
each grade's points and each comment, as nbgrader's API returns them) and every file under
``autograded/`` and ``feedback/``, byte for byte, except the ``id`` of the cells the grader adds to an
autograded notebook (nbformat draws a new cell's id at random: two runs of the same code differ there).
With ``--figures-redrawn`` (for a change that draws the feedback's pictures differently, such as their
layout), each picture (a PNG in a notebook's output or a page's ``data:`` URL) is compared by its size in
pixels instead of its bytes: where a picture is, its alt text and everything else still byte for byte.
Prints the differences; exits 1 when there are any.
"""

import argparse
import base64
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import grade_class
import PIL.Image
from nbgrader.api import Gradebook

from autograder.course import demo  # noqa: E402 - on the path grade_class put it on

ROOT = grade_class.ROOT
ASSIGNMENT = grade_class.ASSIGNMENT


def grade(code_root, course):
    """``grade --course`` on ``course`` with the project at ``code_root``."""
    environment = dict(grade_class.environment(), PYTHONPATH=str(code_root))
    result = subprocess.run([sys.executable, "-m", "autograder", "grade", "--course", str(course),
                             "--assignment", ASSIGNMENT, "--jobs", "2"], cwd=code_root, env=environment,
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"grade --course with {code_root} failed:\n{result.stdout}\n{result.stderr}")


def recorded(course, figures_redrawn=False):
    """``{what: value}`` of everything the run left for a user to see (the pictures by their size only,
    with ``figures_redrawn``)."""
    seen = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "gradient-descent") as gb:
        for submission in gb.assignment_submissions(ASSIGNMENT):
            student = submission.student.id
            seen[f"{student}: score"] = (submission.score, submission.max_score, submission.late_submission_penalty,
                                         str(submission.timestamp), submission.needs_manual_grade)
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    seen[f"{student}: grade {grade.name}"] = (grade.auto_score, grade.manual_score, grade.max_score,
                                                              grade.needs_manual_grade)
                for comment in notebook.comments:
                    seen[f"{student}: comment {comment.name}"] = (comment.auto_comment, comment.manual_comment)
    for step in ("autograded", "feedback"):
        for path in sorted((course / step).rglob("*")):
            if path.is_file():
                content = path.read_bytes()
                if path.suffix == ".ipynb":
                    content = without_new_ids(content, course / "submitted" / path.relative_to(course / step))
                if figures_redrawn:
                    content = PNG.sub(lambda found: picture_size(found[1]).encode(), content)
                seen[str(path.relative_to(course))] = hashlib.sha256(content).hexdigest()
    return seen


# base64 PNG data, as an HTML data: URL holds it and as a notebook's image/png output (in JSON) does
PNG = re.compile(rb'(?:(?<=data:image/png;base64,)|(?<="image/png": "))([A-Za-z0-9+/=]+)')


def picture_size(data):
    """``<picture W x H>``: what is compared of a PNG (base64) whose pixels may differ."""
    width, height = PIL.Image.open(io.BytesIO(base64.b64decode(data))).size
    return f"<picture {width} x {height}>"


def without_new_ids(content, submitted):
    """An autograded notebook's bytes, with each id of a cell the submission does not have replaced by "new"."""
    try:
        ids = {cell.get("id") for cell in json.loads(submitted.read_text(encoding="utf-8"))["cells"]}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        ids = set()
    nb = json.loads(content)
    for cell in nb["cells"]:
        if cell.get("id") not in ids:
            cell["id"] = "new"
    return json.dumps(nb, sort_keys=True).encode()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", type=Path, help="the other checkout of the project (e.g. from git archive)")
    parser.add_argument("--students", type=int, default=27, help="students in the class (default 27)")
    parser.add_argument("--figures-redrawn", action="store_true",
                        help="compare the feedback's pictures by their size only (their pixels may differ)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="same-recording-") as tmp:
        tmp = Path(tmp)
        course = grade_class.make_course(tmp / "class", args.students, grade_class.corpus_samples(tmp, ASSIGNMENT),
                                         ASSIGNMENT)
        unreadable = course / "submitted" / "zz_unreadable" / ASSIGNMENT
        shutil.copytree(course / "submitted" / "s000" / ASSIGNMENT, unreadable)
        (unreadable / f"{ASSIGNMENT}.ipynb").write_text("{not a notebook", encoding="utf-8")
        runs = {}
        for name, code_root in (("base", args.base.resolve()), ("this", ROOT)):
            shutil.copytree(course, tmp / name, symlinks=True)
            demo.write_config(tmp / name, code_root)  # the course's configuration is the checkout's
            grade(code_root, tmp / name)
            runs[name] = recorded(tmp / name, args.figures_redrawn)
    base, this = runs["base"], runs["this"]
    differences = [what for what in sorted(set(base) | set(this)) if base.get(what) != this.get(what)]
    for what in differences:
        print(f"differs: {what}\n  base: {base.get(what)}\n  this: {this.get(what)}")
    print(f"{len(base)} things recorded by the base, {len(this)} by this checkout, {len(differences)} differ")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
