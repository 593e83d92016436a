"""A graded function that calls the student's own helpers is judged on top of those helpers.

08's ``train`` calls the student's ``loss_and_grads``, ``accuracy`` calls their ``forward``, 02's
``gradient_descent`` their ``numerical_gradient``. A mistake in the helper must cost the helper
only, so when such a function's result differs from the reference, the check runs the reference
function again with the helpers it calls replaced by the student's (called through the sandbox,
in this trusted process otherwise) and accepts a result that matches that. The failure message
then also says which helper differs from the reference and is to be fixed first.

    helpers = Helpers(student, reference, ["numerical_gradient"])
    helpers.judge(got, "gradient_descent", f, x0, lr=0.1, call=..., mistakes=...)
"""

import copy
import functools
import importlib
import itertools
import types

import numpy as np

from autograder.engine.checking import CheckFailed, NotDefined, StudentError, expect_unchanged, show
from autograder.checks.checklib import call_text, expect_close, expect_equal
from autograder.engine.i18n import _, next_sentence
from autograder.engine.student import snapshot

DRIVERS_03 = importlib.import_module("autograder.checks.03_losses_and_batches.drivers")  # minibatches
DRIVERS_08 = importlib.import_module("autograder.checks.08_training.drivers")  # forward


class Helper:
    """How to call one helper on the student's side and on the reference's, and what the caller gets.

    ``student(*args, **kwargs)`` returns ``(result, the arguments after the call)`` and
    ``reference(*args, **kwargs)`` a result comparable with the student's; ``returned(result, args,
    kwargs)`` is what the reference code gets back instead of the student's result.
    """

    def __init__(self, name, student, reference, returned=None, shown=None):
        self.name, self.student, self.reference = name, student, reference
        self.returned = returned or (lambda result, args, kwargs: result)
        self.shown = shown or name
        # each([(args, kwargs), ...]): the student's calls asked in one message (see Student.each),
        # a function per call answered that does what ``student(*args, **kwargs)`` does; None: one by one
        self.each = None


def function_helper(student, reference, name, shown=None):
    """A helper that is a plain function of the submission, compared as it is.

    What the student's function does to its data arguments (a params dict updated in place...) is
    done to the reference's arguments too, so the reference code sees the same side effects.
    """
    def attempted(args):  # a test function cannot travel back: no side effects to copy
        return not any(callable(arg) for arg in args)

    def returned(answer, args, kwargs):
        """(result, the arguments after the call) from what ``student.call`` or ``attempt`` gave."""
        if not attempted(args):
            return answer, None
        if answer["raised"] is not None:
            raise StudentError(answer["raised"], answer["message"], call_text(name, *args, **kwargs))
        return answer["result"], tuple(answer["args_after"])

    def call(*args, **kwargs):
        answer = student.attempt(name, *args, **kwargs) if attempted(args) else student.call(name, *args, **kwargs)
        return returned(answer, args, kwargs)

    def each(calls):
        answers = student.each([(name, args, kwargs, attempted(args)) for args, kwargs in calls])
        return [lambda answer=answer, args=args, kwargs=kwargs: returned(answer(), args, kwargs)
                for answer, (args, kwargs) in zip(answers, calls)]
    helper = Helper(name, call, getattr(reference, name), shown=shown)
    helper.each = each
    return helper


def forward_helper(student, reference):
    """08's ``forward``: the student's logits through a driver (their cache stays in the sandbox).

    The reference code gets the student's logits with the reference's cache: enough for what is
    computed from the logits (the loss, the predictions).
    """
    return Helper("forward", lambda params, X: (student.drive(DRIVERS_08.forward_logits, params, X), None),
                  lambda params, X: reference.forward(params, X)[0],
                  returned=lambda logits, args, kwargs: (logits, reference.forward(*args, **kwargs)[1]))


def minibatches_helper(student, reference):
    """03's ``minibatches`` (provided in 08): the student's batches listed by a driver."""
    def listed(namespace_call):
        return lambda X, y, batch_size, shuffle=True, seed=None, drop_last=False: \
            namespace_call(X, y, batch_size, shuffle, seed, drop_last)
    return Helper("minibatches", listed(lambda *args: (student.drive(DRIVERS_03.batches, *args), None)),
                  listed(lambda *args: DRIVERS_03.batches(vars(reference), *args)),
                  returned=lambda batches, args, kwargs: [tuple(pair) for pair in batches],
                  shown=_("minibatches (provided by the notebook)"))


