"""Probes that call the student's code again on a failing input with one thing changed.

The other diagnoses look at one wrong result (``autograder.engine.diagnosis``) or recompute
known mistakes with the reference (``known_mistakes``). These ask the student's own code, through
the same sandboxed ``student`` proxy, what happens when one thing about the failing call changes,
and compare with what the reference does on the same call:

- **an ignored argument**: one argument changed, the expected result moves but the student's does
  not: "your result does not depend on curvature";
- **integers**: the same values as floats give the right result (or no exception);
- **zeros**: the arrays of a dict argument that share a name (every ``params['b…']``) set to zeros give the
  right result ("the mistake is in how your code uses them": 08's biases added after the ReLU);
- **one row**: the first and the last row alone (or one 1-D row) give the right result, the batch does not
  (what is known, not the cause: the fix may be an axis, a division or another branch of their code);
- and, from the result alone, values **returned in the wrong order** and a history whose every
  entry is the **same array** (appended, then changed in place).

How it runs: the ``student`` fixture hands the checks a :class:`Recorder`, which remembers the last
few calls made through it. When a check fails, :func:`explain` finds the call that produced the
failing value (by identity, so a value the check computed itself is never probed), makes the
reference give the value the check expected from that call (else it probes nothing), and only then
calls the student again. It replaces the failure's finding only when no known mistake matched,
so the catalogue's lecture-specific words win; the function's verdict states it as the cause only
when every failed check carries it (``diagnosis.function_summaries``).

Cost: only for a failed check, at most :data:`CALLS_PER_FAILURE` extra calls, none for a call that
took longer than :data:`SLOW_CALL` seconds, and at most :data:`CALLS_PER_SUBMISSION` per submission.
"""

import copy
import dataclasses
import functools
import inspect
import itertools
import time
import weakref
from dataclasses import dataclass, field

import numpy as np
import pytest

from autograder.engine.checking import (ATOL, RTOL, BadResult, CheckFailed, all_finite, NotDefined, SandboxCrashed,
                                        StudentError, StudentTimeout, show)
from autograder.engine.diagnosis import Finding, part_words
from autograder.engine.i18n import _

RECORDER = pytest.StashKey()
KEPT_CALLS = 8            # calls a check made that a failure is looked up among
CALLS_PER_FAILURE = 8     # extra student calls one failed check may make
CALLS_PER_SUBMISSION = 60
SLOW_CALL = 0.5           # seconds: a call slower than this is not made again
RECALL_ERRORS = (StudentError, StudentTimeout, SandboxCrashed, NotDefined)  # BadResult is a StudentError


@dataclass
class Call:
    """One call a check made through the :class:`Recorder`: its arguments (copied), result or error, duration."""
    name: str
    args: tuple
    kwargs: dict
    result: object = None
    error: Exception = None
    seconds: float = 0.0
    driver: object = None   # for ``student.drive(driver, ...)``: the driver, run on the reference's namespace too

    def reference_function(self, reference):
        """What computes this call's result with the reference (a driver on the reference module's namespace)."""
        if self.driver is not None:
            return functools.partial(self.driver, vars(reference))
        return getattr(reference, self.name, None)


@dataclass
class Budget:
    """The extra calls left for this submission (shared by every check's recorder)."""
    left: int = CALLS_PER_SUBMISSION
    spent_seconds: float = 0.0
    calls: int = 0


_budgets = weakref.WeakKeyDictionary()  # the submission's student proxy -> its Budget


def recorder(student):
    """A :class:`Recorder` of ``student`` (the submission's proxy) for one check, sharing the submission's budget."""
    return Recorder(student, _budgets.setdefault(student, Budget()))


