"""How a known mistake is written and matched: the ``@mistake`` tag, :func:`diagnose` and :func:`later`.

Each assignment's known mistakes are in ``autograder/checks/<ID>/mistakes.py``, computed in the
grader process (never in the sandbox). Each entry is a function that computes what a submission
with that one mistake returns, tagged with the sentence a student reads ("This is what you get
with <description>."). A check passes the relevant entries to ``expect_close``/``expect_equal``
through :func:`diagnose` (or :func:`later`, which computes them only when a comparison fails)::

    expect_close(got, expected, call=..., mistakes=diagnose([M.adam_no_bias_correction], w, dw, config))

Where a mistake is "the right function with other arguments" the entry calls the reference
solution (:func:`ref`). Two kinds of such entries are general, written once here for every
function: :func:`ignored_arguments` (the result is the reference's with one argument at its
default, or an index at 0: that argument is not used) and :func:`other_hyperparameters` (an
update rule run with a default typed wrong, a hyper-parameter fixed whatever config says, two
defaults swapped, its step applied the other way, or its state not carried between calls).
:func:`mutated` gives the mistakes nobody wrote down: the reference with one edit of
its code (``autograder.engine.mutation``), each named in the words of its edit.
"""

import collections
import functools
import inspect
import itertools
import pickle
import time
import warnings

import numpy as np

from autograder.checks import kept_diagnoses
from autograder.engine import mutation
from autograder.engine.i18n import _, current_language, ngettext

from solutions import load

_ref = {name: None for name in ("01", "02", "03", "04", "05", "06", "07", "08")}


def ref(number):
    """The reference module of assignment ``number`` ("01" ... "08"), loaded on first use."""
    if _ref[number] is None:
        from solutions import ASSIGNMENTS

        _ref[number] = load(next(a for a in ASSIGNMENTS if a.startswith(number)))
    return _ref[number]


# Descriptions of entries that, like the mutants, a case the student's code passed refutes (``checklib._unrefuted``):
# an entry made ``exact`` (it gives what its mistake gives on every input), or a state "not carried between calls",
# no cause where the steps the student's code made are right.
REFUTABLE = set()


def mistake(description, exact=False):
    """Tag a function as a catalogue entry with the sentence that names the mistake.

    ``exact``: the entry computes what a submission with that mistake returns on every input (not only where the
    mistake shows), so a case the student's code passed and the entry fails rules the mistake out."""

    def tag(function):
        function.description = description
        if exact:
            REFUTABLE.add(description)
        return function

    return tag


def diagnose(entries, *args, **kwargs):
    """``{entry.description: entry(*args, **kwargs)}`` for the entries that can be computed.

    An entry that raises for these inputs (the mistake would crash here too) is left out. What the
    same entries gave on the same inputs before, in this process (or, when it was slow, in another:
    :mod:`autograder.checks.kept_diagnoses`), is given again (:func:`_memo_key`).
    """
    key = _memo_key(entries, args, kwargs)
    if key is not None and key not in _memo and (kept := kept_diagnoses.get(_kept_name(entries, key))):
        _memo[key] = kept  # the first time here: what a slow diagnosis gave in another worker or run
    if key is not None and _memo.get(key) is not None:
        _memo.move_to_end(key)
        for entry in entries:
            if hasattr(entry, "mutant"):
                _note(entry, args, kwargs)  # as if it had run: the mutants named are judged on these inputs
        return pickle.loads(_memo[key])
    found, started = {}, time.perf_counter()
    for entry in entries:
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                found[entry.description] = entry(*args, **kwargs)
        except Exception:
            continue
    slow = time.perf_counter() - started > kept_diagnoses.SLOW_SECONDS
    if key is not None and key[1] == fingerprint((args, kwargs)):  # not when an entry changed its inputs in place
        try:  # kept the second time these inputs come (random inputs come once: copying what they gave is waste),
            # or the first when it was slow; as a pickle, which every hit unpickles into a copy of its own
            # (a fifth of the time copy.deepcopy took on 01's runs of 10 000 steps)
            _memo[key] = pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL) if key in _memo or slow else None
        except Exception:  # a result that cannot be pickled is computed again next time
            return found
        if slow:
            kept_diagnoses.put(_kept_name(entries, key), _memo[key])
        _memo.move_to_end(key)
        if len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return found


