"""Helpers shared by the hidden check files (``autograder/checks/<ID>/hidden.py``).

- :func:`call_text` writes the call a student sees in a message: ``adam(w=[1., -2.], dw=...)``.
- :func:`expect_value_error` checks that a call raises ``ValueError`` (a subclass counts, and
  a wrong exception is named).
- :func:`expect_no_mutation` calls a student function and checks that the array/dict
  arguments are unchanged after it (read back by the sandbox's own code, see ``Student.attempt``).
- :func:`run_updates` threads ``config`` through several calls of an update rule (04, 05).
- :func:`checked_config` is what of a config returned by the student the reference may be
  given: a value the student returns is never computed with in the grader unchecked.
"""

import functools

import numpy as np

from autograder.checks.known_mistakes import (MUTANT_DESCRIPTIONS, REFUTABLE, diagnose, mutated, other_hyperparameters,
                                             same_mistake)
from autograder.engine import checking
from autograder.engine.checking import CheckFailed, Figure, expect_unchanged, show, shows
from autograder.engine.i18n import N_, _
from autograder.engine.student import LazyText, call_text as written_call


def _value_text(value):
    if type(value).__name__ == "StudentFunction":  # student.fn("sgd"): the student's own function
        return _("your {function}").format(function=value)
    if isinstance(value, np.ndarray) and value.dtype.kind in "iu":
        return f"np.array({show(value.tolist(), 120)})"
    if isinstance(value, np.ndarray):
        return show(value, 120).replace("array(", "np.array(")
    return show(value, 120)


def call_text(function, *args, **kwargs):
    """``function(arg, ..., key=value)`` with short, readable arguments, written out when a message needs it."""
    return written_call(function, args, kwargs, _value_text)


def expect_value_error(student, function, *args, why, **kwargs):
    """Check that ``function(*args, **kwargs)`` raises ValueError in the student's code."""
    call = call_text(function, *args, **kwargs)
    report = student.attempt(function, *args, **kwargs)
    if report["value_error"]:
        return
    if report["raised"] is None:
        raise CheckFailed(_("{call} returned normally but it should raise ValueError: {why}.").format(
            call=call, why=why))
    raise CheckFailed(_("{call} raised {error} ({message}) but it should raise ValueError: {why}.").format(
        call=call, error=report["raised"], message=report["message"], why=why))


def expect_no_mutation(student, function, *args, names, reference=None, mistakes=None, **kwargs):
    """Call ``function`` and check that the positional arguments listed in ``names`` are unchanged.

    ``names`` maps a positional index to the argument's name in the curriculum
    ("w", "dw", "x"). With ``reference`` (the reference module) the result must also be
    right, so a function earns its no-mutation points only by working. Returns the
    call's result.
    """
    call = call_text(function, *args, **kwargs)
    report = student.attempt(function, *args, **kwargs)
    if report["raised"] is not None:
        raise CheckFailed(_("{call} raised {error}: {message}").format(call=call, error=report["raised"],
                                                                        message=report["message"]))
    for index, name in names.items():
        expect_unchanged(args[index], report["args_after"][index], call=call, argument=name)
    if reference is not None:
        expect_close(report["result"], getattr(reference, function)(*args, **kwargs), call=call, mistakes=mistakes)
    return report["result"]


def run_updates(update, w, grads, config=None, name=None):
    """``update(w, dw, config)`` for each ``dw`` of ``grads``, passing the returned config on.

    Returns ``(list of the w after each step, the last config)``.
    """
    ws = []
    for dw in grads:
        result = update(w, dw, config)
        if not (isinstance(result, (tuple, list)) and len(result) == 2):
            raise CheckFailed(_("{function}(w, dw, config) returned {got} where a tuple (next_w, config) is "
                                "expected.").format(function=name or getattr(update, "__name__", _("the update rule")),
                                                    got=checking.describe(result)))
        w, config = result
        ws.append(w)
    return ws, config


