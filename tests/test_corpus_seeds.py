"""The score does not depend on the student's seed.

Random hidden inputs come from a seed per student (the file stem or the student id). Every corpus
file, correct or with one mistake, is graded under several student ids, and every check must give
the same score under all of them: a mistake a check can see shows on every seed, and a correct
function passes on every seed. Each assignment is graded in one CLI run.
"""

import functools
import json
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import pytest

from test_checks_corpus import ASSIGNMENTS, CORPUS, ROOT

STUDENT_IDS = ("s0001", "ada.lovelace", "b07902113", "zh-TW-學生", "x")


@functools.cache
def scores_by_student(assignment):
    """``{corpus file: {student id: {check name: score}}}``."""
    folder = Path(tempfile.mkdtemp(prefix="seeds-"))
    for path in sorted((CORPUS / assignment).glob("*.py")):
        for student_id in STUDENT_IDS:
            shutil.copy(path, folder / f"{path.stem}@{student_id}.py")
    out = folder / "out.json"
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", "--assignment", assignment, "--json", str(out),
                          *sorted(str(p) for p in folder.glob("*.py"))], cwd=ROOT, capture_output=True, text=True,
                         timeout=3600, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    found = defaultdict(dict)
    for record in json.loads(out.read_text())["submissions"]:
        stem, student_id = Path(record["submission"]).stem.rsplit("@", 1)
        found[stem][student_id] = {test["name"]: test["score"] for test in record["tests"]}
    return found


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_scores_are_the_same_for_every_student_id(assignment):
    varying = {}
    for stem, by_student in scores_by_student(assignment).items():
        assert set(by_student) == set(STUDENT_IDS), stem
        for name in next(iter(by_student.values())):
            scores = {student_id: checks[name] for student_id, checks in by_student.items()}
            if len(set(scores.values())) > 1:
                varying[f"{stem}: {name}"] = scores
    assert not varying, json.dumps(varying, indent=1, ensure_ascii=False)