# What entries gave, per process: {(the entries, the inputs): found, pickled, or None when they came once}. Entries
# are reference code, and many inputs come back for every student (the lecture's examples), so a grader worker
# computes those twice, not for every student; a slow one (02's gd1.py run takes every mutant of
# gradient_descent_norm ten seconds) once, and it is kept on disk for other workers and runs too
# (autograder.checks.kept_diagnoses). The least recently used go first.
MEMO_SIZE = 512
_memo = collections.OrderedDict()
_entry_lists = {}  # {the identities of a list of entries: its number in the keys of _memo} (a key stays small)


def _memo_key(entries, args, kwargs):
    """The key of ``diagnose(entries, *args, **kwargs)`` in :data:`_memo`, or None when it cannot be kept: an entry
    not known to be the same computation each time (a closure made elsewhere), or an input that is not plain data
    or a module-level function (the student's own function, a random generator, an object)."""
    identities = _identities(entries)
    inputs = fingerprint((args, kwargs)) if identities is not None else None
    if inputs is None:
        return None
    if len(_entry_lists) > MEMO_SIZE:  # entry lists are made at a few places of the checks: never so many
        _entry_lists.clear(), _memo.clear()
    return _entry_lists.setdefault(identities, len(_entry_lists)), inputs


def _identities(entries):
    """What each entry computes and its description (in the language of this submission), or None."""
    identities = []
    for entry in entries:
        identity = getattr(entry, "memo_key", None) or (entry if _is_module_function(entry) else None)
        if identity is None or not isinstance(entry.description, str):
            return None
        identities.append((identity, entry.description))
    return tuple(identities)


def _kept_name(entries, key):
    """The name of a diagnosis in :mod:`autograder.checks.kept_diagnoses`, from its :func:`_memo_key`."""
    return kept_diagnoses.key(_identities(entries), key[1])


def _is_module_function(value):
    """Whether ``value`` is a function defined at the top of a module of the checks or the reference (the same
    object for the life of the process, and nothing of its own to remember)."""
    return (inspect.isfunction(value) and value.__closure__ is None and "<locals>" not in value.__qualname__
            and value.__module__.startswith(("autograder.checks.", "solutions.")))


def fingerprint(value):
    """A hashable value equal for two inputs exactly when the reference computes the same on both, or None.

    Numbers by type and ``repr`` (0.0 is not -0.0), numeric arrays by dtype, shape, order and bytes, lists, tuples
    and dicts item by item, ``functools.partial`` and module-level functions by what they are; anything else None.
    """
    kind = type(value)
    if value is None or kind in (bool, int, str):
        return kind, value
    if kind in (float, complex):
        return kind, repr(value)
    if kind is np.ndarray or isinstance(value, np.generic):
        if value.dtype.kind not in "biufc":
            return None
        order = value.ndim > 1 and value.flags.f_contiguous and not value.flags.c_contiguous
        return kind, value.dtype.str, value.shape, order, value.tobytes()
    if kind in (list, tuple, dict):
        items = [*value.items()] if kind is dict else value
        parts = tuple(fingerprint(item) for item in items)
        return None if any(part is None for part in parts) else (kind, parts)
    if kind is functools.partial:
        parts = fingerprint((value.func, value.args, value.keywords))
        return None if parts is None else (kind, parts)
    return (kind, value) if _is_module_function(value) else None


def later(entries, *args, **kwargs):
    """A callable computing ``diagnose(entries, *args, **kwargs)``: the checks compute a diagnosis
    only when a comparison fails (some entries rerun a whole optimization)."""
    return lambda: diagnose(entries, *args, **kwargs)


def f64(x):
    """``x`` as a float64 array."""
    return np.asarray(x, dtype=np.float64)


def update_rule_inputs(w, dw, config, **defaults):
    """``(w, dw, config)`` of an update rule's call as float64 arrays, the config's missing keys from ``defaults``."""
    config = dict(config or {})
    for key, value in defaults.items():
        config.setdefault(key, value)
    return f64(w), f64(dw), config


def ignored_arguments(function):
    """Entries for ``function`` (a reference function) called with one argument not used.

    For each parameter with a default, the reference with that default in place of the value the
    call gives ("lr ignored: what lr=0.01 gives"); for an integer parameter without one (an index
    such as ``k``), the reference with 0. An entry raises when the call already uses that value,
    so :func:`diagnose` leaves it out.
    """
    signature = inspect.signature(function)
    entries = []
    for name, parameter in signature.parameters.items():
        if parameter.kind not in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY):
            continue

        def entry(*args, name=name, default=parameter.default, **kwargs):
            bound = signature.bind(*args, **kwargs)
            given = bound.arguments.get(name, default)
            replacement = 0 if default is inspect.Parameter.empty else default
            if default is inspect.Parameter.empty and not (isinstance(given, (int, np.integer))
                                                           and not isinstance(given, bool)):
                raise ValueError("only an index is replaced by 0")
            if isinstance(given, (bool, int, float, str, np.number)) and given == replacement or given is replacement:
                raise ValueError("the call uses that value already")
            bound.arguments[name] = replacement
            return function(*bound.args, **bound.kwargs)

        if parameter.default is inspect.Parameter.empty:
            entry.description = _("the argument {name} ignored (your result is what {name}=0 gives)").format(name=name)
        else:
            entry.description = _("the argument {name} ignored (your result is what its default {name}={default} "
                                  "gives)").format(name=name, default=repr(parameter.default))
        entry.memo_key = ("ignored", function, name)  # the same computation whenever it is made (see diagnose)
        entries.append(entry)
    return entries