def checked_config(config, template, *, call):
    """The part of the student's ``config`` that may go to the reference, or CheckFailed.

    ``template`` is the reference's own config for the same ``w``: the keys the reference
    reads, each with its shape (a hyper-parameter is a single number, a state array has the
    shape of w, ``t`` is a number). Only those keys are kept, and each must be a real number
    or array of the template's shape. A config holding, say, a learning rate of shape
    (16384, 1, 1) would otherwise make the reference broadcast to gigabytes in the grader.
    """
    checked = {}
    for key, expected in template.items():
        if key not in config:
            continue
        value = config[key]
        array = checking.numeric_array(value)
        if array is None or array.dtype.kind not in "iuf" or array.shape != np.shape(expected):
            kind = _("a hyper-parameter is a single number") if np.ndim(expected) == 0 else \
                _("the state {key} is an array of the shape of w, {shape}").format(key=repr(key),
                                                                                  shape=np.shape(expected))
            raise CheckFailed(_("{call} holds {key} = {value} ({kind_of_value}), but {rule}.").format(
                call=call, key=repr(key), value=show(value, 80), kind_of_value=checking.describe(value), rule=kind))
        checked[key] = value if isinstance(value, (int, float)) else array[()] if array.ndim == 0 else array
    return checked


def copy_config(config):
    """A deep-enough copy of a config dict (its arrays copied)."""
    return None if config is None else {k: (np.array(v) if isinstance(v, np.ndarray) else v) for k, v in config.items()}


def expect_float64(got, *, call):
    """Check that an array result has dtype float64 (the curriculum's rule for array outputs)."""
    dtype = np.asarray(got).dtype
    if dtype != np.float64:
        raise CheckFailed(_("{call} returned an array of dtype {dtype}, but array results must be float64: "
                            "convert the input first, e.g. x = np.asarray(x, dtype=float).").format(call=call, dtype=dtype))


# What the graded functions that return a tuple return, in order (CURRICULUM.md), for messages that say
# where a result differs: "the second value returned (the history)".
RETURNED = {
    "gradient_descent_1d": (N_("x"), N_("the history")),
    "gradient_descent_norm": (N_("p"), N_("the number of iterations")),
    "forward": (N_("the logits"), N_("the cache")),
    "loss_and_grads": (N_("the loss"), N_("the gradients")),
    "train": (N_("params"), N_("the history")),
    **{rule: (N_("next_w"), N_("config")) for rule in ("sgd", "sgd_momentum", "nesterov_momentum", "adagrad",
                                                       "rmsprop", "adam")},
}


def returned_names(function):
    """The names of the values ``function`` returns (``"adam"``: next_w, config)."""
    return tuple(_(name) for name in RETURNED.get(function, ()))


def _diagnosed(compare, got, expected, call, mistakes, function=None, **options):
    """Compare, with the mistakes (a dict, or a callable computing it) and the names of the returned
    values looked at only on failure.

    ``function``: the name of the function called, for the names of what it returns; by default the
    one a :func:`call_text` was written for.
    """
    options.setdefault("names", lambda: returned_names(function or getattr(call, "function", None)))

    def unrefuted():  # the mistakes, looked at only on failure
        found = mistakes() if callable(mistakes) else mistakes
        try:
            return _unrefuted(found, compare, options, got, expected)
        except Exception:  # a mutant that cannot be judged is never named
            return {d: value for d, value in (found or {}).items() if d not in MUTANT_DESCRIPTIONS}

    compare(got, expected, call=call, mistakes=unrefuted, **options)
    if callable(mistakes):
        _passed["cases"].setdefault(_passed["function"], []).append([mistakes, got])


# What the function being checked passed so far in this submission, to refute a mutant with: a mutant
# named as the cause must also pass where the student's code passed (see :func:`_unrefuted`).
_passed = {"student": None, "function": None, "cases": {}}


def checking_function(student, function):
    """Called before each check (``conftest.py``): cases are kept per submission and graded function."""
    if _passed["student"] != id(student):
        _passed.update(student=id(student), cases={})
    _passed["function"] = function


