"""The probes (what a wrong result says about its cause) and the per-function verdict, in process.

The end-to-end figures are ``benchmarks/diagnosis.py`` on ``tests/heldout``; the corpus test
(``tests/test_checks_corpus.py``) asserts that a stated cause is never another mistake than the
one made. Here: each probe on results a student's code gives, and the rule that a cause is
stated only when it explains every failed check of the function.
"""

import collections
import dataclasses

import numpy as np
import pytest

from autograder.checks.known_mistakes import diagnose, ignored_arguments, other_hyperparameters, ref
from autograder.engine.checking import CheckFailed, expect_close
from autograder.engine.diagnosis import Finding, function_summaries, probe


def test_probes_name_the_shape_of_the_difference():
    expected = np.array([16.0, 4.0, -6.0])
    assert probe(-expected, expected).kind == "sign"
    assert probe(2 * expected, expected).key == "factor 2"
    assert probe(expected / 20, expected).key == "factor 0.05 (1/20)"
    assert probe(expected + 0.25, expected).kind == "offset"
    assert not probe(0.1 * 1.37, 0.1).cause and not probe(0.2, 0.1).cause  # one number fits any factor
    assert not probe(2 * expected, expected).cause  # one input's entries may share a ratio for its own reasons
    assert probe(0.3, 0.7).kind == "complement"
    history = np.array([3.0, 2.84, 2.6832, 2.5357, 2.3916])
    assert probe(np.r_[history[1:], 0.0], history).kind == "shift" or probe(history[:2], history).kind == "length"
    assert probe(history[:2], history).key == "stops early"
    assert probe(np.r_[history, 2.2], history).key == "goes on"
    later = probe([np.ones(2), np.ones(2), 3 * np.ones(2)], [np.ones(2), np.ones(2), np.ones(2) * 2.5])
    assert later.kind == "later" and not later.cause and "first 2 steps" in later.sentence
    part = probe((np.zeros(2), {"velocity": np.ones(2)}), (np.array([0.5, 0.1]), {"velocity": np.ones(2)}))
    assert part.kind == "part" and "first value returned" in part.sentence and not part.cause
    config = probe((np.ones(2), {"m": np.ones(2)}), (np.ones(2), {"m": 2 * np.ones(2)}), names=("next_w", "config"))
    assert config.sentence.startswith("m of the second value returned (config) is 0.5")  # plain words, its case


def test_a_failed_comparison_carries_its_finding_not_in_its_message():
    with pytest.raises(CheckFailed) as failure:
        expect_close(np.array([-2.0, -4.0]), np.array([2.0, 4.0]), call="dy_dx(x)")
    assert failure.value.finding.kind == "sign" and "sign" not in str(failure.value)


def _record(function, name, finding=None, passed=False):
    notes = {"finding": finding.as_note()} if finding else {}
    return {"name": f"{function}: {name}", "function": function, "score": 1.0 if passed else 0.0, "max_score": 1.0,
            "status": "passed" if passed else "failed", "output": "...", "_notes": notes}


def test_a_cause_is_stated_only_when_it_explains_every_failed_check():
    sign = probe(np.array([-1.0, -2.0]), np.array([1.0, 2.0]))
    mistake = CheckFailed("...", mistake="v = momentum*v + lr*dw").finding
    everywhere = function_summaries([_record("dy_dx", "a", sign), _record("dy_dx", "b", sign),
                                     _record("dy_dx", "c", passed=True)])[0]
    assert everywhere["cause"] == sign.sentence and sign.sentence in everywhere["verdict"]
    assert everywhere["score"] == 1.0 and everywhere["max_score"] == 3.0
    part = probe((np.zeros(2), {"velocity": np.ones(2)}), (np.array([0.5, 0.1]), {"velocity": np.ones(2)}))
    other = function_summaries([_record("sgd_momentum", "a", mistake), _record("sgd_momentum", "b", part)])[0]
    assert other["cause"] is None and "momentum*v" not in other["verdict"]  # never a name another case contradicts
    partly = function_summaries([_record("sgd_momentum", "a", mistake), _record("sgd_momentum", "b")])[0]
    assert partly["cause"] is None and "Where your result could be compared, this is what you get with v = " \
        in partly["verdict"]  # the other check could not compare (a missing key): what is known, not a cause
    assert function_summaries([_record("f", "a", passed=True)])[0]["verdict"] is None
    log2 = probe(1.4426950408889634 * 0.51, 0.51)  # one number: a factor that says nothing alone...
    shared = function_summaries([_record("cross_entropy", "a", log2), _record("cross_entropy", "b", log2)])[0]
    assert shared["cause"] == log2.general and "constant factor" in log2.general  # ...the same on two checks does
    alone = function_summaries([_record("cross_entropy", "a", log2)])[0]
    assert alone["cause"] is None and "constant" not in alone["verdict"] and "1.4427 times" in alone["verdict"]