COMMON_VALUES = (1e-1, 1e-2, 1e-3, 1e-4, 0.5, 0.9, 0.99, 0.999, 1e-6, 1e-7, 1e-8, 0.0, 1.0)  # typed by people


def _and(words):
    """``["m", "v", "t"]`` -> "m, v and t", in the current language."""
    return words[0] if len(words) == 1 else _("{first} and {last}").format(first=", ".join(words[:-1]), last=words[-1])


def other_hyperparameters(rule, state):
    """Entries (as in ``mistakes.py``) for what ``rule`` gives with one thing changed, all computed
    with the reference: a default typed wrong (used only when config has no such key), a hyper-parameter
    fixed at one value whatever config says, the defaults of two hyper-parameters swapped, the right
    step applied the other way (``w - step``), or a state kept in config not carried from one call to
    the next (:func:`forgotten_state`).

    An entry's config holds what the student's code could return: the checks compare only the state
    keys of it, so where a hyper-parameter is stored does not matter, and entries also run over
    several steps (``run_updates``).
    """
    defaults = rule(np.zeros(1), np.zeros(1), None)[1]
    hyper = {key: default for key, default in defaults.items() if key not in state and isinstance(default, float)}

    def opposite_step(w, dw, config):
        next_w, config = rule(w, dw, config)
        return 2 * np.asarray(w, dtype=float) - next_w, config

    opposite_step.memo_key = ("opposite step", rule)  # these keys: see diagnose
    opposite_step.description = _("the right step applied with the opposite sign (w - step where it is w + step: "
                                  "the state is right, the update goes the other way)")
    entries = [opposite_step]
    for key, default in hyper.items():
        for value in COMMON_VALUES:
            def wrong_default(w, dw, config, key=key, value=value):
                return rule(w, dw, {key: value, **(config or {})})  # the caller's value when it gives one

            def fixed(w, dw, config, key=key, value=value):
                given = dict(config or {})
                if given.get(key, defaults[key]) == value:
                    raise ValueError("the value the call uses already")
                next_w, config = rule(w, dw, {**given, key: value})
                return next_w, {**config, key: given.get(key, defaults[key])}  # the value asked for, kept

            if value != default:  # first: where the call gives no value, both match, and this is the smaller mistake
                wrong_default.memo_key = ("wrong default", rule, key, value)
                wrong_default.description = _("the default {key} = {value} instead of {default} (the value used when "
                                              "config has no {key})").format(key=key, value=value, default=default)
                entries.append(wrong_default)
            fixed.memo_key = ("fixed", rule, key, value)
            fixed.description = (_("{key} from config ignored: the step always uses {key} = {value} (its default)")
                                 if value == default else
                                 _("{key} from config ignored: the step always uses {key} = {value} (the default is "
                                   "{default})")).format(key=key, value=value, default=default)
            entries.append(fixed)
    for index, (first, first_default) in enumerate(hyper.items()):
        for second, second_default in list(hyper.items())[index + 1:]:
            if first_default != second_default:
                def swapped(w, dw, config, first=first, second=second):
                    return rule(w, dw, {first: defaults[second], second: defaults[first], **(config or {})})

                swapped.memo_key = ("swapped", rule, first, second)
                swapped.description = _("the defaults of {first} and {second} swapped ({first}={first_value}, "
                                        "{second}={second_value})").format(
                    first=first, second=second, first_value=second_default, second_value=first_default)
                entries.append(swapped)
    return entries + forgotten_state(rule, state)