def _nan_tells(got, expected):
    """Whether ``got``, with nan or inf in it, still tells mistakes apart: an entry finite in it and in
    ``expected`` differs, or an array of it is nan or inf in some entries only (where that starts is
    evidence). A result that is nan wherever it is wrong matches any mistake giving nan there."""
    if isinstance(expected, dict) and isinstance(got, dict):
        return any(_nan_tells(got[key], value) for key, value in expected.items() if key in got)
    if isinstance(expected, tuple) and isinstance(got, (tuple, list)) and len(got) == len(expected):
        return any(map(_nan_tells, got, expected))
    have, want = checking.numeric_array(got), checking.numeric_array(expected)
    if have is None or want is None or have.shape != want.shape or have.dtype.kind not in "biuf":
        return False
    have, want = have.astype(float), want.astype(float)
    finite = np.isfinite(have)
    both = finite & np.isfinite(want)
    return bool(np.any(finite) and not np.all(finite)) or not np.allclose(have[both], want[both])


def _unrefuted(found, compare, options, got, expected):
    """``found`` without the mutants (``known_mistakes.mutated``) and the entries of ``known_mistakes.REFUTABLE``
    that fail a case the student's code passed, and without any mutant when different edits give ``got`` (see
    ``known_mistakes.same_mistake``)."""
    refutable = [d for d in found if d in MUTANT_DESCRIPTIONS or d in REFUTABLE]
    if not found or not refutable:
        return found
    cases = _passed["cases"].get(_passed["function"], [])
    # a mutant that gives nan or inf matches a student's nan or inf whatever the mistake, unless the rest of it
    # tells, or cases the student's code passed can refute the mutants (those giving nan there too)
    alive = {d: value for d, value in found.items() if d not in MUTANT_DESCRIPTIONS or checking.all_finite(value)
             or cases or _nan_tells(got, expected)}
    run_here = {d: MUTANT_DESCRIPTIONS[d] for d in alive if d in MUTANT_DESCRIPTIONS}  # before the cases rerun them
    # only an entry giving the student's result is ever named: the others need no case to refute them (and when none
    # is left, the cases are not computed at all)
    for description in [d for d in refutable if d in alive and not _passes(compare, got, alive[d], options)]:
        del alive[description]
    if not any(d in alive for d in refutable):
        return alive
    for case in cases:
        if callable(case[0]):
            case[0] = case[0]()  # computed once, when a later comparison fails
        for description in [d for d in refutable if d in alive]:
            if description not in case[0]:
                if description in MUTANT_DESCRIPTIONS:  # a catalogue entry that does not apply there is no evidence
                    del alive[description]
            elif not _passes(compare, case[1], case[0][description], options):
                del alive[description]
    matching = [d for d in alive if d in MUTANT_DESCRIPTIONS and _passes(compare, got, alive[d], options)]
    if len(matching) > 1 and not same_mistake([run_here[d] for d in matching],
                                              lambda a, b: _passes(checking.expect_close, a, b, {})):
        return {d: value for d, value in alive.items() if d not in MUTANT_DESCRIPTIONS}
    return alive


def _passes(compare, got, value, options):
    """Whether ``got`` is ``value`` as ``compare`` judges it (a value it cannot compare: not)."""
    try:
        return checking.passes(compare, got, value, **options)
    except Exception:
        return False


def expect_close(got, expected, *, call, mistakes=None, function=None, **tolerances):
    """``checking.expect_close``; ``mistakes`` may be a callable, computed only when the check fails."""
    _diagnosed(checking.expect_close, got, expected, call, mistakes, function, **tolerances)


def expect_equal(got, expected, *, call, mistakes=None, function=None):
    """``checking.expect_equal``; ``mistakes`` may be a callable, computed only when the check fails."""
    _diagnosed(checking.expect_equal, got, expected, call, mistakes, function)


