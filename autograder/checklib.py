"""Helpers shared by the hidden check files (``autograder/checks/<ID>.py``).

- :func:`call_text` writes the call a student sees in a message: ``adam(w=[1., -2.], dw=...)``.
- :func:`expect_value_error` checks that a call raises ``ValueError`` (through a driver, so
  a subclass of ValueError counts, and a wrong exception is named).
- :func:`expect_no_mutation` calls a student function with ``returning_args=True`` and checks
  that the array/dict arguments are unchanged.
- :func:`run_updates` threads ``config`` through several calls of an update rule (04, 05).
"""

import functools

import numpy as np

from autograder import checking
from autograder.checking import CheckFailed, expect_unchanged, show


def _arg_text(value):
    if isinstance(value, functools.partial):
        inner = [_arg_text(a) for a in value.args] + [f"{k}={_arg_text(v)}" for k, v in value.keywords.items()]
        return f"partial({value.func.__name__}{''.join(', ' + i for i in inner)})"
    if callable(value) and hasattr(value, "__name__"):
        return value.__name__
    if type(value).__name__ == "StudentFunction":  # student.fn("sgd"): the student's own function
        return f"your {value}"
    if isinstance(value, np.ndarray) and value.dtype.kind in "iu":
        return f"np.array({show(value.tolist(), 120)})"
    if isinstance(value, np.ndarray):
        return show(value, 120).replace("array(", "np.array(")
    return show(value, 120)


def call_text(function, *args, **kwargs):
    """``function(arg, ..., key=value)`` with short, readable arguments."""
    parts = [_arg_text(a) for a in args] + [f"{k}={_arg_text(v)}" for k, v in kwargs.items()]
    text = f"{function}({', '.join(parts)})"
    if not text.startswith("np.array("):
        text = text.replace("np.array(array(", "np.array(")
    return text


def expect_value_error(student, function, *args, why, **kwargs):
    """Check that ``function(*args, **kwargs)`` raises ValueError in the student's code."""
    call = call_text(function, *args, **kwargs)
    report = student.drive("call_catching", function, list(args), kwargs)
    if report["value_error"]:
        return
    if report["raised"] is None:
        raise CheckFailed(f"{call} returned normally but it should raise ValueError: {why}.")
    raise CheckFailed(f"{call} raised {report['raised']} ({report['message']}) but it should raise "
                      f"ValueError: {why}.")


def expect_no_mutation(student, function, *args, names, **kwargs):
    """Call ``function`` and check that the positional arguments listed in ``names`` are unchanged.

    ``names`` maps a positional index to the argument's name in the curriculum
    ("w", "dw", "x"). Returns the call's result. (Runs through the ``call_catching``
    driver, so arguments may include test functions.)
    """
    call = call_text(function, *args, **kwargs)
    report = student.drive("call_catching", function, list(args), kwargs)
    if report["raised"] is not None:
        raise CheckFailed(f"{call} raised {report['raised']}: {report['message']}")
    for index, name in names.items():
        expect_unchanged(args[index], report["args_after"][index], call=call, argument=name)
    return report["result"]


def run_updates(update, w, grads, config=None):
    """``update(w, dw, config)`` for each ``dw`` of ``grads``, passing the returned config on.

    Returns ``(list of the w after each step, the last config)``.
    """
    ws = []
    for dw in grads:
        w, config = update(w, dw, config)
        ws.append(w)
    return ws, config


def copy_config(config):
    """A deep-enough copy of a config dict (its arrays copied)."""
    return None if config is None else {k: (np.array(v) if isinstance(v, np.ndarray) else v) for k, v in config.items()}


def expect_float64(got, *, call):
    """Check that an array result has dtype float64 (the curriculum's rule for array outputs)."""
    dtype = np.asarray(got).dtype
    if dtype != np.float64:
        raise CheckFailed(f"{call} returned an array of dtype {dtype}, but array results must be float64: "
                          f"convert the input first, e.g. x = np.asarray(x, dtype=float).")


def _diagnosed(compare, got, expected, call, mistakes, **options):
    """Compare; on failure compare again with the mistakes (a dict, or a callable computing it)."""
    try:
        compare(got, expected, call=call, **options)
    except CheckFailed:
        found = mistakes() if callable(mistakes) else mistakes
        compare(got, expected, call=call, mistakes=found, **options)
        raise


def expect_close(got, expected, *, call, mistakes=None, **tolerances):
    """``checking.expect_close``; ``mistakes`` may be a callable, computed only when the check fails."""
    _diagnosed(checking.expect_close, got, expected, call, mistakes, **tolerances)


def expect_equal(got, expected, *, call, mistakes=None):
    """``checking.expect_equal``; ``mistakes`` may be a callable, computed only when the check fails."""
    _diagnosed(checking.expect_equal, got, expected, call, mistakes)
