"""The grader's one pytest session per worker grades exactly as one ``pytest.main`` per submission."""

import json
from pathlib import Path

import pytest

from autograder.engine import grade
from autograder.engine.plugin import GradingPlugin
from autograder.engine.student import Student

CORPUS = Path(__file__).resolve().parent / "corpus"


def one_pytest_main(assignment_id, backend, seed, functions=None):
    """``grade.run_checks`` as it was: a fresh ``pytest.main`` on the check file for every submission."""
    plugin = GradingPlugin(assignment_id, Student(backend), seed, functions)
    code = pytest.main([*grade.PYTEST_ARGS, str(grade.checks_file(assignment_id))], plugins=[plugin])
    assert code in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED)
    return plugin.records


# Graded differently on every run, whatever the runner: it shuffles with fresh OS entropy, or (07) its
# Value keeps its children in a set, whose order follows the objects' addresses in the sandbox.
NONDETERMINISTIC = {"batches_unseeded", "value_no_topological_sort", "value_grads_overwritten"}


def mixed_submissions():
    """Per assignment, a spread of its buggy submissions and a correct one."""
    picked = []
    for folder in sorted(path for path in CORPUS.iterdir() if path.is_dir()):
        files = sorted(path for path in folder.glob("*.py") if path.stem not in NONDETERMINISTIC)
        picked.append((folder.name, files[::4][:4] + [path for path in files if path.stem.startswith("correct")][:1]))
    return picked


def records_json(records):
    """The records as JSON, without the time each took."""
    for record in records:
        record["_notes"].pop("seconds", None)
    return json.dumps(records, sort_keys=True, indent=1)


@pytest.mark.parametrize("assignment_id, files", mixed_submissions(), ids=[name for name, _ in mixed_submissions()])
def test_records_are_byte_for_byte_those_of_one_pytest_main_per_submission(assignment_id, files, tmp_path,
                                                                           monkeypatch):
    broken = tmp_path / "broken.py"
    broken.write_text("def f(:\n", encoding="utf-8")
    paths = [*files, broken, *files[:2]]  # unreadable; then files graded again after others: nothing carried over
    fast = records_json(grade.grade_files(assignment_id, paths, jobs=1))
    monkeypatch.setattr(grade, "run_checks", one_pytest_main)
    plain = records_json(grade.grade_files(assignment_id, paths, jobs=1))
    assert fast == plain
    assert '"status": "failed"' in fast and '"status": "passed"' in fast  # a mix of verdicts was compared


def test_checks_of_some_functions_only_as_pytest_main_selects_them():
    from autograder.engine.student import InProcessBackend

    namespace = {}
    exec((CORPUS / "05_adaptive_optimizers" / "adam_no_bias_correction.py").read_text(encoding="utf-8"), namespace)
    for functions in (["adam"], ["adagrad", "rmsprop"], None):
        fast = grade.run_checks("05_adaptive_optimizers", InProcessBackend(namespace), 7, functions)
        plain = one_pytest_main("05_adaptive_optimizers", InProcessBackend(namespace), 7, functions)
        assert json.dumps(fast, sort_keys=True) == json.dumps(plain, sort_keys=True)
        assert {record["function"] for record in fast} == set(functions or ["adagrad", "rmsprop", "adam"])