# ----------------------------------------------------------------------------- update rules (04, 05)

def _away_from_zero(rng):
    """Draws of a random sign times 0.5 ... 2: w and dw of this size make every mistake of an update
    rule show the same way on every seed. (Near-zero entries would make where epsilon sits visible
    on some seeds only; the tiny-gradients check tests that, with fixed gradients.)"""
    return lambda size: rng.choice([-1.0, 1.0], size=size) * rng.uniform(0.5, 2.0, size=size)


def state_of(config, state):
    """A config as the update-rule checks compare it: its ``state`` keys (where a hyper-parameter is kept,
    the student's code decides)."""
    return {key: config[key] for key in state if key in config}


def update_rule_mistakes(rule, state, catalogue, w, dw, config):
    """What each known mistake (``catalogue``, :func:`other_hyperparameters`) and each mutant of the update rule
    ``rule`` gives on one call, its config as the checks compare it (:func:`state_of`)."""
    found = {}
    for entries in (catalogue + other_hyperparameters(rule, state), mutated(rule)):
        for description, result in diagnose(entries, w, dw, copy_config(config)).items():
            if isinstance(result, tuple) and len(result) == 2 and isinstance(result[1], dict):
                found.setdefault(description, (result[0], state_of(result[1], state)))
    return found


def update_rule_checks(name, *, state, custom, catalogue, points=0.5, tiny_gradients=False):
    """The checks every update rule ``next_w, config = name(w, dw, config=None)`` gets (04 and 05).

    ``state``: the state keys the rule keeps in config ("velocity"; "cache"; "m", "v", "t").
    ``custom``: a config of non-default hyper-parameters. ``catalogue``: mistake entries with
    the same signature as the rule (an assignment's ``mistakes.py``). Returns ``{test name: test}``
    for the check file's globals: first step (0.5), custom hyper-parameters (0.5), several
    steps with the state carried in config (1), the state in config (0.5), no mutation and
    integer input (0.5), and with ``tiny_gradients`` where epsilon sits (0.5).
    """
    from autograder.engine.checking import check

    def step(student, reference, w, dw, config, trusted=None):
        """One call on both sides; compares w and the state; returns the student's (w, config).

        ``trusted``: what the reference and the mistakes get instead of ``config`` when
        ``config`` is one the student returned (see :func:`checked_config`).
        """
        trusted = config if trusted is None else trusted
        call = call_text(name, w, dw, copy_config(config))
        got = getattr(student, name)(w, dw, copy_config(config))
        w_next, config_next = getattr(reference, name)(w, dw, copy_config(trusted))
        expected = (w_next, {key: config_next[key] for key in state})
        expect_close(got, expected, call=call, mistakes=lambda: update_rule_mistakes(
            getattr(reference, name), state, catalogue, w, dw, trusted))
        return got

    def run(student, reference, w, grads, config):
        call = LazyText(lambda: _("{count} calls of {function} from w = {w} with the config each call returns (first "
                                  "config {config})").format(count=len(grads), function=name, w=show(w, 80),
                                                             config=show(config, 80)))
        got_ws, got_config = run_updates(getattr(student, name), w, grads, copy_config(config), name=name)
        ws, last = run_updates(getattr(reference, name), w, grads, copy_config(config))

        @functools.cache  # the w and the config of one run: each mistake is run once for both
        def runs():
            found = {}
            for entry in catalogue + other_hyperparameters(getattr(reference, name), state) + \
                    mutated(getattr(reference, name)):
                try:
                    with np.errstate(all="ignore"):
                        found[entry.description] = run_updates(entry, w, grads, copy_config(config))
                except Exception:  # this mistake cannot even run on these inputs: no diagnosis
                    continue
            return found

        def diagnosis(part):
            return {description: entry_ws if part == "w" else state_of(entry_config, state)
                    for description, (entry_ws, entry_config) in runs().items()}

        with shows(Figure([w, *got_ws], [w, *ws], N_("The trajectory of w"), N_("calls made"),
                          N_("w minus its start"), from_start=True)):
            expect_close(got_ws, ws, call=call + _(": the w after each call"), mistakes=lambda: diagnosis("w"))
        expect_close(got_config, {key: last[key] for key in state}, call=call + _(": the last config"),
                     mistakes=lambda: diagnosis("config"))

    @check(name, points, "{function}: first step from config=None (the defaults)")
    def test_first_step(student, reference, rng):
        away = _away_from_zero(rng)
        step(student, reference, away(size=3), away(size=3), None)

    @check(name, points, "{function}: hyper-parameters from config (missing ones take the defaults)")
    def test_custom_config(student, reference, rng):
        away = _away_from_zero(rng)
        step(student, reference, away(size=(2, 2)), away(size=(2, 2)), dict(custom))
        first_key = next(iter(custom))
        step(student, reference, away(size=3), away(size=3), {first_key: custom[first_key]})

    @check(name, 2 * points, "{function}: several steps, the state carried in config")
    def test_several_steps(student, reference, rng):
        away = _away_from_zero(rng)
        grads = [away(size=(2, 3)) * scale for scale in (1.0, 0.5, 2.0, -1.0, 0.1)]
        run(student, reference, away(size=(2, 3)), grads, None)
        run(student, reference, away(size=2), [away(size=2) for _step in range(3)], dict(custom))

    @check(name, points, "{function}: the state in config ({state})", fields={"state": ", ".join(state)})
    def test_state(student, reference, rng):
        away = _away_from_zero(rng)
        w, dw = away(size=4), away(size=4)
        config = step(student, reference, w, dw, None)[1]
        call = _("the config returned by {function}").format(function=name)
        if not isinstance(config, dict):
            raise checking.CheckFailed(_("{call} is {value}, not a dict").format(call=call, value=show(config, 80)))
        missing = [key for key in state if key not in config]
        if missing:
            raise checking.CheckFailed(_("{call} has no {missing}: keep the state under the names {names}.").format(
                call=call, missing=", ".join(repr(k) for k in missing), names=", ".join(repr(k) for k in state)))
        template = getattr(reference, name)(w, dw, None)[1]
        step(student, reference, w, away(size=4), config, checked_config(config, template, call=call))

    @check(name, points, "{function}: w and dw are not modified; integer input works",
           requires=["unchanged(w, dw)", "int_arrays(w, dw)", "float64"])
    def test_no_mutation(student, reference, rng):
        away = _away_from_zero(rng)
        w, dw = away(size=3), away(size=3)
        expect_no_mutation(student, name, w, dw, None, names={0: "w", 1: "dw"})
        config = {key: value for key, value in getattr(reference, name)(w, dw, None)[1].items() if key in state}
        expect_no_mutation(student, name, w, dw, copy_config(config), names={0: "w", 1: "dw"})
        got = step(student, reference, np.array([1, -2, 3]), np.array([2, 0, -1]), None)
        expect_float64(got[0], call=call_text(name, np.array([1, -2, 3]), np.array([2, 0, -1])))

    tests = {f"test_{name}_first_step": test_first_step, f"test_{name}_custom_config": test_custom_config,
             f"test_{name}_several_steps": test_several_steps, f"test_{name}_state": test_state,
             f"test_{name}_no_mutation": test_no_mutation}

    if tiny_gradients:
        @check(name, points, "{function}: tiny gradients (where epsilon goes)")
        def test_tiny(student, reference, rng):
            w = _away_from_zero(rng)(size=3)
            for dw in (np.array([1e-7, -3e-8, 1e-9]), np.array([0.0, 1e-12, -1e-6])):
                step(student, reference, w, dw, None)
            step(student, reference, w, np.array([1e-7, -1e-5, 2e-6]), {**custom, "epsilon": 1e-6})

        tests[f"test_{name}_tiny_gradients"] = test_tiny
    for test_name, test in tests.items():
        test.__name__ = test.__qualname__ = test_name
    return tests
