"""07's node-by-node diagnosis (``autograder/checks/07_autograd/localize.py``), in process.

The Value checks run on each held-out one-mistake submission of ``tests/heldout/07_autograd``
(written from the released notebook before the diagnosis was built) and on the catalogue's
mistaken Values, through the in-process backend (the same checks, drivers and wire round trip
as in the sandbox, without a sandbox: these files are the project's own). Each must lose points
on Value and its verdict or a message must say the header's words (``test_checks_corpus.judge``,
the benchmark's judge); ``python benchmarks/diagnosis.py --assignment 07_autograd`` counts the same
verdicts through the sandbox.
"""

import importlib
from pathlib import Path

import pytest

from autograder.engine import grade, i18n
from autograder.engine.student import InProcessBackend
from test_checks_corpus import CORPUS, header, judge

HELDOUT = Path(__file__).resolve().parent / "heldout" / "07_autograd"
M = importlib.import_module("autograder.checks.07_autograd.mistakes")
L = importlib.import_module("autograder.checks.07_autograd.localize")
drivers = importlib.import_module("autograder.checks.07_autograd.drivers")
P = importlib.import_module("autograder.checks.07_autograd.problems")

# the catalogue's mistaken Values (tuples of children, not sets), and the words that name each
CATALOGUE = {
    "tanh_wrong": ({"tanh_wrong": True}, "that a.tanh() sends"),
    "exp_wrong": ({"exp_wrong": True}, "that a.exp() sends"),
    "rsub_flipped": ({"rsub_flipped": True}, "in the other order"),
    "overwrites": ({"accumulate": False}, "overwritten (=) instead of accumulated"),
    "no_topological_order": ({"topological": False}, "visited set"),
    "not_reversed": ({"topological": "not_reversed"}, "without reversing"),
}


def value_verdict(namespace, fields):
    records = grade.run_checks("07_autograd", InProcessBackend(namespace), 7, ["Value"])
    return judge(fields, grade.submission_record("in process", records, None, {}))


@pytest.mark.parametrize("path", sorted(HELDOUT.glob("*.py")), ids=lambda path: path.stem)
def test_heldout_mistake_is_named(path):
    namespace = {}
    exec(path.read_text(encoding="utf-8"), namespace)
    fields = header(path)
    category, feedback = value_verdict(namespace, fields)
    expected = "full marks" if fields["corpus"] == "correct" else "named"
    assert category == expected, f"{path.name}: {category}\n{feedback}"


@pytest.mark.parametrize("name", CATALOGUE)
def test_catalogue_value_mistake_is_named(name):
    flags, words = CATALOGUE[name]
    category, feedback = value_verdict({"Value": M.value_class(**flags)}, {"corpus": "buggy", "function": "Value",
                                                                          "mistake": words})
    assert category == "named", f"{name}: {category}\n{feedback}"


CORRECT = [CORPUS / "07_autograd" / "correct.py", CORPUS / "07_autograd" / "correct_iterative.py",
           HELDOUT / "value2_correct_own_ops.py"]


@pytest.mark.parametrize("path", CORRECT, ids=lambda path: path.stem)
def test_a_correct_value_shows_nothing_on_any_probe(path):
    namespace = {}
    exec(path.read_text(encoding="utf-8"), namespace)
    results = drivers.value_graphs(namespace, L.PROBES)
    assert all("raised" not in result and not L.findings(nodes, result) for nodes, result in zip(L.PROBES, results))
    assert L.diagnosis(L.PROBES[0], results[0], results) is None


def test_a_named_formula_reads_in_the_students_language():
    """The words among the formulas ("the input where the output belongs") are translated where they are shown."""
    namespace = {}
    exec((HELDOUT / "value_tanh_uses_input.py").read_text(encoding="utf-8"), namespace)
    try:
        i18n.use_language("zh-TW")
        records = grade.run_checks("07_autograd", InProcessBackend(namespace), 7, ["Value"])
        verdict = next(summary for summary in grade.submission_record("in process", records, None, {})["functions"]
                       if summary["function"] == "Value")["verdict"]
    finally:
        i18n.use_language("en")
    assert "1 - a.data ** 2（該用輸出的地方用了輸入）" in verdict and "1 - out.data ** 2" in verdict, verdict
    assert "belongs" not in verdict, verdict


# the catalogue's mistaken Duals and the words of the diagnosis that names each (operation and formula)
DUAL_NAMED = {
    "__mul__": "a * b computing its tangent as a.tangent * b.value instead",
    "__pow__": "a ** n computing its tangent as a.value ** (n - 1) * a.tangent instead",
    "tanh": "a.tanh() computing its tangent as (1 - out.value) * a.tangent instead",
    "exp": "a.exp() computing its tangent as a.tangent instead",
    "log": "a.log() computing its tangent as a.tangent * a.value instead",
    "relu": "a.relu() computing its tangent as a.tangent instead",
}


@pytest.mark.parametrize("rules", M.DUAL_RULES.values(), ids=lambda rules: next(iter(rules)))
def test_a_wrong_tangent_rule_is_named_with_its_formula(rules):
    namespace = M._mistaken_dual(rules)
    probes = drivers.dual_probes(namespace, L.DUAL_PROBES)
    reference = M._mistaken_dual({})
    f, x = next((f, x) for f, x in [(P.cubic_poly, 2.0), (P.rational, 1.7), (P.exp_log_tanh, 0.8),
                                    (P.relu_times_x, -0.5)]
                if drivers.dual_derivative(namespace, f, x) != drivers.dual_derivative(reference, f, x))
    sentences, mistake = L.dual_diagnosis(drivers.dual_derivative_on_right_value(namespace, f, x), f, x, probes)
    assert mistake and mistake.startswith(DUAL_NAMED[next(iter(rules))]), (mistake, sentences)


def test_a_right_dual_shows_nothing_on_the_tangent_probes():
    namespace = M._mistaken_dual({})
    assert L.dual_diagnosis([0.0, 0.0], P.cubic_poly, 2.0, drivers.dual_probes(namespace, L.DUAL_PROBES)) is None


def test_second_grad_is_judged_when_value_has_a_wrong_operation():
    """Only a backward() whose result depends on a set's order excuses second_grad: with tanh's derivative wrong
    (the same every run), a second_grad that returns f'(x) still loses its points."""
    source = (CORPUS / "07_autograd" / "correct.py").read_text(encoding="utf-8")
    for right, wrong in [("self.grad += (1 - t ** 2) * out.grad", "self.grad += (1 - t) * out.grad"),
                         ("        d.backward()\n    return X.grad", "        pass\n    return d.data")]:
        assert right in source
        source = source.replace(right, wrong)
    namespace = {}
    exec(source, namespace)
    records = grade.run_checks("07_autograd", InProcessBackend(namespace), 7, ["second_grad"])
    statuses = [record["status"] for record in records if record["function"] == "second_grad"]
    assert statuses == ["failed", "failed"], records
