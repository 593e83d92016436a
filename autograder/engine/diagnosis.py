"""What a wrong result says about its cause, and the one-line verdict per graded function.

Two steps, both in the grader process, from what the student's code returned (no reference
code is ever shown):

1. Per failed comparison, :func:`probe` looks at the student's result beside the expected one
   and returns a :class:`Finding`: a constant factor or sign (x2, x-1, xB), a constant offset, the
   same values shifted by one step, a history that stops early or goes on too long, right in the
   first entries and wrong from some entry on, or which part of a structured result differs. A
   known mistake of the catalogue (``autograder/checks/<ID>/mistakes.py``) that the result
   matches is a finding too (``checking._fail`` makes it).
2. Per graded function, after all its checks ran, :func:`function_summaries` writes the verdict.
   A finding is stated as *the* cause only when every failed check of the function carries it;
   otherwise the verdict says what is known (which checks fail, what some of them show), so a
   diagnosis that explains one case is never sold as the explanation of all.
"""

from dataclasses import dataclass

import numpy as np

from autograder.engine.i18n import N_, _, joined_sentences, next_sentence, ngettext


@dataclass(frozen=True)
class Finding:
    """What a failed comparison shows. ``kind`` groups findings that are the same cause with
    other numbers ("factor"); ``key`` says exactly which cause ("factor -1"); ``sentence`` is
    what the student reads; ``cause`` is False for an observation that explains nothing alone.

    ``general`` is what may be said once the same finding (the same ``key``) shows on every failed
    check of the function, and on at least ``needs`` of them: one ratio on one input fits any
    factor, so "a constant factor" needs two inputs; "right on the first step, wrong later" points
    at the state kept between steps only when no failed check is wrong on its first step."""
    kind: str
    key: str
    sentence: str
    cause: bool = True
    others: tuple = ()  # other known mistakes the same result matches (a mistake's key is its description)
    general: str = ""
    needs: int = 2
    # What another failing check can be tested for ("ignores h": change h there), and which such claims this
    # check's own evidence contradicts: a cause with claims may be stated when some failing checks show it and
    # the others show only observations, none contradicting it (see :func:`_consistent_cause`).
    claims: tuple = ()
    contradicts: tuple = ()

    def as_note(self):
        return {"kind": self.kind, "key": self.key, "sentence": self.sentence, "cause": self.cause,
                "candidates": [self.key, *self.others], "general": self.general, "needs": self.needs,
                "claims": list(self.claims), "contradicts": list(self.contradicts)}


def mistake_finding(descriptions):
    """The finding "this is what you get with <a known mistake>" for the mistakes a result matches
    (their descriptions, the first the most likely): the verdict keeps one that every failed check matches."""
    first, *others = descriptions
    return Finding("mistake", first, mistake_sentence(first), others=tuple(others))


def mistake_sentence(description):
    """The sentence that names a known mistake, in the student's language (``description`` is its msgid)."""
    return _("This is what you get with {mistake}.").format(mistake=_(description))


ORDINALS = (N_("first"), N_("second"), N_("third"), N_("fourth"), N_("fifth"), N_("sixth"), N_("seventh"),
            N_("eighth"), N_("ninth"), N_("tenth"))


def where(path, names=()):
    """A position in a returned value in words: ``(("value", 1),)`` -> "the second value (the history)".

    ``path`` is a tuple of steps from the whole result inwards: ``("value", i)`` is the i-th of the
    values a function returns as a tuple, ``("item", i)`` the i-th item of a list, ``("key", k)`` the
    entry ``k`` of a dict. ``names`` names the values returned in order (``("x", "history")``).
    """
    words = ""
    for depth, (kind, step) in enumerate(path):
        if kind == "key":
            whole = words or _("the returned dict")
            words = _("{key} of {whole}").format(key=step, whole=whole)
        elif kind == "value" and depth == 0:
            ordinal = _(ORDINALS[step]) if step < len(ORDINALS) else str(step + 1)
            if step < len(names):
                words = _("the {ordinal} value returned ({name})").format(ordinal=ordinal, name=names[step])
            else:
                words = _("the {ordinal} value returned").format(ordinal=ordinal)
        else:
            whole = words or _("the returned list")
            words = _("item {number} of {whole}").format(number=step + 1, whole=whole)
    return words


def part_words(path, names=(), capital=False):
    """A position in a result in plain words: () -> 'your result'; with ``capital``, to begin a sentence
    (a dict key, as in "m of the second value returned", keeps its case)."""
    words = where(path, names) or _("your result")
    return words[:1].upper() + words[1:] if capital and not (path and path[-1][0] == "key") else words