def test_a_hint_is_given_only_where_every_failing_check_supports_it():
    twice, thrice = probe(np.array([2.0, 4.0]), np.array([1.0, 2.0])), probe(np.array([3.0, 6.0]), np.array([1.0, 2.0]))
    differ = function_summaries([_record("inverse_time_decay", "a", twice), _record("inverse_time_decay", "b", thrice)])
    assert differ[0]["cause"] is None and "not by the same factor" in differ[0]["verdict"]
    assert "count or a size" not in differ[0]["verdict"]
    later = probe([np.ones(2), np.ones(2), 3 * np.ones(2)], [np.ones(2), np.ones(2), np.ones(2) * 2.5])
    first_wrong = probe((np.ones(2), {"m": 0.01 * np.ones(2)}), (np.ones(2), {"m": np.ones(2)}))
    hinted = function_summaries([_record("adam", "a", later), _record("adam", "b", passed=True)])[0]
    assert hinted["cause"] is None and "state kept in config" in hinted["verdict"]  # no first step is wrong
    unhinted = function_summaries([_record("adam", "a", later), _record("adam", "b", first_wrong)])[0]
    assert "right on the first 2 steps" in unhinted["verdict"] and "state kept" not in unhinted["verdict"]
    later3 = probe([np.ones(2)] * 3 + [3 * np.ones(2)], [np.ones(2)] * 3 + [np.ones(2) * 2.5])
    grouped = function_summaries([_record("adam", "a", later), _record("adam", "b", later3),
                                  _record("adam", "c", first_wrong)])[0]["verdict"]
    assert grouped.count("right on the first") == 1 and "2 of the 3 failing checks show this, some with other" in grouped


def parabola_df(x):
    return 2 * (x + 5)


def test_reference_variants_find_an_ignored_argument_and_a_hyperparameter():
    gd1d = ref("01").gradient_descent_1d
    found = diagnose(ignored_arguments(gd1d), parabola_df, 3.0, lr=0.1, precision=1e-3)
    assert any("lr ignored" in description for description in found)
    assert found[next(d for d in found if "lr ignored" in d)][0] == gd1d(parabola_df, 3.0, precision=1e-3)[0]
    sgd = ref("04").sgd
    w, dw = np.array([1.0, -2.0]), np.array([0.5, -3.0])
    variants = diagnose(other_hyperparameters(sgd, ()), w, dw, None)
    wrong_default = next(value for description, value in variants.items()
                         if "the default learning_rate = 0.001 instead of 0.01" in description)
    np.testing.assert_allclose(wrong_default[0], w - 1e-3 * dw)
    given = {"learning_rate": 0.1}  # a wrong default is not used where config gives the value; a fixed one is
    fixed = diagnose(other_hyperparameters(sgd, ()), w, dw, given)
    np.testing.assert_allclose(fixed["learning_rate from config ignored: the step always uses learning_rate = 0.01 "
                                     "(its default)"][0], w - 1e-2 * dw)
    np.testing.assert_allclose(fixed["the default learning_rate = 0.001 instead of 0.01 (the value used when config "
                                     "has no learning_rate)"][0], w - 0.1 * dw)
    opposite = next(value for description, value in variants.items() if "opposite sign" in description)
    np.testing.assert_allclose(opposite[0], w + 1e-2 * dw)


