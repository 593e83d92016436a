"""How a known mistake is written and matched: the ``@mistake`` tag, :func:`diagnose` and :func:`later`.

Each assignment's known mistakes are in ``autograder/checks/<ID>/mistakes.py``, computed in the
grader process (never in the sandbox). Each entry is a function that computes what a submission
with that one mistake returns, tagged with the sentence a student reads ("This is what you get
with <description>."). A check passes the relevant entries to ``expect_close``/``expect_equal``
through :func:`diagnose` (or :func:`later`, which computes them only when a comparison fails)::

    expect_close(got, expected, call=..., mistakes=diagnose([M.adam_no_bias_correction], w, dw, config))

Where a mistake is "the right function with other arguments" the entry calls the reference
solution (:func:`ref`).
"""

import warnings

import numpy as np

from solutions import load

_ref = {name: None for name in ("01", "02", "03", "04", "05", "06", "07", "08")}


def ref(number):
    """The reference module of assignment ``number`` ("01" ... "08"), loaded on first use."""
    if _ref[number] is None:
        from solutions import ASSIGNMENTS

        _ref[number] = load(next(a for a in ASSIGNMENTS if a.startswith(number)))
    return _ref[number]


def mistake(description):
    """Tag a function as a catalogue entry with the sentence that names the mistake."""

    def tag(function):
        function.description = description
        return function

    return tag


def diagnose(entries, *args, **kwargs):
    """``{entry.description: entry(*args, **kwargs)}`` for the entries that can be computed.

    An entry that raises for these inputs (the mistake would crash here too) is left out.
    """
    found = {}
    for entry in entries:
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                found[entry.description] = entry(*args, **kwargs)
        except Exception:
            continue
    return found


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