def _leaves(got, expected, path=()):
    """The ``(path, got, expected)`` numeric parts of two results of the same structure (``path`` as in :func:`where`)."""
    if isinstance(expected, dict) and isinstance(got, dict):
        for key in expected:
            if key in got:
                yield from _leaves(got[key], expected[key], (*path, ("key", key)))
        return
    if isinstance(expected, tuple) and isinstance(got, (tuple, list)) and len(got) == len(expected):
        for index, (g, e) in enumerate(zip(got, expected)):
            yield from _leaves(g, e, (*path, ("value", index)))
        return
    try:
        g, e = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return
    yield path, g, e


def _close(a, b, rtol, atol):
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=max(rtol, 1e-9), atol=max(atol, 1e-12), equal_nan=True))


def _probe_leaf(path, got, want, rtol, atol, names):
    """The finding for one numeric part that differs, or None."""
    part, subject = part_words(path, names), part_words(path, names, capital=True)
    finite = np.all(np.isfinite(got)) and np.all(np.isfinite(want))
    if got.shape == want.shape and finite and got.size:
        if abs(float(np.mean(got + want)) - 1) < 1e-9 and _close(got, 1 - want, rtol, atol):
            return Finding("complement", "complement" + (f" at {path}" if path else ""),
                           _("{part} is 1 minus the expected value.").format(part=subject), cause=False,
                           general=_("{part} is 1 minus the expected value in every failing check: the complement "
                                     "(what fails instead of what succeeds).").format(part=subject))
        if np.any(want != 0):
            factor = float(np.sum(got * want) / np.sum(want * want))
            if factor and f"{factor:.6g}" != "1" and _close(got, factor * want, rtol, atol):
                if abs(factor + 1) < 1e-9:
                    return Finding("sign", "sign", _("The sign is flipped: {part} is -1 times the expected "
                                                     "value.").format(part=part))
                shown = f"{factor:.6g}" if abs(factor) >= 1 else f"{factor:.6g} (1/{1 / factor:.6g})"
                # one input shows one ratio (its entries may share it because of how that input was made):
                # a constant factor needs the same ratio on other inputs, in other failed checks
                fact = _("{part} is {factor} times the expected value in every entry.") if got.size > 1 else \
                    _("{part} is {factor} times the expected value in the first call that fails.")
                return Finding("factor", f"factor {shown}" + (f" at {path}" if path else ""),
                               fact.format(part=subject, factor=shown), cause=False,
                               general=_("{part} is {factor} times the expected value in every failing check, on "
                                         "different inputs: a constant factor is off.").format(part=subject,
                                                                                               factor=shown))
        offset = float(np.mean(got - want))
        if got.size > 1 and offset and _close(got, want + offset, rtol, atol):
            return Finding("offset", f"offset {offset:.6g}" + (f" at {path}" if path else ""), _(
                "{part} differs from the expected value by the same amount, {offset}, in every entry (an amount "
                "added or missing).").format(
                part=subject, offset=f"{offset:.6g}"), cause=False, general=_(
                "{part} differs from the expected value by {offset} in every entry of every failing check, on "
                "different inputs: a constant term is added or missing.").format(part=subject, offset=f"{offset:.6g}"))
    if got.ndim >= 1 and want.ndim >= 1 and got.shape[1:] == want.shape[1:] and len(want) > 2:
        n, m = len(got), len(want)
        if got.shape == want.shape and _close(got[1:], want[:-1], rtol, atol):
            return Finding("shift", "behind", _("{part} is shifted by one step: each entry is the expected "
                                                "one of the step before.").format(part=subject))
        if got.shape == want.shape and _close(got[:-1], want[1:], rtol, atol):
            return Finding("shift", "ahead", _("{part} is shifted by one step: each entry is the expected "
                                               "one of the step after.").format(part=subject))
        if 0 < n < m and _close(got, want[:n], rtol, atol):
            return Finding("length", "stops early", _("{part} stops too early: its {n} values are the first "
                                                      "{n} of the {m} expected.").format(part=subject, n=n, m=m))
        if n > m and _close(got[:m], want, rtol, atol):
            return Finding("length", "goes on", _("{part} goes on too long: its first {m} values are the "
                                                  "expected ones, then come {extra} more.").format(
                part=subject, m=m, extra=n - m))
    if got.shape == want.shape and got.size > 1:
        flat_got, flat_want = got.reshape(-1), want.reshape(-1)
        right = np.isclose(flat_got, flat_want, rtol=max(rtol, 1e-9), atol=max(atol, 1e-12), equal_nan=True)
        first_wrong = int(np.argmin(right))
        if first_wrong > 0:
            axis = got.ndim > 1 and got.shape[0] > 1 and bool(np.all(right[:first_wrong]))
            rows = int(np.argmin(np.all(right.reshape(got.shape[0], -1), axis=1))) if axis else 0
            if rows:  # a history: each row a step
                right = ngettext("{part} is right on the first step (row 1) and wrong from the second on",
                                 "{part} is right on the first {n} steps (rows) and wrong from step {k} on", rows)
                right = right.format(part=subject, n=rows, k=rows + 1)
                # the hint about what is carried between steps holds only when no failed check is wrong on
                # its first step (the verdict gives it then): a first step already wrong is another cause
                return Finding("later", "later rows", right + ".", cause=False, needs=1, general=right + _(
                    ": if each step builds on the one before, look at what you carry from one step to the next "
                    "(the state kept in config, the last value)."))
            right = ngettext("The first entry of {part} is right; it goes wrong from entry {k} on.",
                             "The first {n} entries of {part} are right; it goes wrong from entry {k} on.", first_wrong)
            return Finding("later", "later entries", right.format(n=first_wrong, part=part, k=first_wrong + 1),
                           cause=False)
    return None