class Recorder:
    """The ``student`` proxy as the checks see it: the same calls, the last :data:`KEPT_CALLS` remembered."""

    def __init__(self, student, budget):
        self._student, self._budget, self.calls = student, budget, []
        self.last = {}  # the last call of each function: a check's own call stays findable after helper calls

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if hasattr(type(self._student), name):  # the proxy's own methods (each, ...), not the submission's functions
            return getattr(self._student, name)
        return lambda *args, **kwargs: self.call(name, *args, **kwargs)

    def fn(self, name):
        return self._student.fn(name)

    def shown(self, call):
        """``student.shown(call)``, its calls remembered like the others."""
        return _ShownRecorder(self, self._student.shown(call))

    def drive(self, driver, *args, **kwargs):
        return self._record(driver.__name__, args, kwargs, lambda: self._student.drive(driver, *args, **kwargs), driver)

    def _record(self, name, args, kwargs, run, driver=None):
        entry = Call(name, copy.deepcopy(args), copy.deepcopy(kwargs), driver=driver)
        self._keep(entry)
        start = time.perf_counter()
        try:
            entry.result = run()
        except StudentError as error:
            entry.error = error
            raise
        finally:
            entry.seconds = time.perf_counter() - start
        return entry.result

    def call(self, name, *args, **kwargs):
        return self._record(name, args, kwargs, lambda: self._student.call(name, *args, **kwargs))

    def attempt(self, name, *args, **kwargs):
        report = self._student.attempt(name, *args, **kwargs)
        entry = Call(name, copy.deepcopy(args), copy.deepcopy(kwargs), result=report["result"])
        if report["raised"] is None:
            self._keep(entry)
        return report

    def _keep(self, entry):
        self.calls = [*self.calls[-(KEPT_CALLS - 1):], entry]
        self.last[entry.name] = entry

    def kept(self):
        """The calls to look a failing value up among, the latest first."""
        latest = list(reversed(self.calls))
        return latest + [entry for entry in self.last.values() if entry not in latest]

    def again(self, entry, args, kwargs):
        """The call ``entry`` once more with these arguments, within the budget; raises :class:`Spent` past it."""
        if self._budget.left <= 0:
            raise Spent()
        self._budget.left -= 1
        start = time.perf_counter()
        args, kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
        try:
            if entry.driver is not None:
                return self._student.drive(entry.driver, *args, **kwargs)
            return self._student.call(entry.name, *args, **kwargs)
        except (StudentTimeout, SandboxCrashed):
            self._budget.left = 0  # a changed call that hangs or kills the sandbox: no more of them here
            raise
        finally:
            self._budget.spent_seconds += time.perf_counter() - start
            self._budget.calls += 1


class _ShownRecorder:
    """:meth:`Recorder.shown`: ``NAME(...)`` called with the given call text, and remembered."""

    def __init__(self, recorder, shown):
        self._recorder, self._shown = recorder, shown

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self._recorder._record(name, args, kwargs,
                                                              lambda: getattr(self._shown, name)(*args, **kwargs))


class Spent(Exception):
    """No extra call is left for this failure or this submission."""


# ----------------------------------------------------------------------------- comparing plain data

def agree(got, want, rtol=RTOL, atol=ATOL, exact=False):
    """Whether ``got`` is ``want`` as the checks compare (a dict: on the keys ``want`` has)."""
    if isinstance(want, dict):
        return isinstance(got, dict) and all(key in got and agree(got[key], value, rtol, atol, exact)
                                             for key, value in want.items())
    if isinstance(want, (tuple, list)) and not _numeric(want):
        return isinstance(got, (tuple, list)) and len(got) == len(want) and \
            all(agree(g, w, rtol, atol, exact) for g, w in zip(got, want))
    if want is None or isinstance(want, (str, bool, np.bool_)):
        return type(got) is type(want) and got == want
    if not _numeric(want) or not _numeric(got) or isinstance(got, (str, bool, dict)):
        return False
    g, w = np.asarray(got), np.asarray(want)
    if g.shape != w.shape:
        return False
    if exact:
        return bool(np.array_equal(g, w))
    with np.errstate(all="ignore"):
        return bool(np.allclose(g.astype(float), w.astype(float), rtol=rtol, atol=atol, equal_nan=True))


def _numeric(value):
    try:
        return np.asarray(value).dtype.kind in "biuf"
    except (TypeError, ValueError):
        return False


def _locate(result, got):
    """The path (``()``, ``(1,)``, ``("loss",)``) at which ``got`` is (the same object) in ``result``, or None."""
    if result is got:
        return ()
    if isinstance(result, (tuple, list)):
        for index, item in enumerate(result):
            if item is got:
                return (index,)
    if isinstance(result, dict):
        for key, item in result.items():
            if item is got:
                return (key,)
    return None


def _like(value, template):
    """``value`` cut to the structure of ``template`` (a dict to its keys), for comparing only what is checked."""
    if isinstance(template, dict) and isinstance(value, dict):
        return {key: _like(value[key], item) for key, item in template.items() if key in value}
    if isinstance(template, (tuple, list)) and isinstance(value, (tuple, list)) and len(template) == len(value):
        return type(template)(_like(v, t) for v, t in zip(value, template))
    return value


def _pick(result, path):
    for step in path:
        result = result[step]
    return result


# ----------------------------------------------------------------------------- the probes

