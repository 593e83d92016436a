"""What a hidden check is written with: the ``@check`` marker, the ``expect_*`` comparisons
and the exceptions that carry a verdict.

A check runs in the trusted grader process. It gets the student's results as plain data
(see ``autograder.engine.wire``), recomputes the expected value with the reference, and compares
them here. Every failure is a :class:`CheckFailed` whose message is written for the
student: what was called, what came back, what was expected and, when the result matches
a known mistake, which one. The message never shows the check's code or its tolerances.
"""

import re
from dataclasses import dataclass

import numpy as np

from autograder.engine import requirements
from autograder.engine.i18n import N_, _, next_sentence, ngettext

MISTAKE_SENTENCE = N_("This is what you get with {mistake}.")


def mistake_sentence(description):
    """The sentence that names a known mistake, in the student's language (``description`` is its msgid)."""
    return _(MISTAKE_SENTENCE).format(mistake=_(description))


def _named_mistake(message):
    """The mistake a message's last sentence names (:data:`MISTAKE_SENTENCE`, in the current language), or None."""
    pattern = re.escape(_(MISTAKE_SENTENCE)).replace(r"\{mistake\}", "(.+)") + r"\Z"
    found = re.search(pattern, message, re.DOTALL)
    return found and found.group(1)


class CheckFailed(Exception):
    """The student's result is wrong; the message says how, in words a student can act on.

    ``mistake`` is the known mistake the result matches (its description, in English whatever the
    student's language), for the class report; by default it is read from the message's last
    sentence, "This is what you get with ...".
    """

    def __init__(self, message, mistake=None):
        super().__init__(message)
        self.mistake = mistake or _named_mistake(message)


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


def _where(path):
    return _(" (at {path})").format(path=path) if path else ""


class _ValueMismatch(str):
    """A difference in values (not in structure, shape or type), found at ``path``."""

    def __new__(cls, got, expected, path):
        text = super().__new__(cls, _("{got}{where} where {expected} is expected").format(
            got=show(got), where=_where(path), expected=show(expected)))
        text.path = path
        return text


def _items_mismatch(got, expected, path, exact, rtol, atol):
    """The first difference between a sequence ``got`` and a tuple or non-numeric list ``expected``."""
    if not isinstance(got, (tuple, list)) or len(got) != len(expected):
        return _("{got}{where} where {expected} is expected").format(
                got=describe(got), where=_where(path), expected=describe(expected))
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
            return _("{got}{where} where a dict is expected").format(got=describe(got), where=_where(path))
        for key, item in expected.items():
            if key not in got:
                return _("a dict without the key {key}{where}").format(key=repr(key), where=_where(path))
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
            return _("{got}{where} where {expected} is expected").format(
                got=describe(got), where=_where(path), expected=describe(expected))
        have = numeric_array(got)
        if have is None:
            return _("{got}{where} where {expected} is expected").format(
                got=describe(got), where=_where(path), expected=describe(expected))
        if have.shape != want.shape:
            if want.ndim == 0:
                return _("an array of shape {shape}{where} where a single number is expected").format(
                    shape=have.shape, where=_where(path))
            return _("an array of shape {shape}{where} where the expected result has shape {expected}").format(
                shape=have.shape, where=_where(path), expected=want.shape)
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
            return _("{got}{where}, which is not finite (nan or inf), where {expected} is expected").format(
                got=show(got), where=_where(path), expected=show(expected))
        return _ValueMismatch(got, expected, path)
    return _ValueMismatch(got, expected, path)


def _fail(got, expected, call, difference, mistakes, exact, rtol, atol):
    """Raise CheckFailed for a mismatch, naming a known mistake whose result ``got`` matches."""
    if isinstance(difference, _ValueMismatch) and not difference.path:
        message = _("{call} returned {got} but the expected result is {expected}.").format(
            call=call, got=show(got), expected=show(expected))
    else:
        message = _("{call} returned {difference}.").format(call=call, difference=difference)
    for mistake, value in (mistakes or {}).items():
        try:
            explains = _mismatch(got, value, "", exact, rtol, atol) is None
        except Exception:  # a mistake value that cannot be compared is no diagnosis
            continue
        if explains:
            raise CheckFailed(message + next_sentence(mistake_sentence(mistake)), mistake)
    raise CheckFailed(message)


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
        raise CheckFailed(_("{call} modified its argument {argument} in place: it was {before} before the call "
                            "and {after} after it. Compute a new value instead (e.g. w = w - ... rather than "
                            "w -= ...), or work on a copy.").format(call=call, argument=argument, before=show(before),
                                                                   after=show(after)))