def probe(got, expected, rtol=1e-6, atol=1e-9, names=()):
    """A :class:`Finding` about ``got`` where ``expected`` was expected, or None when nothing simple fits.

    ``names`` names the values a function returns in order (``("next_w", "config")``), for the words."""
    wrong = []
    with np.errstate(all="ignore"):
        for path, g, e in _leaves(got, expected):
            if not _close(g, e, rtol, atol):
                wrong.append((path, g, e))
        if not wrong:
            return None
        found = _probe_leaf(*wrong[0], rtol, atol, names)
    if found is None and wrong[0][0]:
        others = [part_words(path, names) for path, _g, _e in _leaves(got, expected)
                  if path not in {w[0] for w in wrong}]
        if others:
            return Finding("part", f"part {wrong[0][0]}", _("{part} differs; {others} {verb} right.").format(
                part=part_words(wrong[0][0], names, capital=True), others=", ".join(others), verb=_("is") if len(others) == 1 else _("are")),
                cause=False)
    return found


# ----------------------------------------------------------------------------- per function

def _verdict(function, failed, total, findings):
    """The verdict sentence and the stated cause (or None) for one function with failed checks."""
    known = [finding for finding in findings if finding]
    if len(known) == len(failed) and known and all(f["kind"] == "mistake" for f in known):
        common = [key for key in known[0].get("candidates", [known[0]["key"]])
                  if all(key in f.get("candidates", [f["key"]]) for f in known)]
        if common:
            cause = mistake_sentence(common[0])
            return (_("{failed} of {total} checks fail, and the same cause explains every one. "
                      "{cause}").format(function=function, failed=len(failed), total=total, cause=cause), cause)
    if len(known) == len(failed) and known:
        keys, kinds = {f["key"] for f in known}, {f["kind"] for f in known}
        if len(keys) == 1 and known[0]["cause"]:
            return (_("{failed} of {total} checks fail, and the same cause explains every one. "
                      "{cause}").format(function=function, failed=len(failed), total=total,
                                        cause=known[0]["sentence"]), known[0]["sentence"])
        general = known[0].get("general")
        if len(keys) == 1 and general and len(known) >= known[0].get("needs", 2):
            if known[0]["kind"] == "later":  # what is known everywhere, and where to look; not a cause
                return (_("{failed} of {total} checks fail. What is known, in every failing check: "
                          "{observation}").format(failed=len(failed), total=total, observation=general), None)
            return (_("{failed} of {total} checks fail, and the same cause explains every one. "
                      "{cause}").format(function=function, failed=len(failed), total=total, cause=general), general)
        if len(keys) > 1 and len(kinds) == 1 and known[0]["kind"] in ("factor", "offset"):  # no constant
            sentence = {"factor": _("In every failing check your result is a multiple of the expected one, but "
                                    "not by the same factor: the factor depends on the input."),
                        "offset": _("In every failing check your result is the expected one with an amount added "
                                    "to every entry, but not the same amount: it depends on the input.")}
            return (_("{failed} of {total} checks fail. {observation}").format(
                failed=len(failed), total=total, observation=sentence[known[0]["kind"]]), None)
        if len(kinds) == 1 and all(f["cause"] for f in known) and known[0]["kind"] in ("shift", "length"):
            sentence = {"shift": _("The result is shifted by one step in every failing check: look at where "
                                   "your loop starts, ends or records its values."),
                        "length": _("Your sequence has the wrong length in every failing check, the values it "
                                    "has being right: look at when your loop stops and what it records.")}
            return (_("{failed} of {total} checks fail. {cause}").format(
                function=function, failed=len(failed), total=total, cause=sentence[known[0]["kind"]]),
                sentence[known[0]["kind"]])
    consistent = _consistent_cause(findings)
    if consistent is not None:
        return (_("{failed} of {total} checks fail; {shown} of them show this cause and the others are consistent "
                  "with it. {cause}").format(failed=len(failed), total=total, shown=consistent[1],
                                             cause=consistent[0]["sentence"]), consistent[0]["sentence"])
    # A known mistake that some failing checks match is told only where no failing check shows something
    # else (the others fail on what cannot be compared, e.g. a missing key): it is then what is known.
    mistakes_only = all(f["kind"] == "mistake" for f in known)
    # one sentence per kind of probe, with how many failing checks show it (some with other numbers)
    first, shown_by, other_numbers = {}, {}, set()
    for f in known:
        if f["kind"] == "mistake" and not mistakes_only:
            continue
        group = f["key"] if f["kind"] == "mistake" else f["kind"]
        sentence = _("Where your result could be compared, {sentence}").format(
            sentence=f["sentence"][:1].lower() + f["sentence"][1:]) if f["kind"] == "mistake" else f["sentence"]
        first.setdefault(group, sentence)
        shown_by[group] = shown_by.get(group, 0) + 1
        if sentence != first[group]:
            other_numbers.add(group)
    observations = []
    for group, sentence in first.items():
        if shown_by[group] > 1:
            count = (_("{count} of the {failed} failing checks show this, some with other numbers.")
                     if group in other_numbers else _("{count} of the {failed} failing checks show this."))
            sentence += next_sentence(count.format(count=shown_by[group], failed=len(failed)))
        observations.append(sentence)
    text = _("{failed} of {total} checks fail.").format(function=function, failed=len(failed),
                                                                   total=total)
    if len(failed) < total:
        text += next_sentence(_("The other checks pass, so the mistake shows only in what these checks test."))
    # one observation every failing check shows (with other numbers: no rule above states it) is not "some"
    if observations and (len(failed) == len(known) == 1 or len(first) == 1 and
                         shown_by[next(iter(first))] == len(failed)):
        text += next_sentence(_("What is known: {observations}").format(observations=observations[0]))
    elif observations:
        text += next_sentence(_("What is known, in some failing checks but not all: {observations}").format(
            observations=joined_sentences(observations)))
    return text, None


