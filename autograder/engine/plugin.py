"""The pytest plugin that turns each hidden check into a graded record.

``run_checks`` (in ``autograder.engine.grade``) runs an assignment's check file under pytest with
a :class:`GradingPlugin` per submission; the fixtures in ``autograder/checks/conftest.py``
take the student proxy, the reference and the seed from it. The plugin reads the outcome
of every ``@check`` test from pytest's own report hook and writes
``{name, function, score, max_score, status, output}``: the output is the check's
message for the student, never the check's code, tolerance or a traceback. A failure may
add private ``_notes``: ``finding`` (what the result says about the cause, for the function's
verdict, see ``autograder.engine.diagnosis``), ``mistake`` (the known mistake the result matches,
for the class report), ``figure`` (the data of a picture of the failing
result, for the feedback page, see ``checking.shows``) or ``crashed`` (the submission's process died during the call).
In a language other than English, ``_notes["title"]`` is the check's name as the student reads it;
``name`` stays English, so a check is the same check in every language.

Each check runs under a memory cap (:func:`memory_cap`): whatever a check computes from
what the student returned, it cannot take more than :data:`CHECK_MEMORY` more address
space, so a value that would make the grader allocate gigabytes fails that check with a
MemoryError instead of getting the grader killed (and, in course mode, the class never
finishing). The checks validate what they give the reference first; this is the backstop.
"""

import contextlib
import os
import resource
import sys
import traceback

import pytest

from autograder.engine.checking import (CheckFailed, NotDefined, SandboxCrashed, StudentError, StudentTimeout)
from autograder.engine.i18n import _

SESSION = pytest.StashKey()
STUDENT_FACING = (CheckFailed, NotDefined, StudentError, SandboxCrashed)
CHECK_MEMORY = 2 * 2**30  # bytes of address space one check may add to the grader's (honest checks: a few MB)
PAGE = os.sysconf("SC_PAGE_SIZE")


@contextlib.contextmanager
def memory_cap(extra):
    """While the block runs, this process may grow its address space by at most ``extra`` bytes.

    A soft RLIMIT_AS above the current size, put back afterwards (an unprivileged process
    may raise its soft limit again up to the hard one).
    """
    with open("/proc/self/statm") as statm:  # its first number: the address space's size, in pages
        size = int(statm.read().split()[0]) * PAGE
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = size + extra if hard == resource.RLIM_INFINITY else min(size + extra, hard)
    if soft != resource.RLIM_INFINITY and soft <= cap:
        yield  # already capped tighter (e.g. by whoever started the grader)
        return
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


class GradingPlugin:
    """Grading state of one submission's run of the checks: the submission's proxy and the records."""

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
        with memory_cap(CHECK_MEMORY):
            yield
        self.student.timeout = None

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(self, item, call):
        """Record a check's verdict and report it to pytest without rendering a traceback.

        pytest's own report of a failure formats the traceback (about 10 ms a check), which
        nobody reads here: the record holds the student's message instead.
        """
        info = getattr(getattr(item, "function", None), "autograder_check", None)
        if info is None or call.when == "teardown" or (call.when == "setup" and call.excinfo is None):
            return None  # pytest's own report
        case = f" [{item.callspec.id}]" if hasattr(item, "callspec") else ""
        name = info.name + case
        record = {"name": name, "function": info.function, "score": 0.0, "max_score": info.points}
        if call.excinfo is None:
            record.update(score=info.points, status="passed", output="")
            outcome, longrepr = "passed", None
        else:
            record.update(self.verdict(name, call.excinfo))
            outcome, longrepr = "failed", record["output"]
            if call.excinfo.errisinstance(pytest.skip.Exception):
                outcome, longrepr = "skipped", (str(item.path), item.location[1], record["output"])
        if info.title != info.name:  # the name as the student reads it (see autograder.engine.feedback.title)
            record.setdefault("_notes", {})["title"] = info.title + case
        self.records.append(record)
        return pytest.TestReport(item.nodeid, item.location, {}, outcome, longrepr, call.when,
                                 duration=call.duration, start=call.start, stop=call.stop)

    @staticmethod
    def verdict(name, excinfo):
        """Status and student-facing output of a check that did not pass."""
        error = excinfo.value
        if isinstance(error, StudentTimeout):
            return {"status": "timeout", "output": str(error)}
        if isinstance(error, SandboxCrashed):
            return {"status": "failed", "output": str(error), "_notes": {"crashed": True}}
        finding, figure = getattr(error, "finding", None), getattr(error, "figure", None)
        if isinstance(error, (CheckFailed, StudentError)) and (finding or figure):  # a raised call may have a finding
            notes = {"finding": finding.as_note()} if finding else {}
            if getattr(error, "mistake", None):
                notes["mistake"] = error.mistake
            if figure:
                notes["figure"] = figure
            return {"status": "failed", "output": str(error), "_notes": notes}
        if isinstance(error, STUDENT_FACING):
            return {"status": "failed", "output": str(error)}
        if isinstance(error, MemoryError):
            return {"status": "failed", "output": _("This check was stopped: working with what your functions "
                                                    "returned needed more memory than the grader gives one check.")}
        if isinstance(error, AssertionError):
            return {"status": "failed", "output": _("The result is not what this check expects.")}
        if excinfo.errisinstance(pytest.skip.Exception):
            return {"status": "failed", "output": _("This check was skipped: {reason}").format(reason=error.msg)}
        details = "".join(traceback.format_exception(error))[-3000:]
        print(f"autograder: check {name!r} failed with an internal error (not shown to the student):\n{details}",
              file=sys.stderr)
        return {"status": "error", "output": _("This check could not be run because of an internal error in the "
                                               "grader; your course staff can see the details.")}


def session(config):
    """The :class:`GradingPlugin` of the submission being graded (for the fixtures)."""
    return config.stash[SESSION]
