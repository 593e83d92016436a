"""The score does not depend on the student's seed.

Random hidden inputs come from a seed per student (the file stem or the student id). Every corpus
file, correct or with one mistake, is graded under several student ids, and every check must give
the same score under all of them: a mistake a check can see shows on every seed, and a correct
function passes on every seed. Each assignment is graded in one CLI run, shared with test_checks_corpus.py.
"""

import json

import pytest

from test_checks_corpus import ASSIGNMENTS, CORPUS, STUDENT_IDS, graded_as_students


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_scores_are_the_same_for_every_student_id(assignment):
    varying = {}
    for stem, by_student in graded_as_students(assignment).items():
        if not (CORPUS / assignment / stem).exists():
            continue  # a held-out file (tests/heldout), graded as one student
        assert set(by_student) == set(STUDENT_IDS), stem
        checks = {student_id: {test["name"]: test["score"] for test in record["tests"]}
                  for student_id, record in by_student.items()}
        for name in checks[STUDENT_IDS[0]]:
            scores = {student_id: by_name[name] for student_id, by_name in checks.items()}
            if len(set(scores.values())) > 1:
                varying[f"{stem}: {name}"] = scores
    assert not varying, json.dumps(varying, indent=1, ensure_ascii=False)
