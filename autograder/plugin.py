"""The pytest plugin that turns each hidden check into a graded record.

``run_checks`` (in ``autograder.grade``) runs ``pytest.main`` on an assignment's check
file with a :class:`GradingPlugin`; the fixtures in ``autograder/checks/conftest.py``
take the student proxy, the reference and the seed from it. The plugin reads the outcome
of every ``@check`` test from pytest's own report hook and writes
``{name, function, score, max_score, status, output}``: the output is the check's
message for the student, never the check's code, tolerance or a traceback.
"""

import sys

import pytest

from autograder.checking import (CheckFailed, NotDefined, SandboxCrashed, StudentError, StudentTimeout)

SESSION = pytest.StashKey()
STUDENT_FACING = (CheckFailed, NotDefined, StudentError, SandboxCrashed)


class GradingPlugin:
    """Grading state of one ``pytest.main`` run: the submission's proxy and the records."""

    def __init__(self, assignment, student, seed, functions=None):
        self.assignment, self.student, self.seed = assignment, student, seed
        self.functions = set(functions) if functions is not None else None
        self.records = []

    def pytest_configure(self, config):
        config.stash[SESSION] = self

    def pytest_collection_modifyitems(self, config, items):
        """Keep only the checks of the requested graded functions (all by default)."""
        if self.functions is None:
            return
        kept, dropped = [], []
        for item in items:
            info = getattr(getattr(item, "function", None), "autograder_check", None)
            (kept if info and info.function in self.functions else dropped).append(item)
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = kept

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item):
        info = getattr(item.function, "autograder_check", None)
        self.student.timeout = info and info.timeout
        yield
        self.student.timeout = None

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        info = getattr(getattr(item, "function", None), "autograder_check", None)
        if info is None or call.when == "teardown" or (call.when == "setup" and report.passed):
            return
        name = info.name + (f" [{item.callspec.id}]" if hasattr(item, "callspec") else "")
        record = {"name": name, "function": info.function, "score": 0.0, "max_score": info.points}
        if report.passed:
            record.update(score=info.points, status="passed", output="")
        else:
            record.update(self.verdict(name, call.excinfo))
        self.records.append(record)

    @staticmethod
    def verdict(name, excinfo):
        """Status and student-facing output of a check that did not pass."""
        error = excinfo.value if excinfo else None
        if isinstance(error, StudentTimeout):
            return {"status": "timeout", "output": str(error)}
        if isinstance(error, STUDENT_FACING):
            return {"status": "failed", "output": str(error)}
        if isinstance(error, AssertionError):
            return {"status": "failed", "output": "The result is not what this check expects."}
        if excinfo is not None and excinfo.errisinstance(pytest.skip.Exception):
            return {"status": "failed", "output": f"This check was skipped: {error.msg}"}
        print(f"autograder: check {name!r} failed with an internal error: {type(error).__name__}: {error}",
              file=sys.stderr)
        return {"status": "error", "output": "This check could not be run because of an internal error in the "
                                             "grader; your course staff can see the details."}


def session(config):
    """The :class:`GradingPlugin` of the running ``pytest.main`` (for the fixtures)."""
    return config.stash[SESSION]