@dataclass
class Probe:
    """One failed call to explain: the student's function, the call, what of its result is compared."""
    recorder: Recorder
    function: object        # the reference function of the same name
    call: Call
    path: tuple
    got: object             # what the student's call gave there (None when it raised)
    expected: object        # what the check expected there
    tolerance: dict = field(default_factory=lambda: {"rtol": RTOL, "atol": ATOL, "exact": False})
    left: int = CALLS_PER_FAILURE
    whole: object = None    # the reference's whole result of the call
    contradicts: list = field(default_factory=list)  # claims this call refutes ("ignores lr": lr moves the result)

    def reference(self, args, kwargs):
        """The reference's result at ``path`` for this call, or raises what the reference raises."""
        with np.errstate(all="ignore"):
            return _pick(self.function(*copy.deepcopy(args), **copy.deepcopy(kwargs)), self.path)

    def student(self, args, kwargs):
        """The student's result at ``path`` for this call (raises what their code raises, or :class:`Spent`)."""
        if self.left <= 0:
            raise Spent()
        self.left -= 1
        result = self.recorder.again(self.call, args, kwargs)
        return _pick(result, self.path) if result is not None or not self.path else None

    def right(self, value, expected):
        return agree(value, expected, **self.tolerance)


def _parameter_names(function, args):
    try:
        names = [name for name, parameter in inspect.signature(function).parameters.items()
                 if parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        names = []
    return [names[index] if index < len(names) else str(index + 1) for index in range(len(args))]


def _changed(value):
    """``value`` with its number(s) changed a little the way a person would, or None for what is not changed."""
    if isinstance(value, (bool, np.bool_)):
        return not value
    if isinstance(value, (int, np.integer)):
        return value + 1
    if isinstance(value, (float, np.floating)):
        return float(value) * 0.7 if value else 0.1
    if isinstance(value, np.ndarray) and value.dtype.kind == "f" and value.size:
        return value * 0.8 + 0.1
    return None


def _arguments(probe):
    """``(words, args, kwargs)`` for each argument of the call changed alone (a dict's numbers one by one)."""
    args, kwargs = list(probe.call.args), dict(probe.call.kwargs)
    names = _parameter_names(probe.function, args)
    slots = [(names[i], args[i], lambda v, i=i: (args[:i] + [v] + args[i + 1:], kwargs)) for i in range(len(args))]
    slots += [(key, value, lambda v, key=key: (args, {**kwargs, key: v})) for key, value in kwargs.items()]
    for words, value, put in slots:
        if words == "config" and (value is None or isinstance(value, dict)):
            value = {**_hyperparameters(probe.whole), **(value or {})}  # the defaults of what it does not give
        if isinstance(value, dict):
            for key, item in value.items():
                changed = _changed(item) if isinstance(item, (int, float)) and not isinstance(item, bool) else None
                if changed is not None:
                    yield f"{words}['{key}']", item, changed, (*put({**value, key: changed}),)
            continue
        changed = _changed(value)
        if changed is not None:
            yield words, value, changed, (*put(changed),)


def _hyperparameters(whole):
    """An update rule's hyper-parameters at their defaults: the numbers of the config it returns (its state is arrays)."""
    if isinstance(whole, tuple) and whole and isinstance(whole[-1], dict):
        return {key: value for key, value in whole[-1].items() if isinstance(value, float)}
    return {}


def ignored_argument(probe):
    """"Your result does not depend on ``curvature``": the expected result moves with it, the student's does not."""
    if not all_finite(probe.got):
        return None  # nan stays nan whatever changes: no evidence
    ignored, moved = [], []
    for words, value, changed, (args, kwargs) in _arguments(probe):
        try:
            expected = probe.reference(args, kwargs)
        except Exception:  # the reference rejects this value: no evidence either way
            continue
        if probe.right(expected, probe.expected):
            continue  # the expected result does not move with it here
        try:
            got = probe.student(args, kwargs)
        except Spent:
            break
        except RECALL_ERRORS:
            moved.append(words)  # their code reacts to it (it raises now)
            continue
        if agree(_like(got, probe.expected), _like(probe.got, probe.expected), rtol=1e-9, atol=1e-12):
            if probe.right(got, expected):
                continue  # the changed value happens to give the right result: no evidence (steps of 1000 by 201)
            ignored.append((words, value, changed))
        else:
            moved.append(words)
    probe.contradicts += [f"ignores {words}" for words in moved]
    if not ignored or not moved and len(ignored) > 1:
        return None  # nothing ignored, or nothing that moves the result at all: no argument stands out
    names = ", ".join(words for words, _value, _changed_value in ignored)
    words, value, changed = ignored[0]
    return Finding("recall", f"ignores {names}", _(
        "Your result does not depend on {names}, as if your code ignored it: with {name} = {changed} instead of "
        "{value}, the expected result changes but yours stays the same. Use that argument where the formula needs "
        "it.").format(
        names=names, name=words, changed=show(changed, 60), value=show(value, 60)),
        claims=tuple(f"ignores {words}" for words, _value, _changed_value in ignored))


def zeroed_entry(probe):
    """"Right when every params['b…'] is zero": the arrays of a dict argument that share a name (b1, b2, ...) set
    to zeros make the student's result right.

    Zeros that make the expected result stop depending on the other array arguments (W = 0 hides the input)
    say nothing and are left out; more than one such group that fixes it names none.
    """
    args, kwargs = list(probe.call.args), dict(probe.call.kwargs)
    names = _parameter_names(probe.function, args)
    fixes = []
    for index, value in enumerate(args):
        others = [i for i, v in enumerate(args) if i != index and isinstance(v, np.ndarray) and v.dtype.kind == "f"]
        if not isinstance(value, dict) or not others:
            continue
        groups = {}
        for key, item in value.items():
            if isinstance(key, str) and isinstance(item, np.ndarray) and item.dtype.kind == "f" and np.any(item):
                groups.setdefault(key.rstrip("0123456789"), []).append(key)
        for prefix, keys in groups.items():
            zeroed = args[:index] + [{**value, **{key: np.zeros_like(value[key]) for key in keys}}] + args[index + 1:]
            try:
                expected = probe.reference(zeroed, kwargs)
                if any(probe.right(probe.reference([_changed(v) if i == other else v for i, v in enumerate(zeroed)],
                                                   kwargs), expected) for other in others):
                    continue  # with these zeros the result no longer depends on the rest: no evidence
                got = probe.student(zeroed, kwargs)
            except Spent:
                break
            except Exception:
                continue
            if probe.right(got, expected):
                fixes.append((f"{names[index]}['{prefix}']", ", ".join(f"{names[index]}['{key}']" for key in keys)))
    if len(fixes) != 1:
        return None
    group, entries = fixes[0]
    return Finding("recall", f"zero {group}", _(
        "Your result is right when {entries} are all zeros and wrong otherwise: the mistake is in how your code uses "
        "them (where they are added or multiplied, before or after which step).").format(entries=entries))


def _floats(value, scalars):
    """``value`` with its integers as floats (arrays and lists; plain ints too when ``scalars``), or None if none."""
    if isinstance(value, np.ndarray) and value.dtype.kind in "iu":
        return value.astype(float)
    if isinstance(value, list) and value and all(isinstance(v, (int, np.integer)) and not isinstance(v, bool)
                                                 for v in np.ravel(np.asarray(value, dtype=object))):
        return np.asarray(value, dtype=float).tolist()
    if scalars and isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return float(value)
    return None


def integers(probe):
    """Right with the same values as floats, wrong (or raising) with integers."""
    for scalars in (False, True):
        converted = [_floats(value, scalars) for value in probe.call.args]
        converted_kw = {key: _floats(value, scalars) for key, value in probe.call.kwargs.items()}
        if all(v is None for v in [*converted, *converted_kw.values()]):
            continue
        args = [v if f is None else f for v, f in zip(probe.call.args, converted)]
        kwargs = {key: value if converted_kw[key] is None else converted_kw[key] for key, value in probe.call.kwargs.items()}
        try:
            expected = probe.reference(args, kwargs)
        except Exception:
            continue
        if not probe.right(expected, probe.expected):
            continue  # the reference itself differs on floats: no comparison
        try:
            got = probe.student(args, kwargs)
        except Spent:
            return None
        except RECALL_ERRORS:
            return None
        if probe.right(got, expected):
            what = _("raises an error") if probe.call.error is not None else _("gives a wrong result")
            return Finding("recall", "integers", _(
                "With the same numbers as floats your function is right; with integers it {what}. Convert the input "
                "to float first (e.g. x = np.asarray(x, dtype=float)): an integer array keeps only whole numbers, "
                "and x -= ... or x[i] = ... on it cannot store a fraction.").format(what=what))
        return None
    return None


def one_row(probe):
    """Right on one row (the first and the last alone, or one row as a 1-D array), wrong on the whole batch."""
    args, kwargs = list(probe.call.args), dict(probe.call.kwargs)
    arrays = [v for v in [*args, *kwargs.values()] if isinstance(v, np.ndarray) and v.ndim >= 2 and len(v) > 1]
    if not arrays:
        return _as_row(probe, args, kwargs)
    rows = len(arrays[0])
    if not _per_row(probe.expected, rows):
        return None  # a result not made of rows (a list of batches, a gradient per weight): one row says nothing

    def sliced(cut):
        def cut_value(value):
            return cut(value) if isinstance(value, np.ndarray) and value.ndim >= 1 and len(value) == rows else value
        return [cut_value(v) for v in args], {key: cut_value(v) for key, v in kwargs.items()}

    for cuts, words in (((lambda v: v[:1], lambda v: v[-1:]), "rows"), ((lambda v: v[0], lambda v: v[-1]), "1-D")):
        right = 0
        for cut in cuts:
            try:
                expected = probe.reference(*sliced(cut))
                got = probe.student(*sliced(cut))
            except Spent:
                return None
            except Exception:  # the reference or the student's code rejects one row: try the next form
                break
            if not probe.right(got, expected):
                break
            right += 1
        if right == len(cuts):
            if words == "rows":
                sentence = _("Your result is right for one row alone (the first, and the last) but wrong for {rows} "
                             "rows together: look at the axis your sums, maxima or means run along (axis=-1 or "
                             "axis=1, keepdims=True) and at what you divide by.")
                # what is known, not the cause: the fix may be an axis, a division, or another branch of their code
                return Finding("recall", "one row", sentence.format(rows=rows), cause=False)
            # a 1-D row may take another branch of their code: what is known, not the cause
            return Finding("recall", "1-D", _("Your result is right for one row given as a 1-D array but wrong for a "
                                              "2-D array of {rows} rows: the mistake is in what your code does with "
                                              "a 2-D input.").format(rows=rows), cause=False)
    return None


def _as_row(probe, args, kwargs):
    """Right when the 1-D arrays of the call are given as 2-D arrays of one row, wrong as they are."""
    def lifted(value):
        return value[None] if isinstance(value, np.ndarray) and value.ndim == 1 and value.size else value
    if not any(isinstance(v, np.ndarray) and v.ndim == 1 for v in [*args, *kwargs.values()]):
        return None
    args, kwargs = [lifted(v) for v in args], {key: lifted(v) for key, v in kwargs.items()}
    try:
        expected = probe.reference(args, kwargs)
        got = probe.student(args, kwargs)
    except Exception:  # Spent, or one side rejects a row: no evidence
        return None
    if not probe.right(got, expected):
        return None
    # what is known, not the cause: the 1-D input may take another branch of their code
    return Finding("recall", "2-D", _("Your result is right for the same values given as a 2-D array of one row but "
                                      "wrong for the 1-D array: the mistake is in what your code does with a 1-D "
                                      "input."), cause=False)


def _per_row(value, rows):
    """Whether ``value`` is a number or arrays of ``rows`` rows (what a batch of that many rows gives row by row)."""
    if isinstance(value, dict):
        return bool(value) and all(_per_row(item, rows) for item in value.values())
    if isinstance(value, tuple):
        return bool(value) and all(_per_row(item, rows) for item in value)
    array = np.asarray(value) if _numeric(value) else None
    return array is not None and (array.ndim == 0 or len(array) == rows)


def returned_order(got, expected, names=(), **tolerance):
    """The values of a returned tuple in another order than asked (``(history, x)`` for ``(x, history)``)."""
    if not isinstance(expected, tuple) or not 2 <= len(expected) <= 4 or not isinstance(got, (tuple, list)) \
            or len(got) != len(expected):
        return None
    for order in itertools.permutations(range(len(expected))):
        if list(order) != sorted(order) and all(agree(got[o], expected[i], **tolerance) for i, o in enumerate(order)):
            asked = ", ".join(str(name) for name in names) if len(names) == len(expected) else ""
            return Finding("recall", "order", _(
                "Your function returns the right values in the wrong order: the first value returned is what "
                "belongs in position {position}. Return them in the order asked{order}.").format(
                position=order.index(0) + 1, order=f" ({asked})" if asked else ""))
    return None


def same_array_every_step(got, expected, path=""):
    """Every row of a history is the last expected one: one array appended each step, then changed in place."""
    try:
        g, e = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return None
    if g.shape != e.shape or g.ndim < 1 or len(g) < 3 or np.allclose(e, e[-1]):
        return None
    if np.allclose(g, g[-1]) and np.allclose(g[-1], e[-1]):
        return Finding("recall", "same array", _(
            "Every entry of {part} is the last expected value: the same array is stored at every step and then "
            "changed in place (x -= ...). Store a copy (x.copy()) or compute a new array (x = x - ...).").format(
            part=part_words(path)))
    return None


# ----------------------------------------------------------------------------- after a failed check

def explain(error, recorder, reference):
    """Give ``error`` (a failed check's exception) the finding the probes make, when they make one."""
    if isinstance(error, CheckFailed):
        compared = getattr(error, "compared", None)
        if compared is None or (error.finding is not None and error.finding.kind == "mistake"):
            return
        got, expected, names, tolerance = compared
        found = returned_order(got, expected, names, **tolerance) or same_array_every_step(got, expected)
        contradicts = ()
        if found is None:
            found, contradicts = _recalled(recorder, reference, lambda entry: _locate(entry.result, got), got,
                                           expected, tolerance)
    elif isinstance(error, StudentError) and not isinstance(error, BadResult):
        found, contradicts = _recalled(recorder, reference, lambda entry: () if entry.error is error else None, None,
                                       None, {"rtol": RTOL, "atol": ATOL, "exact": False})
    else:
        return
    if found is None:
        found = kept_between_calls(recorder, reference)
    current = getattr(error, "finding", None)  # a raised call has none yet
    # A cause the result itself shows (a shift, a length) is kept; so is a factor too plain to be a cause alone,
    # which the verdict states when every failed check shares it, unless the same values as a 2-D row are right
    # (a factor the same on every input would show there too). Observations give way.
    if found is not None and (current is None or not current.cause and (
            found.cause or current.kind in ("part", "later") or current.kind == "factor" and found.key == "2-D")):
        error.finding = found
    if contradicts and error.finding is not None:  # what this check refutes, for the verdict over all of them
        error.finding = dataclasses.replace(error.finding, contradicts=(*error.finding.contradicts, *contradicts))


def kept_between_calls(recorder, reference):
    """The check's first call that returned, made again: another result from the student's code (where the
    reference gives the same twice) means their code keeps something from one call to the next."""
    entry = next((entry for entry in recorder.calls if entry.error is None), None)
    function = entry.reference_function(reference) if entry is not None else None
    if not callable(function) or entry.seconds > SLOW_CALL:
        return None
    try:
        with np.errstate(all="ignore"):
            first, second = (function(*copy.deepcopy(entry.args), **copy.deepcopy(entry.kwargs)) for _twice in range(2))
        if not agree(first, second, exact=True):
            return None  # the reference itself differs from call to call (an unseeded shuffle): no evidence
        again = recorder.again(entry, entry.args, entry.kwargs)
    except Exception:  # Spent, or the call raises now: no evidence either way
        return None
    if agree(again, entry.result, rtol=1e-12, atol=0.0):
        return None
    # what is known, not the cause: a dict shared between calls, or random numbers drawn without the seed
    return Finding("recall", "kept between calls", _(
        "Called again with the same arguments, your function returns something else: its result depends on more "
        "than its arguments, such as a dict or list shared between calls (made once, at module level or as a default "
        "argument, and changed by the calls) or random numbers not drawn from the seed it is given."), cause=False)


def _recalled(recorder, reference, where, got, expected, tolerance):
    """``(finding or None, the claims the probed call contradicts)``."""
    for entry in recorder.kept():
        path = where(entry)
        if path is not None:
            break
    else:
        return None, ()
    function = entry.reference_function(reference)
    if not callable(function) or entry.seconds > SLOW_CALL:
        return None, ()
    probe = Probe(recorder, function, entry, path, got, expected, tolerance)
    try:
        whole = probe.whole = function(*copy.deepcopy(entry.args), **copy.deepcopy(entry.kwargs))
        if expected is None:
            probe.expected = _pick(whole, path)
        elif not probe.right(_pick(whole, path), expected):
            return None, ()  # the check expected something else than the reference's result of this call
    except Exception:
        return None, ()
    if path and entry.error is None:  # a part of the result compared: are the parts in the asked order?
        found = returned_order(entry.result, whole if isinstance(whole, tuple) else None, **tolerance)
        if found is not None:
            return found, ()
    probes = (integers, one_row) if entry.error is not None else (ignored_argument, zeroed_entry, integers, one_row)
    for make in probes:
        found = make(probe)
        if found is not None:
            return found, tuple(probe.contradicts)
    return None, tuple(probe.contradicts)
