"""Fixtures of the hidden checks: ``student``, ``reference`` and ``rng``.

They come from the :class:`autograder.engine.plugin.GradingPlugin` of the running grade: the
proxy to the submission being graded, the trusted reference module of the assignment,
and a random generator seeded from the submission and the check, so the same student
always gets the same random inputs and different students get different ones.
"""

import zlib

import numpy as np
import pytest

import solutions
from autograder.checks import checklib, recall
from autograder.engine.checking import CheckFailed, StudentError
from autograder.engine.plugin import session


@pytest.fixture
def student(request):
    """Proxy to the submission: ``student.NAME(...)`` returns plain data (see SPEC.md). It remembers the
    check's last calls, for the probes that call the student's code again when the check fails."""
    recorder = request.node.stash[recall.RECORDER] = recall.recorder(session(request.config).student)
    return recorder


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A failed check's finding from the probes that call the student's code again (``recall.explain``)."""
    try:
        return (yield)
    except (CheckFailed, StudentError) as error:
        if recall.RECORDER in item.stash:
            recall.explain(error, item.stash[recall.RECORDER], solutions.load(session(item.config).assignment))
        raise


@pytest.fixture
def reference(request):
    """The reference module of the assignment being graded, e.g. ``solutions.load("04_momentum")``."""
    return solutions.load(session(request.config).assignment)


@pytest.fixture
def rng(request):
    """``numpy.random.Generator`` seeded from (the submission's seed, the check's test name)."""
    return np.random.default_rng([session(request.config).seed, zlib.crc32(request.node.name.encode())])


@pytest.fixture(autouse=True)
def _passing_cases(request):
    """What a graded function passed so far in this submission refutes a mutant named as a cause."""
    info = getattr(request.node.function, "autograder_check", None)
    if info is not None:
        checklib.checking_function(session(request.config).student, info.function)
