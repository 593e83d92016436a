"""What a hidden check is written with: the ``@check`` marker, the ``expect_*`` comparisons
and the exceptions that carry a verdict.

A check runs in the trusted grader process. It gets the student's results as plain data
(see ``autograder.engine.wire``), recomputes the expected value with the reference, and compares
them here. Every failure is a :class:`CheckFailed` whose message is written for the
student: what was called, what came back, what was expected and, when the result matches
a known mistake, which one. The message never shows the check's code or its tolerances.
"""

from dataclasses import dataclass

import numpy as np

from autograder.engine import diagnosis, requirements


class CheckFailed(Exception):
    """The student's result is wrong; the message says how, in words a student can act on.

    ``mistake`` is the known mistake the result matches (its description), for the class
    report. ``finding`` (a :class:`autograder.engine.diagnosis.Finding`) is what the result says
    about the cause; it goes to the function's verdict, not into this check's message, so a
    diagnosis is read once per function. A known mistake is a finding too.
    """

    def __init__(self, message, mistake=None, finding=None):
        super().__init__(message)
        self.mistake = mistake
        self.finding = finding or (diagnosis.mistake_finding([mistake]) if mistake else None)


class StudentError(Exception):
    """The student's code raised an exception while the check called it."""

    def __init__(self, exc_type, message, call=""):
        self.exc_type, self.message, self.call = exc_type, message, call
        super().__init__(f"{call or 'the call'} raised {exc_type}: {message}" if message
                         else f"{call or 'the call'} raised {exc_type}")


class BadResult(StudentError):
    """The student's code returned something that is not plain data (numbers, lists, arrays...)."""

    def __init__(self, detail, call=""):
        Exception.__init__(self, f"{call or 'the call'} returned a value the grader cannot read ({detail}): "
                                 "return numbers, strings, lists, tuples, dicts or numpy arrays")
        self.exc_type, self.message, self.call = "BadResult", detail, call


class TooLarge(BadResult):
    """The student's code returned more data than the grader reads from one call (see ``wire.RESPONSE``)."""

    def __init__(self, detail, call=""):
        Exception.__init__(self, f"{call or 'the call'} returned more data than the grader reads from one call "
                                 f"({detail}); no result in this course is that large, so it was not read")
        self.exc_type, self.message, self.call = "TooLarge", detail, call


class StudentTimeout(Exception):
    """The student's code did not finish in time."""


class SandboxCrashed(Exception):
    """The process running the student's code died (exit(), os._exit, a crash, too much memory...)."""


class NotDefined(Exception):
    """The submission does not define the name a check asked for."""


@dataclass(frozen=True)
class CheckInfo:
    """What ``@check`` records on a test function: the graded function, points, display name."""
    function: str
    points: float
    name: str
    timeout: float | None = None
    requires: tuple = ()


def check(function, points=1.0, name=None, *, timeout=None, requires=()):
    """Mark a pytest test as a hidden check of the graded ``function``, worth ``points``.

    ``name`` is what the student sees (the Gradescope test name); it defaults to the
    function name and the test's name. ``timeout`` (seconds) overrides the sandbox's time
    limit for each student call made by this check (e.g. training in 08). ``requires`` names
    what the check demands beyond the function's meaning (``autograder.engine.requirements``: kinds of
    input, output dtype and shape, arguments left unchanged, edge cases); the released notebook
    must state each beside the function.
    """
    if points < 0:
        raise ValueError("points must be >= 0")
    requires = tuple(requires)
    for requirement in requires:
        requirements.sentence(requirement)  # an unknown id fails when the check file is imported

    def mark(test):
        test.autograder_check = CheckInfo(function, float(points),
                                          name or f"{function}: {test.__name__.removeprefix('test_')}",
                                          timeout, requires)
        return test
    return mark


# ----------------------------------------------------------------------------- formatting

