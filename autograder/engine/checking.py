"""What a hidden check is written with: the ``@check`` marker, the ``expect_*`` comparisons
and the exceptions that carry a verdict.

A check runs in the trusted grader process. It gets the student's results as plain data
(see ``autograder.engine.wire``), recomputes the expected value with the reference, and compares
them here. Every failure is a :class:`CheckFailed` whose message is written for the
student: what was called, what came back, what was expected and, when the result matches
a known mistake, which one. The message never shows the check's code or its tolerances.
"""

import contextlib
import functools
import inspect
import re
from dataclasses import dataclass

import numpy as np

from autograder.engine import diagnosis, requirements
from autograder.engine.i18n import _, ngettext


class CheckFailed(Exception):
    """The student's result is wrong; the message says how, in words a student can act on.

    ``mistake`` is the known mistake the result matches (its description, in English whatever the
    student's language), for the class report. ``finding`` (a :class:`autograder.engine.diagnosis.Finding`)
    is what the result says about the cause; it goes to the function's verdict, not into this check's
    message, so a diagnosis is read once per function. A known mistake is a finding too.
    """

    def __init__(self, message, mistake=None, finding=None):
        super().__init__(message)
        self.mistake = mistake
        self.finding = finding or (diagnosis.mistake_finding([mistake]) if mistake else None)
        self.figure = None  # set by :func:`shows`: what the feedback page draws


class StudentError(Exception):
    """The student's code raised an exception while the check called it."""

    def __init__(self, exc_type, message, call=""):
        self.exc_type, self.message, self.call = exc_type, message, call
        call = call or _("the call")
        super().__init__(_("{call} raised {error}: {message}").format(call=call, error=exc_type, message=message)
                         if message else _("{call} raised {error}").format(call=call, error=exc_type))


class BadResult(StudentError):
    """The student's code returned something that is not plain data (numbers, lists, arrays...)."""

    def __init__(self, detail, call=""):
        Exception.__init__(self, _("{call} returned a value the grader cannot read ({detail}): return numbers, "
                                   "strings, lists, tuples, dicts or numpy arrays").format(call=call or _("the call"),
                                                                                           detail=detail))
        self.exc_type, self.message, self.call = "BadResult", detail, call


class TooLarge(BadResult):
    """The student's code returned more data than the grader reads from one call (see ``wire.RESPONSE``)."""

    def __init__(self, detail, call=""):
        Exception.__init__(self, _("{call} returned more data than the grader reads from one call ({detail}); no "
                                   "result in this course is that large, so it was not read").format(
                                       call=call or _("the call"), detail=detail))
        self.exc_type, self.message, self.call = "TooLarge", detail, call


class StudentTimeout(Exception):
    """The student's code did not finish in time."""


class SandboxCrashed(Exception):
    """The process running the student's code died (exit(), os._exit, a crash, too much memory...)."""


class NotDefined(Exception):
    """The submission does not define the name a check asked for."""


@dataclass(frozen=True)
class CheckInfo:
    """What ``@check`` records on a test function: the graded function, points, name.

    ``name`` identifies the check (records, gradebook, class report), in English whatever the
    language; :attr:`title` is what the student reads, in the current language.
    """
    function: str
    points: float
    name: str
    timeout: float | None = None
    requires: tuple = ()
    template: str = ""  # the name's msgid: ``{function}`` and the ``fields`` as placeholders
    fields: tuple = ()  # (placeholder, value) pairs

    @property
    def title(self):
        """The check's name in the current language."""
        if not self.template:
            return self.name
        return _(self.template).format(function=self.function, **dict(self.fields))


def check(function, points=1.0, name=None, *, fields=None, timeout=None, requires=()):
    """Mark a pytest test as a hidden check of the graded ``function``, worth ``points``.

    ``name`` is what the student sees (the Gradescope test name), a message Babel extracts: a
    plain string, with ``{function}`` and the keys of ``fields`` as placeholders where a check
    is made in a loop (``"{function}: first step"``); it is shown translated and stays English
    where it identifies the check. It defaults to the function name and the test's name.
    ``timeout`` (seconds) overrides the sandbox's time limit for each student call made by this
    check (e.g. training in 08). ``requires`` names what the check demands beyond the function's
    meaning (``autograder.engine.requirements``: kinds of input, output dtype and shape, arguments
    left unchanged, edge cases); the released notebook must state each beside the function.
    """
    if points < 0:
        raise ValueError("points must be >= 0")
    requires = tuple(requires)
    for requirement in requires:
        requirements.sentence(requirement)  # an unknown id fails when the check file is imported

    fields = dict(fields or {})

    def mark(test):
        english = name.format(function=function, **fields) if name else \
            f"{function}: {test.__name__.removeprefix('test_')}"
        test.autograder_check = CheckInfo(function, float(points), english, timeout, requires, name or "",
                                          tuple(fields.items()))
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