class Helpers:
    """The reference functions of one assignment, driven by the student's versions of ``helpers``."""

    def __init__(self, reference, helpers):
        self.reference, self.helpers = reference, list(helpers)
        self.difference = None  # the first call where a student's helper differs from the reference

    def _proxy(self, helper, answered=None):
        """The student's ``helper`` as the reference code calls it; ``answered``: a :class:`_Rehearsal`
        whose answers stand for the calls it already made."""
        def call(*args, **kwargs):
            ready = answered and answered.take(helper, args, kwargs)
            got, after = ready[0]() if ready else helper.student(*args, **kwargs)
            if self.difference is None:
                self.difference = self._differs(helper, got, after, args, kwargs, ready and ready[1])
            result = helper.returned(got, args, kwargs)
            for before, value in zip(args, after or ()):
                _mirror(before, value)
            return result
        call.calls_the_student = True
        return call

    @staticmethod
    def _differs(helper, got, after, args, kwargs, expected=None):
        """``(helper, the call, how it differs)`` when the student's helper differs here, else None.

        ``expected``: ``(the reference helper's result for this call,)``, when known already."""
        expected = expected[0] if expected else helper.reference(*copy.deepcopy(args), **copy.deepcopy(kwargs))
        try:
            if not _identical(got, expected):
                expect_close(got, expected, call="")
        except CheckFailed:
            return helper, call_text(helper.name, *args, **kwargs), _("returned {got} where {expected} is expected").format(
                got=show(got, 160), expected=show(expected, 160))
        for before, value in zip(args, after or ()):
            try:
                expect_unchanged(before, value, call="", argument="")
            except CheckFailed:
                return helper, call_text(helper.name, *args, **kwargs), _("modified its arguments in place")
        return None

    def _reference(self, function):
        return getattr(self.reference, function) if isinstance(function, str) else function

    def driven(self, function, answered=None):
        """The reference ``function`` with the helpers it calls replaced by the student's."""
        return _with_helpers(function, {helper.name: self._proxy(helper, answered) for helper in self.helpers})

    def run_driven(self, function, *args, **kwargs):
        """``self.driven(function)(*args, **kwargs)``, in fewer round trips to the sandbox.

        A helper call costs a round trip, and a reference function may call a helper thousands of
        times (02's gradient_descent_norm: twice per iteration, 6674 iterations). So the calls it makes
        with the reference's own helpers are rehearsed here first and sent to the student's helpers in a
        few messages (see :class:`_Rehearsal`): as long as the student's answers are the reference's,
        the driven run makes exactly these calls, and takes the answers already there. From the first
        call that differs from the rehearsal on, it calls the student's helpers one by one as before.
        """
        rehearsal = _Rehearsal.of(self, function, args, kwargs)
        return self.driven(function, rehearsal)(*args, **kwargs)

    def proxy(self, name):
        """The student's helper ``name`` as the reference code would call it (for arguments such as ``update``)."""
        return self._proxy(next(helper for helper in self.helpers if helper.name == name))

    def note(self, function):
        """What the student reads about their helpers after ``function`` failed."""
        if self.difference is None:
            return ""
        helper, call, how = self.difference
        return next_sentence(_("Your {helper} differs from the reference where {function} calls it ({call} {how}): "
                               "fix {name} first. With your {name}, {function} still does not give what it "
                               "should.").format(helper=helper.shown, function=function, call=call, how=how,
                                                 name=helper.name))

    def judge(self, got, function, *args, call, mistakes=None, compare=expect_close, expected=None,
              part=lambda result: result, **kwargs):
        """Compare ``got`` with the reference ``function(*args, **kwargs)``; if that fails, with the
        reference driven by the student's helpers (``part`` picks what is compared of a result)."""
        name = function if isinstance(function, str) else function.__name__
        if expected is None:
            expected = part(self._reference(function)(*args, **kwargs))
        try:
            compare(got, expected, call=call, mistakes=mistakes, function=name)
            return
        except CheckFailed as failure:
            first = failure
        try:
            on_theirs = part(self.run_driven(self._reference(function), *[self._argument(a) for a in args],
                                             **{k: self._argument(v) for k, v in kwargs.items()}))
        except (StudentError, NotDefined) as error:
            raise CheckFailed(_("{failure} When {function} calls your helpers, {error}: fix that first.").format(
                failure=first, function=name, error=error)) from None
        except Exception:  # a helper's result the reference cannot work with: no second opinion
            if self.difference is None:
                raise first from None
            raise CheckFailed(str(first) + self.note(name)) from None
        if self.difference is None:
            raise first
        try:
            compare(got, on_theirs, call=call, function=name)
        except CheckFailed:
            raise CheckFailed(str(first) + self.note(name)) from None

    def _argument(self, value):
        """A student-function marker (``student.fn("adam")``) as the student's helper of that name."""
        if type(value).__name__ == "StudentFunction" and any(h.name == str(value) for h in self.helpers):
            return self.proxy(str(value))
        return value


