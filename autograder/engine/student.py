"""The ``student`` fixture: a proxy that calls the submission's functions and returns plain data.

A check writes ``student.adam(w, dw)``; the proxy sends the call to a backend and turns
the response into a value or one of the exceptions of ``autograder.engine.checking``. Two
backends answer the same requests with the same code (``sandbox.answer``) and the same
wire round trip, so a check sees identical plain data from both:

- :class:`SandboxBackend`: the submission runs in a sandboxed child process (the grader);
- :class:`InProcessBackend`: the submission is a namespace dict in this process, with no
  sandbox and no time limit: for the project's own tests, never for grading a submission.
"""

import functools
import secrets

import numpy as np

from autograder.engine import sandbox, sandbox_side, wire
from autograder.engine.checking import (BadResult, NotDefined, SandboxCrashed, StudentError, StudentTimeout, TooLarge,
                                 function_text, show)
from autograder.engine.i18n import _, next_sentence


def call_text(name, args, kwargs, value_text=None):
    """``adam([1.0, -2.0], [0.5, -3.0])``: a call as a student would write it, as a :class:`LazyText`.

    ``value_text`` writes one argument (default: ``show(value, 80)``); a ``functools.partial`` and
    a function are written by name around it. The arguments are copied now (arrays, lists, dicts),
    so the text says what was called even if the caller changes them afterwards. The text keeps
    ``name`` as its ``function``.
    """
    args, kwargs = snapshot(list(args)), snapshot(dict(kwargs))
    value_text = value_text or (lambda value: show(value, 80))

    def text(value):
        shown = function_text(value) if callable(value) and hasattr(value, "__name__") or \
            isinstance(value, functools.partial) else None
        if shown:
            return shown
        if isinstance(value, functools.partial):
            inner = [text(item) for item in value.args] + [f"{key}={text(item)}" for key, item in value.keywords.items()]
            return f"partial({', '.join([value.func.__name__, *inner])})"
        return value_text(value)
    return LazyText(lambda: f"{name}({', '.join([*map(text, args), *(f'{key}={text(item)}' for key, item in kwargs.items())])})",
                    function=name)


