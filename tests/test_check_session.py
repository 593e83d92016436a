"""The grader's one pytest session per worker grades exactly as one ``pytest.main`` per submission."""

import collections
import json
from pathlib import Path

import numpy as np
import pytest

from autograder.checks import kept_diagnoses, known_mistakes
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


class CountingMemo(collections.OrderedDict):
    """``known_mistakes._memo`` that counts the results given again."""

    def __init__(self):
        super().__init__()
        self.hits = 0

    def __getitem__(self, key):
        self.hits += 1
        return super().__getitem__(key)


@pytest.mark.parametrize("assignment_id, files", mixed_submissions(), ids=[name for name, _ in mixed_submissions()])
def test_what_the_mistakes_gave_before_in_this_worker_changes_no_record(assignment_id, files, monkeypatch):
    """A worker gives again what known mistakes gave on inputs seen before (``known_mistakes.diagnose``): the
    records of submissions graded one after the other, in both orders, are those graded with nothing kept."""
    paths = [*files, *files[::-1], *files]  # what inputs give is kept when they come a second time
    memo = CountingMemo()
    monkeypatch.setattr(known_mistakes, "_memo", memo)
    warm = records_json(grade.grade_files(assignment_id, paths, jobs=1))
    assert memo.hits > 0
    assert warm == graded_with_nothing_kept(assignment_id, paths, monkeypatch)


def graded_with_nothing_kept(assignment_id, paths, monkeypatch):
    """The records of ``paths``, each graded with no diagnosis kept, in this process or on disk."""
    monkeypatch.setattr(known_mistakes, "MEMO_SIZE", 0)  # each result is dropped as soon as it is kept
    monkeypatch.setattr(kept_diagnoses, "get", lambda name: None)
    monkeypatch.setattr(kept_diagnoses, "put", lambda name, found: None)
    cold = []
    for path in paths:
        known_mistakes._memo.clear()
        cold += grade.grade_files(assignment_id, [path], jobs=1)
    return records_json(cold)


@pytest.mark.parametrize("assignment_id", ["02_numerical_gradient", "05_adaptive_optimizers", "07_autograd"])
def test_what_slow_diagnoses_gave_kept_on_disk_changes_no_record(assignment_id, tmp_path, monkeypatch):
    """What a slow diagnosis gave is kept on disk for other workers and runs (``kept_diagnoses``; here every one
    that can be kept is): records graded by a worker that reads them, and nothing else, are those graded with
    nothing kept; and a store that others may write to is never read."""
    files = dict(mixed_submissions())[assignment_id]
    monkeypatch.setenv("AUTOGRADER_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(kept_diagnoses, "SLOW_SECONDS", 0.0)
    monkeypatch.setattr(known_mistakes, "_memo", collections.OrderedDict())
    grade.grade_files(assignment_id, files, jobs=1)  # another worker, before
    kept = list(kept_diagnoses.folder().glob("*.pickle"))
    assert kept
    reads = []
    read = kept_diagnoses.get
    monkeypatch.setattr(kept_diagnoses, "get", lambda name: reads.append(found := read(name)) or found)
    monkeypatch.setattr(kept_diagnoses, "put", lambda name, found: None)
    warm = []
    for path in files:
        known_mistakes._memo.clear()  # nothing kept in this process: what is given again comes from the disk
        warm += grade.grade_files(assignment_id, [path], jobs=1)
    assert any(found is not None for found in reads)
    assert records_json(warm) == graded_with_nothing_kept(assignment_id, files, monkeypatch)
    kept_diagnoses.folder().chmod(0o777)
    assert read(kept[0].name) is None


def test_checks_of_some_functions_only_as_pytest_main_selects_them():
    from autograder.engine.student import InProcessBackend

    namespace = {}
    exec((CORPUS / "05_adaptive_optimizers" / "adam_no_bias_correction.py").read_text(encoding="utf-8"), namespace)
    for functions in (["adam"], ["adagrad", "rmsprop"], None):
        fast = grade.run_checks("05_adaptive_optimizers", InProcessBackend(namespace), 7, functions)
        plain = one_pytest_main("05_adaptive_optimizers", InProcessBackend(namespace), 7, functions)
        assert json.dumps(fast, sort_keys=True) == json.dumps(plain, sort_keys=True)
        assert {record["function"] for record in fast} == set(functions or ["adagrad", "rmsprop", "adam"])


CORRECT_02 = (CORPUS / "02_numerical_gradient" / "correct.py").read_text(encoding="utf-8")
# a forward difference that is 1% off once the point's first coordinate is below 0.5: right at first,
# wrong from some step of the descent on (a mistake that depends on the arguments only)
OFF_LATER = CORRECT_02 + '''
_right = partial_derivative
def partial_derivative(f, p, k, h=1e-4, method="central"):
    value = _right(f, p, k, h, method)
    return value * 1.01 if abs(np.asarray(p, dtype=float)[0]) < 0.5 else value
'''


class CountingBackend:
    """An in-process backend that counts the messages it answers."""

    def __init__(self, source):
        from autograder.engine.student import InProcessBackend

        namespace = {}
        exec(source, namespace)
        self.backend, self.messages = InProcessBackend(namespace), 0

    def __getattr__(self, name):
        return getattr(self.backend, name)

    def request(self, request, timeout):
        self.messages += 1
        return self.backend.request(request, timeout)

    def request_each(self, request, count, timeout):
        self.messages += 1
        return self.backend.request_each(request, count, timeout)


@pytest.mark.parametrize("source, one_by_one", [(CORRECT_02, False), (OFF_LATER, True)], ids=["right", "off_later"])
def test_a_driven_reference_asks_the_helpers_in_batches_and_gets_what_it_gets_one_call_at_a_time(source, one_by_one):
    """Helpers.run_driven (the rehearsal, then the driven run) against Helpers.driven, one round trip per call."""
    import importlib

    import solutions
    from autograder.checks.dependents import Helpers, function_helper

    problems = importlib.import_module("autograder.checks.02_numerical_gradient.problems")
    reference = solutions.load("02_numerical_gradient")
    args, kwargs = (problems.quadratic, np.array([1.5, -1.0])), {"lr": 0.04, "h": 0.01, "tol": 1e-3, "max_iters": 3000}
    outcomes = []
    for batched in (True, False):
        backend = CountingBackend(source)
        helpers = Helpers(reference, [function_helper(Student(backend), reference, "partial_derivative")])
        run = helpers.run_driven if batched else lambda function, *a, **k: helpers.driven(function)(*a, **k)
        point, iterations = run(reference.gradient_descent_norm, *args, **kwargs)
        outcomes.append((point.tolist(), iterations, helpers.difference and helpers.difference[1:], backend.messages))
    (point, iterations, difference, batches), (*one_by_one_result, calls) = outcomes
    assert [point, iterations, difference and tuple(map(str, difference))] == \
        [one_by_one_result[0], one_by_one_result[1], one_by_one_result[2] and tuple(map(str, one_by_one_result[2]))]
    assert calls == 2 * iterations > 100  # one message per helper call without the rehearsal
    assert (difference is not None) == one_by_one
    if not one_by_one:
        assert batches < 12  # the student's answers are the reference's: a few batches, growing
    else:
        assert batches < calls  # the calls up to the first different answer come in batches