def test_a_diagnosis_given_again_is_what_was_computed_and_a_copy_of_its_own(monkeypatch):
    """The memo of ``diagnose`` (inputs that come back) gives each caller its own copy: a check that changes the
    result it got (a history list, an array in a config) never changes what the next submission is compared with."""
    from autograder.checks import known_mistakes

    monkeypatch.setattr(known_mistakes, "_memo", collections.OrderedDict())
    adam = ref("05").adam
    entries = other_hyperparameters(adam, ("m", "v", "t"))
    w, dw = np.array([1.0, -2.0]), np.array([0.5, -3.0])
    computed = [diagnose(entries, w, dw, None) for _ in range(2)]  # kept the second time these inputs come
    given = diagnose(entries, w, dw, None)
    assert list(given) == list(computed[0])
    for description, (w_next, config) in given.items():
        np.testing.assert_array_equal(w_next, computed[0][description][0])
        assert type(w_next) is type(computed[0][description][0])
        w_next[...] = np.nan
        config.clear()
    again = diagnose(entries, w, dw, None)
    for description, (w_next, config) in again.items():
        np.testing.assert_array_equal(w_next, computed[0][description][0])
        assert set(config) == set(computed[0][description][1])
    gd1d = ref("01").gradient_descent_1d
    runs = [diagnose(ignored_arguments(gd1d), parabola_df, 3.0, lr=0.1) for _ in range(3)]
    for value in runs[2].values():
        value[1].append("changed")
    assert diagnose(ignored_arguments(gd1d), parabola_df, 3.0, lr=0.1) == runs[0]


def test_state_not_carried_between_calls_is_named():
    """m and v computed from zeros on every call and not saved: the entry gives the same w and the same config."""
    adam = ref("05").adam
    state = ("m", "v", "t")

    def forgets(w, dw, config=None):
        config = dict(config or {})
        w_next, out = adam(w, dw, {key: value for key, value in config.items() if key not in ("m", "v")})
        return w_next, {"t": out["t"]}

    w, dw = np.array([1.0, -2.0]), np.array([0.5, -3.0])
    config = adam(w, dw)[1]
    found = diagnose(other_hyperparameters(adam, state), w, -dw, config)
    got = forgets(w, -dw, config)
    value = found["m and v not carried between calls: not saved (or not updated) in the config returned, so each call "
                  "starts them from zero again"]
    np.testing.assert_allclose(value[0], got[0])
    assert set(value[1]) & set(state) == {"t"}


def test_a_nan_result_is_evidence_only_where_the_rest_of_it_tells():
    from autograder.checks.checklib import _nan_tells

    expected = (np.array([1.0, 2.0, 3.0]), {"m": np.ones(2)})
    assert not _nan_tells((np.full(3, np.nan), {"m": np.ones(2)}), expected)  # nan wherever it is wrong
    assert _nan_tells((np.array([1.0, np.nan, 3.0]), {"m": np.ones(2)}), expected)  # nan in some entries only
    assert _nan_tells((np.full(3, np.nan), {"m": np.zeros(2)}), expected)  # a finite part differs too


def test_a_cause_some_checks_show_is_stated_only_when_no_failing_check_contradicts_it():
    """"Does not depend on h" on two failing checks, an observation on the third (a call that gives no h): the
    cause; not when that check changed h and saw the result move, nor beside another cause or a check that shows
    nothing, nor on one check alone."""
    ignores = Finding("recall", "ignores h", "Your result does not depend on h.", claims=("ignores h",))
    offset = probe(np.array([1.25, 2.25]), np.array([1.0, 2.0]))
    moved = dataclasses.replace(offset, contradicts=("ignores h",))
    sign = probe(np.array([-1.0, -2.0]), np.array([1.0, 2.0]))

    def verdict(*findings):
        return function_summaries([_record("gradient_descent_norm", str(i), f) for i, f in enumerate(findings)])[0]

    consistent = verdict(ignores, ignores, offset)
    assert consistent["cause"] == ignores.sentence and "2 of them show this cause" in consistent["verdict"]
    for findings in [(ignores, ignores, moved), (ignores, ignores, sign), (ignores, ignores, None), (ignores, offset)]:
        assert verdict(*findings)["cause"] is None, findings


def test_an_observation_every_failing_check_shows_is_not_said_of_some():
    one_row = Finding("recall", "one row", "Your result is right for one row alone.", cause=False)
    other_rows = dataclasses.replace(one_row, sentence="Your result is right for one row alone (other rows).")
    verdict = function_summaries([_record("softmax", "a", one_row), _record("softmax", "b", other_rows)])[0]["verdict"]
    assert "some failing checks but not all" not in verdict and "2 of the 2 failing checks show this" in verdict
    mixed = function_summaries([_record("softmax", "a", one_row), _record("softmax", "b")])[0]["verdict"]
    assert "some failing checks but not all" in mixed