def _with_helpers(function, helpers):
    """``function`` with the names in ``helpers`` ({name: callable}) bound to them in its globals."""
    namespace = dict(function.__globals__)
    namespace.update(helpers)
    bound = types.FunctionType(function.__code__, namespace, function.__name__, function.__defaults__,
                               function.__closure__)
    bound.__kwdefaults__ = function.__kwdefaults__
    return bound


class _Rehearsal:
    """The helper calls a reference function makes with the reference's helpers, and the student's answers.

    ``calls`` are ``(helper, args, kwargs, the reference helper's result)`` in order (copies, as they
    were at the call). The student's answers are asked for in batches of growing size, and no more
    are asked once one differs from the reference's result (the run will leave the rehearsed path
    there). :meth:`take` hands the driven run the answer of its next call when that call is the
    rehearsed one, with the same arguments: then the student's helper was asked exactly that, in the
    same order, and answered it. The first call that is not the rehearsed one, and every call after
    it, goes to the student's helper on its own. What the student's process may notice: having been
    asked up to one batch of calls past that point.
    """

    FIRST_BATCH, LARGEST_BATCH = 16, 1024

    def __init__(self, calls):
        self.calls, self.answers, self.next, self.left = calls, [], 0, False

    @classmethod
    def of(cls, helpers, function, args, kwargs):
        """The rehearsal of ``function(*args, **kwargs)``, None when its helpers cannot be asked in batches."""
        if not helpers.helpers or any(helper.each is None for helper in helpers.helpers) \
                or any(hasattr(value, "calls_the_student") for value in (*args, *kwargs.values())):
            return None  # (a rehearsal must not call the student's code)
        calls = []

        def rehearsed(helper):
            def call(*call_args, **call_kwargs):
                result = helper.reference(*snapshot(call_args), **snapshot(call_kwargs))
                calls.append((helper, snapshot(call_args), snapshot(call_kwargs), snapshot(result)))
                return helper.returned(result, call_args, call_kwargs)
            return call
        try:
            _with_helpers(function, {helper.name: rehearsed(helper) for helper in helpers.helpers})(
                *snapshot(args), **snapshot(kwargs))
        except Exception:  # the reference does not run on these inputs: nothing to rehearse
            return None
        rehearsal = cls(calls)
        rehearsal.ask()
        return rehearsal

    def ask(self):
        """The student's answers to the rehearsed calls, in batches, up to the first that differs."""
        size = self.FIRST_BATCH
        while len(self.answers) < len(self.calls):
            batch = self.calls[len(self.answers):len(self.answers) + size]
            # the calls of one batch go to one helper at a time, in order
            group = list(itertools.takewhile(lambda call: call[0] is batch[0][0], batch))
            answers = group[0][0].each([(args, kwargs) for _helper, args, kwargs, _expected in group])
            for answer, (*_call, expected) in zip(answers, group):
                self.answers.append(answer)
                try:
                    got = answer()[0]
                    if not _identical(got, expected):
                        expect_equal(got, expected, call="")
                except Exception:  # it differs (or raises): the driven run leaves the rehearsed path here
                    return
            if len(answers) < len(group):
                return
            size = min(2 * size, self.LARGEST_BATCH)

    def take(self, helper, args, kwargs):
        """``(answer, (the reference's result,))`` of this call when it is the next rehearsed one, else None."""
        if self.left or self.next >= len(self.answers):
            self.left = True
            return None
        rehearsed, rehearsed_args, rehearsed_kwargs, expected = self.calls[self.next]
        if rehearsed is not helper or not _identical(args, rehearsed_args) or not _identical(kwargs, rehearsed_kwargs):
            self.left = True
            return None
        self.next += 1
        return self.answers[self.next - 1], (expected,)


def _identical(a, b):
    """Whether ``a`` and ``b`` are the same value to the last bit (the same message to the sandbox)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, (np.ndarray, np.generic)):
        return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    if isinstance(a, float):
        return a.hex() == b.hex() if a == a else b != b
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(map(_identical, a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_identical(a[key], b[key]) for key in a)
    if isinstance(a, functools.partial):
        return a.func is b.func and _identical(a.args, b.args) and _identical(a.keywords, b.keywords)
    if callable(a):
        return a is b
    try:
        return bool(a == b)
    except Exception:
        return False


def _mirror(before, after):
    """Make the grader's argument ``before`` what the student's call left it (dicts and arrays in place)."""
    if isinstance(before, dict) and isinstance(after, dict):
        before.clear()
        before.update(after)
    elif isinstance(before, np.ndarray) and np.shape(after) == before.shape and before.flags.writeable:
        before[...] = after