def forgotten_state(rule, state):
    """Entries for ``rule`` with some of its ``state`` keys not carried from one call to the next: each
    call starts them from zero again, because they are not saved in the config returned, or saved but
    not read back. A passing case refutes them (:data:`REFUTABLE`): a state kept under another key
    makes the config differ, never the steps."""
    entries = []
    for size in range(1, len(state) + 1):
        for keys in itertools.combinations(state, size):
            def fresh(w, dw, config, keys=keys):
                return rule(w, dw, {key: value for key, value in (config or {}).items() if key not in keys})

            def not_saved(w, dw, config, keys=keys, fresh=fresh):
                next_w, config = fresh(w, dw, config)
                return next_w, {key: value for key, value in config.items() if key not in keys}

            fresh.memo_key, not_saved.memo_key = ("fresh", rule, keys), ("not saved", rule, keys)
            words = _and(keys)
            not_saved.description = ngettext(
                "{keys} not carried between calls: not saved (or not updated) in the config returned, so each call "
                "starts it from zero again", "{keys} not carried between calls: not saved (or not updated) in the "
                "config returned, so each call starts them from zero again", size).format(keys=words)
            fresh.description = ngettext(
                "{keys} not carried between calls: saved in config but not read back, so each call starts it from "
                "zero again", "{keys} not carried between calls: saved in config but not read back, so each call "
                "starts them from zero again", size).format(keys=words)
            entries += [not_saved, fresh]
    REFUTABLE.update(entry.description for entry in entries)
    return entries


def _copied(value):
    """``value`` with its arrays, lists and dicts copied: a mutant may modify its inputs in place."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (list, tuple)):
        return type(value)(_copied(item) for item in value)
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    return value


def _mutant_entry(mutant, description):
    """The entry (as in ``mistakes.py``) that runs ``mutant`` on copies of its inputs."""
    def entry(*args, **kwargs):
        if any(type(value).__name__ == "StudentFunction" for value in (*args, *kwargs.values())):
            raise ValueError("a mutant is never run on the student's own code")
        _note(entry, args, kwargs)
        return mutant.function(*_copied(args), **_copied(kwargs))
    entry.description, entry.mutant, entry.memo_key = description, mutant.function, mutant.function
    return entry


def _note(entry, args, kwargs):
    """What running a mutant entry leaves: its inputs, and it as the one last run with its description."""
    entry.inputs = (args, kwargs)
    MUTANT_DESCRIPTIONS[entry.description] = entry  # the one last run: on the case being diagnosed


MUTANT_DESCRIPTIONS = {}  # description -> the entry :func:`mutated` made last with it (and its last inputs)


def mutated(function):
    """Entries (as in ``mistakes.py``) for ``function`` (a reference function) with one edit of its
    code each: two hyper-parameters swapped, a square root left out, ``-`` where ``+`` belongs, a
    default typed wrong... (see ``autograder.engine.mutation``). An entry raises when an argument is
    the student's own function (the mutants would call into the sandbox hundreds of times)."""
    entries = [_mutant_entry(mutant, description)
               for mutant, description in zip(mutation.mutants(function), _descriptions(function, current_language()))]
    for entry in entries:
        MUTANT_DESCRIPTIONS.setdefault(entry.description, entry)
    return entries


@functools.lru_cache(maxsize=512)
def _descriptions(function, language):
    """What each mutant of ``function`` is, in ``language``: written once (the checks make entries again and again,
    and most are never run)."""
    return tuple(mutant.description for mutant in mutation.mutants(function))


def _perturbed(value, rng):
    """``value`` with each float (in arrays, lists, dicts) scaled by a random factor in [0.5, 1.5]; a number
    between 0 and 1 (a decay rate, a beta) raised to such a power instead, so that it stays a rate."""
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        return value * rng.uniform(0.5, 1.5, size=value.shape)
    if isinstance(value, float):
        return value ** float(rng.uniform(0.5, 1.5)) if 0 < value < 1 else value * float(rng.uniform(0.5, 1.5))
    if isinstance(value, (list, tuple)):
        return type(value)(_perturbed(item, rng) for item in value)
    if isinstance(value, dict):
        return {key: _perturbed(item, rng) for key, item in value.items()}
    return value


def same_mistake(entries, agree, tries=3):
    """Whether the mutants of ``entries`` (made by :func:`mutated`, last called on the same inputs) are one
    mistake: they agree (``agree(a, b)``) on ``tries`` perturbations of those inputs too. Two different
    edits that give the same result on one case are no diagnosis."""
    args, kwargs = entries[0].inputs
    rng = np.random.default_rng(0)
    for _try in range(tries):
        inputs = _perturbed(args, rng), _perturbed(kwargs, rng)
        results = []
        for entry in entries:
            try:
                with np.errstate(all="ignore"), warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    results.append(entry.mutant(*_copied(inputs[0]), **_copied(inputs[1])))
            except Exception:
                results.append(None)
        if not all(agree(results[0], other) for other in results[1:]):
            return False
    return True