def show(value, limit=240):
    """A short, readable rendering of a value for a feedback message."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fc":
            text = np.array2string(value, precision=8, threshold=24, edgeitems=3, separator=", ")
        else:
            text = np.array2string(value, threshold=24, edgeitems=3, separator=", ")
        text = f"array({text})" if value.ndim else text
    elif isinstance(value, (float, np.floating)):
        text = repr(float(value))
    elif isinstance(value, (list, tuple)):
        inner = ", ".join(show(item, limit) for item in value[:8]) + (", ..." if len(value) > 8 else "")
        text = f"[{inner}]" if isinstance(value, list) else f"({inner}{',' if len(value) == 1 else ''})"
    elif isinstance(value, dict):
        text = "{" + ", ".join(f"{key!r}: {show(item, limit)}" for key, item in list(value.items())[:8]) \
            + (", ..." if len(value) > 8 else "") + "}"
    else:
        text = repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def describe(value):
    """The kind of a value in words: 'a tuple of 2 values', 'an array of shape (3,)', 'None'."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {len(value)} values"
    if isinstance(value, dict):
        return "a dict"
    if isinstance(value, (bool, np.bool_)):
        return "a bool"
    if isinstance(value, (int, float, np.number)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return f"a {type(value).__name__}"


# ----------------------------------------------------------------------------- comparison

def _is_number(value):
    return isinstance(value, (int, float, np.number)) and not isinstance(value, (bool, np.bool_))


def _is_arraylike(value):
    return isinstance(value, (np.ndarray, list, tuple)) or _is_number(value)


def numeric_array(value):
    """``value`` as a float/complex/int array, or None when it is not numeric data."""
    try:
        array = np.asarray(value)
    except (ValueError, TypeError):
        return None
    return array if array.dtype.kind in "biufc" else None


def _where(path):
    return f" (at {path})" if path else ""


class _ValueMismatch(str):
    """A difference in values (not in structure, shape or type), found at ``path``."""

    def __new__(cls, got, expected, path):
        text = super().__new__(cls, f"{show(got)}{_where(path)} where {show(expected)} is expected")
        text.path = path
        return text


def _items_mismatch(got, expected, path, exact, rtol, atol):
    """The first difference between a sequence ``got`` and a tuple or non-numeric list ``expected``."""
    if not isinstance(got, (tuple, list)) or len(got) != len(expected):
        return f"{describe(got)}{_where(path)} where {describe(expected)} is expected"
    for index, (got_item, expected_item) in enumerate(zip(got, expected)):
        found = _mismatch(got_item, expected_item, f"{path}[{index}]", exact, rtol, atol)
        if found:
            return found
    return None


def _mismatch(got, expected, path, exact, rtol, atol):
    """The first difference between ``got`` and ``expected`` in words, or None when they agree.

    ``path`` names the part being compared ('[1]', "['velocity']") for messages about
    structured results such as ``(w, config)``.
    """
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return f"{describe(got)}{_where(path)} where a dict is expected"
        for key, item in expected.items():
            if key not in got:
                return f"a dict without the key {key!r}{_where(path)}"
            found = _mismatch(got[key], item, f"{path}[{key!r}]", exact, rtol, atol)
            if found:
                return found
        return None
    if isinstance(expected, tuple):
        return _items_mismatch(got, expected, path, exact, rtol, atol)
    if expected is None or isinstance(expected, (str, bool, np.bool_)):
        same = type(got) is type(expected) or (isinstance(got, (bool, np.bool_)) and isinstance(expected, (bool, np.bool_)))
        if same and got == expected:
            return None
        return _ValueMismatch(got, expected, path)
    if isinstance(expected, (list, np.ndarray)) or _is_number(expected):
        want = numeric_array(expected)
        if want is None:  # a list of strings, dicts...: compare item by item
            return _items_mismatch(got, expected, path, exact, rtol, atol)
        if not _is_arraylike(got) or isinstance(got, (bool, np.bool_)) and want.dtype.kind != "b":
            return f"{describe(got)}{_where(path)} where {describe(expected)} is expected"
        have = numeric_array(got)
        if have is None:
            return f"{describe(got)}{_where(path)} where {describe(expected)} is expected"
        if have.shape != want.shape:
            if want.ndim == 0:
                return f"an array of shape {have.shape}{_where(path)} where a single number is expected"
            return f"an array of shape {have.shape}{_where(path)} where the expected result has shape {want.shape}"
        if exact:
            same = np.array_equal(have, want, equal_nan=want.dtype.kind in "fc" and have.dtype.kind in "fc")
        else:
            have_f, want_f = have.astype(complex if "c" in (have.dtype.kind, want.dtype.kind) else float), \
                want.astype(complex if "c" in (have.dtype.kind, want.dtype.kind) else float)
            same = bool(np.allclose(have_f, want_f, rtol=rtol, atol=atol, equal_nan=True)) and \
                bool(np.array_equal(np.isfinite(have_f), np.isfinite(want_f)))
        if same:
            return None
        if want.dtype.kind == "f" and np.all(np.isfinite(want)) and have.dtype.kind in "fc" \
                and not np.all(np.isfinite(have)):
            return f"{show(got)}{_where(path)}, which is not finite (nan or inf), where {show(expected)} is expected"
        return _ValueMismatch(got, expected, path)
    return _ValueMismatch(got, expected, path)


def _fail(got, expected, call, difference, mistakes, exact, rtol, atol):
    """Raise CheckFailed for a mismatch, naming a known mistake whose result ``got`` matches."""
    if isinstance(difference, _ValueMismatch) and not difference.path:
        message = f"{call} returned {show(got)} but the expected result is {show(expected)}."
    else:
        message = f"{call} returned {difference}."
    matched = []
    for mistake, value in (mistakes or {}).items():
        try:
            if _mismatch(got, value, "", exact, rtol, atol) is None:
                matched.append(mistake)
        except Exception:  # a mistake value that cannot be compared is no diagnosis
            continue
    if matched:  # all of them: the function's verdict keeps one that explains every failed check
        raise CheckFailed(message, matched[0], diagnosis.mistake_finding(matched))
    try:
        finding = diagnosis.probe(got, expected, rtol, atol)
    except Exception:  # a result the probes cannot read is no diagnosis
        finding = None
    raise CheckFailed(message, finding=finding)


def expect_close(got, expected, *, call, rtol=1e-6, atol=1e-9, mistakes=None):
    """Pass when ``got`` has the structure and shape of ``expected`` and values close to it.

    NaN equals NaN; infinities must match. ``mistakes`` maps a description ("no bias
    correction") to the result that mistake gives, to name it in the message.
    """
    difference = _mismatch(got, expected, "", False, rtol, atol)
    if difference:
        _fail(got, expected, call, difference, mistakes, False, rtol, atol)


def expect_equal(got, expected, *, call, mistakes=None):
    """Pass when ``got`` equals ``expected`` exactly (ints, strings, bools, exact arrays)."""
    difference = _mismatch(got, expected, "", True, 0.0, 0.0)
    if difference:
        _fail(got, expected, call, difference, mistakes, True, 0.0, 0.0)


def expect_unchanged(before, after, *, call, argument):
    """Pass when the argument ``argument`` is the same after the call as before it."""
    if _mismatch(after, before, "", True, 0.0, 0.0):
        raise CheckFailed(f"{call} modified its argument {argument} in place: it was {show(before)} before "
                          f"the call and {show(after)} after it. Compute a new value instead "
                          f"(e.g. w = w - ... rather than w -= ...), or work on a copy.")