def snapshot(value):
    """A copy of the containers and arrays in ``value`` (a cheap copy: the leaves are small and immutable)."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (list, tuple)):
        return type(value)(map(snapshot, value)) if type(value) in (list, tuple) else value
    if isinstance(value, dict) and type(value) is dict:
        return {key: snapshot(item) for key, item in value.items()}
    return value


class LazyText:
    """Text written out the first time it is read: a failure message says what was called, but most
    calls pass, and writing their arguments out (numpy's array printing) costs more than the call.

    It stands wherever a message uses a ``str``: ``f"{call} ..."``, ``call + "..."``, ``"..." + call``,
    ``call.replace(...)``, ``str(call)``. ``function`` is the name of the function a call's text
    calls (kept by ``call + "..."``), so a check need not read it back out of the text.
    """

    __slots__ = ("_render", "_text", "function")

    def __init__(self, render, function=None):
        self._render, self._text, self.function = render, None, function

    def __str__(self):
        if self._text is None:
            self._text, self._render = str(self._render()), None
        return self._text

    def __format__(self, spec):
        return format(str(self), spec)

    def __repr__(self):
        return repr(str(self))

    def __add__(self, other):
        return LazyText(lambda: str(self) + str(other), self.function) if isinstance(other, (str, LazyText)) \
            else NotImplemented

    def __radd__(self, other):
        return LazyText(lambda: str(other) + str(self)) if isinstance(other, (str, LazyText)) else NotImplemented

    def __eq__(self, other):
        return str(self) == str(other) if isinstance(other, (str, LazyText)) else NotImplemented

    def __hash__(self):
        return hash(str(self))

    def __len__(self):
        return len(str(self))

    def __contains__(self, part):
        return str(part) in str(self)

    def __getattr__(self, name):  # the str methods: replace, startswith, ...
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(str(self), name)


def cell_words(error):
    """A cell as the student sees it in JupyterLab: "the cell that defines adam", "the cell starting `x = 1`".

    ``error`` is a cell error of the sandbox (``{"cell", "name", "error"}``); the number (among the
    notebook's cells, counted from 1) is the fallback of a record made without a name.
    """
    return error.get("name") or _("cell {number}").format(number=error["cell"])


def _cell_hint(cell_errors):
    if not cell_errors:
        return ""
    listed = "; ".join(f"{cell_words(error)}: {error['error']}" for error in cell_errors[:5])
    return next_sentence(_("These cells had errors, which may explain it: {cells}.").format(cells=listed))


class Student:
    """Proxy to a submission: ``student.NAME(*args, **kwargs)``, ``call``, ``attempt``, ``fn``, ``drive``."""

    def __init__(self, backend):
        self._backend = backend
        self.timeout = None  # seconds per call; set by the plugin from @check(timeout=...)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return functools.partial(self.call, name)

    def fn(self, name):
        """An argument standing for the submission's own function ``name`` (e.g. update=student.fn("adam"))."""
        return wire.StudentFunction(name)

    def call(self, name, *args, **kwargs):
        """Run the submission's ``name`` and return its result (a failure raises, see ``_request``)."""
        return self._request(_call_request(name, args, kwargs), call_text(name, args, kwargs))["result"]

    def each(self, calls):
        """What ``call`` (or ``attempt``, where marked) gives for each of ``calls``, asked in one message.

        ``calls`` is a list of ``(name, args, kwargs, attempt)``. Returns one function per call
        answered, in order, that returns that call's value or raises what the call would have raised;
        the list ends after the first call that raised, or the first the sandbox could not answer
        (a timeout, a crash): the calls after it were not made, or are to be made again one by one.
        Each call has the check's time limit, counted from the answer to the call before it.
        Empty when the calls cannot go in one message (a student function passed as an argument,
        a value that cannot be sent): then they are made one by one. For a chain of calls that are
        known in advance (see ``autograder.checks.dependents``), it saves a round trip per call.
        """
        if any(_holds_student_function(value) for _, args, kwargs, _ in calls for value in (args, kwargs)):
            return []  # resolved as the message is read: a missing one would answer for the whole message
        nonce = secrets.token_hex(8)
        request = {"op": "each", "calls": [_call_request(name, args, kwargs, attempt) for name, args, kwargs, attempt
                                           in calls], "nonce": nonce}
        try:
            responses, error = self._backend.request_each(request, len(calls), self.timeout)
        except wire.WireError:
            return []
        except Exception as raised:  # what the first call would have raised (an unreadable submission)
            return [_raising(raised)]
        answers = []
        for (name, args, kwargs, attempt), response in zip(calls, responses):
            call = call_text(name, args, kwargs)
            try:
                response = self._checked(response, nonce, call, report_raised=attempt)
                value = _report(response, args, call) if attempt else response["result"]
            except Exception as raised:
                return [*answers, _raising(raised)]
            answers.append(lambda value=value: value)
            if "raised" in response:  # attempted: the caller may stop at it
                return answers
        if error is not None and len(answers) < len(calls):
            name, args, kwargs, _ = calls[len(answers)]
            answers.append(_raising(_failed(error, call_text(name, args, kwargs))))
        return answers

    def shown(self, call):
        """``student.shown(words).NAME(...)``: ``student.NAME(...)`` whose failures name the call ``words``, for
        arguments too large to write out ("accuracy(params, X, y) for a network of layer sizes [4, 5, 3] ...")."""
        return _ShownCalls(self, call)

    def attempt(self, name, *args, **kwargs):
        """Run the submission's ``name`` and report what happened instead of raising what it raised.

        Returns ``{"result": what it returned (None if it raised), "raised": the exception's
        type name or None, "value_error": whether it is a ValueError (or a subclass),
        "message": str, "args_after": the positional arguments after the call (callables
        as None)}``: for "raises ValueError" and "leaves its arguments unchanged (also when
        f raises)" checks. The sandbox's own serving code reads the arguments back, not a
        driver the submission could replace (see ``sandbox._sealed_serve``).
        """
        call = call_text(name, args, kwargs)
        response = self._request(_call_request(name, args, kwargs, attempt=True), call, report_raised=True)
        return _report(response, args, call)

    def drive(self, driver, *args, **kwargs):
        """Run ``driver(namespace, *args, **kwargs)`` next to the submission: ``driver`` is a function of an
        assignment's ``drivers.py`` (see ``autograder.engine.sandbox_side``), ``namespace`` the submission's globals."""
        words, calls = getattr(driver, "shown_as", (None, None))
        call = _(words) if words else call_text(calls or driver.__name__, args, kwargs)
        return self._request({"op": "drive", "driver": driver, "args": list(args), "kwargs": kwargs}, call)["result"]

    def _request(self, request, call, report_raised=False):
        # A response that could earn anything must carry this request's nonce: the submission can
        # write frames to the sandbox's socket itself, but it cannot see the nonce without reaching
        # into the serving code's frames (see sandbox._sealed_serve).
        nonce = request["nonce"] = secrets.token_hex(8)
        try:
            response = self._backend.request(request, self.timeout)
        except (StudentTimeout, SandboxCrashed) as error:
            raise _failed(error, call) from None
        return self._checked(response, nonce, call, report_raised)

    def _checked(self, response, nonce, call, report_raised):
        """``response`` when it answers the request of ``nonce``; else what the call raises."""
        if not isinstance(response, dict):
            raise BadResult(_("not a response"), call)
        if ("result" in response or "raised" in response) and response.get("nonce") != nonce:
            self._backend.discard()  # its connection now holds a message out of turn
            raise BadResult(_("an answer the sandbox did not send: something wrote to the grader's connection"), call)
        if "missing" in response:
            raise NotDefined(_("{name} is not defined in the submission.").format(name=response["missing"])
                             + _cell_hint(self._backend.cell_errors()))
        if "raised" in response and not report_raised:
            raised = response["raised"]
            raise StudentError(str(raised.get("type")), str(raised.get("message")), call)
        if "bad" in response:
            raise BadResult(str(response["bad"]), call)
        if "too_large" in response:
            raise TooLarge(str(response["too_large"]), call)
        if "result" not in response and not (report_raised and "raised" in response):
            raise BadResult(_("not a response"), call)
        return response


def _call_request(name, args, kwargs, attempt=False):
    request = {"op": "call", "name": name, "args": list(args), "kwargs": kwargs}
    if attempt:
        request["return_args"] = True
    return request


def _report(response, args, call):
    """``Student.attempt``'s report of an answered call."""
    after, raised = response.get("args"), response.get("raised")
    if not isinstance(after, list) or len(after) != len(args) or not isinstance(raised, (dict, type(None))):
        raise BadResult(_("the arguments could not be read back"), call)
    raised = raised or {}
    return {"result": response.get("result"), "raised": None if not raised else str(raised.get("type")),
            "value_error": raised.get("value_error") is True, "message": str(raised.get("message", "")),
            "args_after": after}


def _failed(error, call):
    """The StudentTimeout or SandboxCrashed of the backend, saying which call it was."""
    if isinstance(error, StudentTimeout):
        return StudentTimeout(f"{call} {error}.")
    return SandboxCrashed(f"{call}: {error}.")


def _raising(error):
    def answer():
        raise error
    return answer


def _holds_student_function(value):
    if isinstance(value, wire.StudentFunction):
        return True
    if isinstance(value, functools.partial):
        return _holds_student_function(value.args) or _holds_student_function(value.keywords)
    if isinstance(value, (list, tuple)):
        return any(map(_holds_student_function, value))
    if isinstance(value, dict):
        return any(map(_holds_student_function, value.values()))
    return False


class _ShownCalls:
    """The submission's functions called with a given call text (see :meth:`Student.shown`)."""

    def __init__(self, student, call):
        self._student, self._call = student, call

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self._student._request(
            _call_request(name, args, kwargs), self._call)["result"]


class SandboxBackend:
    """Requests answered by a :class:`sandbox.Sandbox` (started on the first request)."""

    def __init__(self, box):
        self.box = box

    def request(self, request, timeout):
        return self.box.call(request, timeout)

    def request_each(self, request, count, timeout):
        return self.box.call_each(request, count, timeout)

    def discard(self):
        """End the submission's process (the next request starts it again)."""
        self.box.kill()

    def cell_errors(self):
        return self.box.cell_errors


class InProcessBackend:
    """Requests answered in this process from ``namespace``, the globals of the student's code.

    Arguments and results make the same wire round trip as with the sandbox: the student's
    function gets its own copies, and the check gets plain data. No time limit applies.
    """

    def __init__(self, namespace, cell_errors=()):
        self.namespace, self._cell_errors = namespace, list(cell_errors)

    def request(self, request, timeout):
        try:
            resolve = sandbox.resolver(self.namespace, sandbox_side.imported())
            decoded = wire.loads(wire.encode(request), resolve=resolve)
        except sandbox.Missing as missing:
            return {"missing": str(missing)}
        response = dict(sandbox.answer(decoded, self.namespace), nonce=decoded.get("nonce"))
        try:
            return wire.loads(wire.encode(response))
        except wire.WireBudgetExceeded as error:
            return {"too_large": str(error)}
        except Exception as error:  # not plain data, or an object that misbehaves when encoded
            return {"bad": str(error) if isinstance(error, wire.WireError) else
                    _("{error} while reading it").format(error=type(error).__name__)}

    def request_each(self, request, count, timeout):
        wire.encode(request)  # a value that cannot be sent fails before any call, as with the sandbox
        return [self.request({**call, "nonce": request["nonce"]}, timeout) for call in request["calls"]], None

    def cell_errors(self):
        return self._cell_errors

    def discard(self):
        pass


class UnreadableBackend:
    """Stands for a submission that could not be read: every call fails with the reason."""

    def __init__(self, reason):
        self.reason = reason

    def request(self, request, timeout):
        # never request["name"]: for a driver it is the grader's own name (e.g. value_graph)
        raise NotDefined(_("This check was not run because the submission could not be read: {reason}.").format(
            reason=self.reason))

    def request_each(self, request, count, timeout):
        return self.request(request, timeout)

    def cell_errors(self):
        return []
