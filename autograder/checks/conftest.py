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
from autograder.checks import checklib
from autograder.engine.plugin import session


@pytest.fixture
def student(request):
    """Proxy to the submission: ``student.NAME(...)`` returns plain data (see SPEC.md)."""
    return session(request.config).student


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
