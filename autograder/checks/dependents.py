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
import importlib
import types

import numpy as np

from autograder.engine.checking import CheckFailed, NotDefined, StudentError, expect_unchanged, show
from autograder.checks.checklib import call_text, expect_close
from autograder.engine.i18n import _, next_sentence

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


def function_helper(student, reference, name, shown=None):
    """A helper that is a plain function of the submission, compared as it is.

    What the student's function does to its data arguments (a params dict updated in place...) is
    done to the reference's arguments too, so the reference code sees the same side effects.
    """
    def call(*args, **kwargs):
        if any(callable(arg) for arg in args):  # a test function cannot travel back: no side effects to copy
            return student.call(name, *args, **kwargs), None
        report = student.attempt(name, *args, **kwargs)  # the arguments after the call, read back by the sandbox
        if report["raised"] is not None:
            raise StudentError(report["raised"], report["message"], call_text(name, *args, **kwargs))
        return report["result"], tuple(report["args_after"])
    return Helper(name, call, getattr(reference, name), shown=shown)


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

    def _proxy(self, helper):
        def call(*args, **kwargs):
            got, after = helper.student(*args, **kwargs)
            if self.difference is None:
                self.difference = self._differs(helper, got, after, args, kwargs)
            result = helper.returned(got, args, kwargs)
            for before, value in zip(args, after or ()):
                _mirror(before, value)
            return result
        return call

    @staticmethod
    def _differs(helper, got, after, args, kwargs):
        """``(helper, the call, how it differs)`` when the student's helper differs here, else None."""
        call = call_text(helper.name, *args, **kwargs)
        expected = helper.reference(*copy.deepcopy(args), **copy.deepcopy(kwargs))
        try:
            expect_close(got, expected, call="")
        except CheckFailed:
            return helper, call, _("returned {got} where {expected} is expected").format(got=show(got, 160),
                                                                                          expected=show(expected, 160))
        for before, value in zip(args, after or ()):
            try:
                expect_unchanged(before, value, call="", argument="")
            except CheckFailed:
                return helper, call, _("modified its arguments in place")
        return None

    def _reference(self, function):
        return getattr(self.reference, function) if isinstance(function, str) else function

    def driven(self, function):
        """The reference ``function`` with the helpers it calls replaced by the student's."""
        namespace = dict(function.__globals__)
        namespace.update({helper.name: self._proxy(helper) for helper in self.helpers})
        driven = types.FunctionType(function.__code__, namespace, function.__name__, function.__defaults__,
                                    function.__closure__)
        driven.__kwdefaults__ = function.__kwdefaults__
        return driven

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
            on_theirs = part(self.driven(self._reference(function))(*[self._argument(a) for a in args],
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


def _mirror(before, after):
    """Make the grader's argument ``before`` what the student's call left it (dicts and arrays in place)."""
    if isinstance(before, dict) and isinstance(after, dict):
        before.clear()
        before.update(after)
    elif isinstance(before, np.ndarray) and np.shape(after) == before.shape and before.flags.writeable:
        before[...] = after