_FORMULA = re.compile(r"``([^`]+)``(?::|\Z|\s)")


def function_text(function):
    """A function passed to a student's code (or a ``functools.partial`` of one), as the student can read it.

    The words it is marked with (``sandbox_side.shown_as``), its arguments filled in: "a schedule that gives
    0.1 before step 3, ..."; else ``lambda x: 2*(x + 5)`` when its docstring starts with its formula (the
    grader's problems do); else its name. None for a partial without words (the caller writes it out).
    """
    inner = function.func if isinstance(function, functools.partial) else function
    words = (getattr(inner, "shown_as", None) or (None, None))[0]
    try:
        parameters = inspect.signature(inner).parameters
    except (TypeError, ValueError):
        parameters = {}
    if words:
        given = {name: p.default for name, p in parameters.items() if p.default is not inspect.Parameter.empty}
        return _(words).format(**{**given, **getattr(function, "keywords", {})})
    if inner is not function:
        return None
    formula = _FORMULA.match((getattr(function, "__doc__", None) or "").strip())
    if formula and parameters:
        return f"lambda {', '.join(parameters)}: {formula.group(1)}"
    return function.__name__


def describe(value):
    """The kind of a value in words: 'a tuple of 2 values', 'an array of shape (3,)', 'None'."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return _("an array of shape {shape}").format(shape=value.shape)
    if isinstance(value, tuple):
        return ngettext("a tuple of {count} value", "a tuple of {count} values", len(value)).format(count=len(value))
    if isinstance(value, list):
        return ngettext("a list of {count} value", "a list of {count} values", len(value)).format(count=len(value))
    if isinstance(value, dict):
        return _("a dict")
    if isinstance(value, (bool, np.bool_)):
        return _("a bool")
    if isinstance(value, (int, float, np.number)):
        return _("a number")
    if isinstance(value, str):
        return _("a string")
    return _("a {type}").format(type=type(value).__name__)


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


def all_finite(value):
    """Whether every number in ``value`` (arrays, numbers, and tuples, lists and dicts of them) is finite:
    a nan or inf result stays nan or inf whatever changes, so it is no evidence for a diagnosis."""
    if isinstance(value, dict):
        return all(map(all_finite, value.values()))
    array = numeric_array(value)
    if array is None and isinstance(value, (tuple, list)):
        return all(map(all_finite, value))
    return array is None or bool(np.all(np.isfinite(array)))


class _Difference:
    """The first difference between a result and the expected one: what is there (its text), at ``path``.

    ``value`` is True for a difference in values (not in structure, shape or type). The text is
    written when it is read (``str``, ``format``): comparing a result with every known mistake
    needs only whether each one differs, and writing arrays out costs more than comparing them.
    """

    __slots__ = ("_text", "path", "value")

    def __init__(self, text, path, value=False):
        self._text, self.path, self.value = text, path, value

    def __str__(self):
        if callable(self._text):
            self._text = self._text()
        return self._text

    def __format__(self, spec):
        return format(str(self), spec)


def _value_mismatch(got, expected, path):
    return _Difference(lambda: _("{got} where {expected} is expected").format(got=show(got), expected=show(expected)),
                       path, value=True)


def _items_mismatch(got, expected, path, exact, rtol, atol):
    """The first difference between a sequence ``got`` and a tuple or non-numeric list ``expected``."""
    if not isinstance(got, (tuple, list)) or len(got) != len(expected):
        return _Difference(_("{got} where {expected} is expected").format(got=describe(got),
                                                                          expected=describe(expected)), path)
    kind = "value" if isinstance(expected, tuple) else "item"
    for index, (got_item, expected_item) in enumerate(zip(got, expected)):
        found = _mismatch(got_item, expected_item, (*path, (kind, index)), exact, rtol, atol)
        if found:
            return found
    return None


def _all_close(have, want, rtol, atol):
    """``np.allclose(have, want, rtol, atol, equal_nan=True)`` with the same entries finite, for two arrays of
    one shape. Finite floats (the usual case) get the test ``np.isclose`` makes, without its set-up, which
    costs more than the test on small arrays (every known mistake is compared with the student's result)."""
    if have.dtype == want.dtype == np.float64 and np.isfinite(have).all() and np.isfinite(want).all():
        return bool((np.abs(have - want) <= atol + rtol * np.abs(want)).all())
    return bool(np.allclose(have, want, rtol=rtol, atol=atol, equal_nan=True)) and \
        bool(np.array_equal(np.isfinite(have), np.isfinite(want)))


def _mismatch(got, expected, path, exact, rtol, atol):
    """The first difference between ``got`` and ``expected`` (a :class:`_Difference`), or None when they agree.

    ``path`` is where in the whole result the part being compared sits (see :func:`where`), for
    messages about structured results such as ``(w, config)``.
    """
    def kind_mismatch(expected_words):
        return _Difference(_("{got} where {expected} is expected").format(got=describe(got), expected=expected_words),
                           path)

    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return kind_mismatch(_("a dict"))
        for key, item in expected.items():
            if key not in got:
                return _Difference(_("a dict without the key {key}").format(key=repr(key)), path)
            found = _mismatch(got[key], item, (*path, ("key", key)), exact, rtol, atol)
            if found:
                return found
        return None
    if isinstance(expected, tuple):
        return _items_mismatch(got, expected, path, exact, rtol, atol)
    if expected is None or isinstance(expected, (str, bool, np.bool_)):
        same = type(got) is type(expected) or (isinstance(got, (bool, np.bool_)) and isinstance(expected, (bool, np.bool_)))
        if same and got == expected:
            return None
        return _value_mismatch(got, expected, path)
    if isinstance(expected, (list, np.ndarray)) or _is_number(expected):
        want = numeric_array(expected)
        if want is None:  # a list of strings, dicts...: compare item by item
            return _items_mismatch(got, expected, path, exact, rtol, atol)
        if not _is_arraylike(got) or isinstance(got, (bool, np.bool_)) and want.dtype.kind != "b":
            return kind_mismatch(describe(expected))
        have = numeric_array(got)
        if have is None:
            return kind_mismatch(describe(expected))
        if have.shape != want.shape:
            if want.ndim == 0:
                return _Difference(_("an array of shape {shape} where a single number is expected").format(
                    shape=have.shape), path)
            return _Difference(_("an array of shape {shape} where the expected result has shape {expected}").format(
                shape=have.shape, expected=want.shape), path)
        if exact:
            same = np.array_equal(have, want, equal_nan=want.dtype.kind in "fc" and have.dtype.kind in "fc")
        else:
            have_f, want_f = have.astype(complex if "c" in (have.dtype.kind, want.dtype.kind) else float), \
                want.astype(complex if "c" in (have.dtype.kind, want.dtype.kind) else float)
            same = _all_close(have_f, want_f, rtol, atol)
        if same:
            return None
        if want.dtype.kind == "f" and np.all(np.isfinite(want)) and have.dtype.kind in "fc" \
                and not np.all(np.isfinite(have)):
            return _Difference(lambda: _("{got}, which is not finite (nan or inf), where {expected} is expected").format(
                got=show(got), expected=show(expected)), path)
        return _value_mismatch(got, expected, path)
    return _value_mismatch(got, expected, path)


def difference_text(got, expected, call, difference, names=()):
    """The sentence that says how ``got`` (returned by ``call``) differs from ``expected``."""
    if not difference.path:
        if difference.value:
            return _("{call} returned {got} but the expected result is {expected}.").format(
                call=call, got=show(got), expected=show(expected))
        return _("{call} returned {difference}.").format(call=call, difference=difference)
    return _("In what {call} returned, {where} is {difference}.").format(
        call=call, where=diagnosis.where(difference.path, names), difference=difference)


def _fail(got, expected, call, difference, mistakes, exact, rtol, atol, names=()):
    """Raise CheckFailed for a mismatch, naming a known mistake whose result ``got`` matches.

    ``mistakes`` and ``names`` may be functions that compute them: most comparisons pass, and
    then neither is needed (nor the call's text, which ``names`` may read).
    """
    mistakes = mistakes() if callable(mistakes) else mistakes
    names = names() if callable(names) else names
    message = difference_text(got, expected, call, difference, names)
    matched = []
    for mistake, value in (mistakes or {}).items():
        try:
            if _mismatch(got, value, (), exact, rtol, atol) is None:
                matched.append(mistake)
        except Exception:  # a mistake value that cannot be compared is no diagnosis
            continue
    if matched:  # all of them: the function's verdict keeps one that explains every failed check
        failure = CheckFailed(message, matched[0], diagnosis.mistake_finding(matched))
    else:
        try:
            finding = diagnosis.probe(got, expected, rtol, atol, names)
        except Exception:  # a result the probes cannot read is no diagnosis
            finding = None
        failure = CheckFailed(message, finding=finding)
    # what was compared, for probes that call the student's code again (autograder/checks/recall.py)
    failure.compared = (got, expected, names, {"rtol": rtol, "atol": atol, "exact": exact})
    raise failure


RTOL, ATOL = 1e-6, 1e-9  # expect_close's default tolerances


def expect_close(got, expected, *, call, rtol=RTOL, atol=ATOL, mistakes=None, names=()):
    """Pass when ``got`` has the structure and shape of ``expected`` and values close to it.

    NaN equals NaN; infinities must match. ``mistakes`` maps a description ("no bias
    correction") to the result that mistake gives, to name it in the message. ``names`` names
    the values the call returns as a tuple (``("x", "history")``), for the message. Either may
    be a function that computes it, called only when the check fails.
    """
    difference = _mismatch(got, expected, (), False, rtol, atol)
    if difference:
        _fail(got, expected, call, difference, mistakes, False, rtol, atol, names)


def expect_equal(got, expected, *, call, mistakes=None, names=()):
    """Pass when ``got`` equals ``expected`` exactly (ints, strings, bools, exact arrays)."""
    difference = _mismatch(got, expected, (), True, 0.0, 0.0)
    if difference:
        _fail(got, expected, call, difference, mistakes, True, 0.0, 0.0, names)


def passes(compare, got, expected, rtol=RTOL, atol=ATOL, **_options):
    """Whether ``compare(got, expected, ...)`` passes, ``compare`` being :func:`expect_close` or
    :func:`expect_equal`: decided as they decide it, without the message and probes of a failure
    (a candidate mistake is tried against many results, and most differ)."""
    exact = compare is expect_equal
    return _mismatch(got, expected, (), exact, 0.0 if exact else rtol, 0.0 if exact else atol) is None


def expect_unchanged(before, after, *, call, argument):
    """Pass when the argument ``argument`` is the same after the call as before it."""
    if _mismatch(after, before, (), True, 0.0, 0.0):
        raise CheckFailed(_("{call} modified its argument {argument} in place: it was {before} before the call "
                            "and {after} after it. Compute a new value instead (e.g. w = w - ... rather than "
                            "w -= ...), or work on a copy.").format(call=call, argument=argument, before=show(before),
                                                                   after=show(after)))



# ----------------------------------------------------------------------------- figures

FIGURE_POINTS = 200  # points per line kept for a figure: enough for its shape, a few KB in a record
FIGURE_LINES = 3     # coordinates drawn of a multi-dimensional series (w of shape (2, 3): its first three)


@dataclass(frozen=True)
class Figure:
    """What to draw when a check fails: the student's series beside the reference's.

    ``yours`` and ``expected`` are the whole results; ``pick`` is the path to the series in them
    (``(1,)``: the second value returned; ``(1, "loss")``: its ``"loss"``). A series is a 1-D
    sequence of numbers (one line) or of arrays (a line per coordinate, the first few). Labels are
    English source text marked with ``N_``: the page translates them when it can draw the
    translation (see ``autograder.course.figures``). ``x`` gives the x value of each point (default:
    0, 1, 2, ...); ``from_start`` draws each coordinate minus its first expected value, for steps too
    small to see beside the size of w (Adam's first steps are about the learning rate).
    """
    yours: object
    expected: object
    title: str
    xlabel: str
    ylabel: str
    pick: tuple = ()
    x: object = None
    from_start: bool = False

    def data(self):
        """Plain data for the record (lists of floats, nan as None), or None when either side is no series."""
        yours, expected = _series(self.yours, self.pick), _series(self.expected, self.pick)
        if yours is None or expected is None or yours.shape[1:] != expected.shape[1:]:
            return None
        if self.from_start:
            yours, expected = yours - expected[0], expected - expected[0]
        return {"title": self.title, "xlabel": self.xlabel, "ylabel": self.ylabel,
                "yours": _points(yours, self.x), "expected": _points(expected, self.x)}


def _series(value, pick):
    """``value`` at ``pick`` as a float array of rows (a point each) and columns (a line each), or None."""
    try:
        for step in pick:
            value = value[step]
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError, KeyError, IndexError):
        return None
    if array.ndim == 0 or array.shape[0] < 1 or array.size > 10**7:
        return None
    return array.reshape(array.shape[0], -1)[:, :FIGURE_LINES]


def _points(array, x=None):
    """``{"x": [...], "lines": [[...], ...]}``: at most FIGURE_POINTS rows of ``array``, nan and inf as None."""
    rows = np.unique(np.linspace(0, array.shape[0] - 1, min(FIGURE_POINTS, array.shape[0])).round().astype(int))
    xs = np.asarray(x, dtype=float).ravel() if x is not None else None
    at = xs[rows].tolist() if xs is not None and xs.shape[0] == array.shape[0] else rows.tolist()
    with np.errstate(all="ignore"):
        kept = array[rows]
    lines = [[float(v) if np.isfinite(v) else None for v in kept[:, column]] for column in range(kept.shape[1])]
    return {"x": at, "lines": lines}


@contextlib.contextmanager
def shows(figure):
    """A check's comparisons in this block, with ``figure`` (a :class:`Figure`) drawn when one fails."""
    try:
        yield
    except CheckFailed as failure:
        if failure.figure is None:
            failure.figure = figure.data()
        raise