def _consistent_cause(findings):
    """``(finding, how many show it)`` for a cause with claims ("your result does not depend on h") that at least
    two failing checks show, where every other failing check shows an observation only and no failing check
    contradicts a claim of it; else None. A check without any finding is no evidence for it: then None."""
    if not findings or any(f is None for f in findings):
        return None
    causes = [f for f in findings if f["cause"]]
    if len(causes) < 2 or len({f["key"] for f in causes}) != 1 or not causes[0].get("claims"):
        return None
    claims = set(causes[0]["claims"])
    if any(claims & set(f.get("contradicts", ())) for f in findings):
        return None
    return causes[0], len(causes)


def function_summaries(records):
    """``[{"function", "score", "max_score", "verdict", "cause"}]`` per graded function, in check order.

    ``verdict`` is None when every check of the function passed; ``cause`` is the sentence that
    names the cause when one explains every failed check, else None.
    """
    grouped = {}
    for record in records:
        grouped.setdefault(record["function"], []).append(record)
    summaries = []
    for function, tests in grouped.items():
        failed = [test for test in tests if test["status"] != "passed"]
        summary = {"function": function, "score": round(sum(t["score"] for t in tests), 6),
                   "max_score": round(sum(t["max_score"] for t in tests), 6), "verdict": None, "cause": None}
        if failed:
            findings = [(test.get("_notes") or {}).get("finding") for test in failed]
            summary["verdict"], summary["cause"] = _verdict(function, failed, len(tests), findings)
        summaries.append(summary)
    return summaries

