"""Hidden checks of 07_autograd (points: Value 6, grad 2, linear_grads 1, Dual 2, second_grad 2 = 13).

``Value`` is exercised through the ``value_graph`` driver: a check describes an expression
as plain data (``Graph`` below), the driver builds it with the student's Value in the
sandbox, calls backward() on the last node and returns every node's data and grad; the
same driver runs on the reference Value and on the mistaken operations of
``mistakes.py`` beside this file; when a graph fails, ``localize.py`` runs a probe suite and
checks it node by node, to say which operation (and operand) is wrong, or which mistake in
backward() gives every graph; a failed Dual check likewise probes each operation's tangent alone.
grad is checked with functions that use only + and * on each input once, so a mistake in
another Value operation costs Value, not grad.
"""

import importlib
import weakref

from autograder.checks.checklib import call_text, expect_close
from autograder.checks.known_mistakes import diagnose, later
from autograder.engine.checking import (CheckFailed, NotDefined, SandboxCrashed, StudentError, StudentTimeout,
                                         check, show)
from autograder.engine.i18n import N_, _, next_sentence

M = importlib.import_module("autograder.checks.07_autograd.mistakes")  # this assignment's known mistakes
drivers = importlib.import_module("autograder.checks.07_autograd.drivers")  # run beside the submission
problems = importlib.import_module("autograder.checks.07_autograd.problems")  # its test problems
L = importlib.import_module("autograder.checks.07_autograd.localize")  # where a Value goes wrong, node by node


class Graph:
    """A plain-data description of a Value expression (see build_graph in drivers.py beside this file)."""

    def __init__(self):
        self.nodes = []

    def leaf(self, value):
        self.nodes.append(("leaf", value))
        return len(self.nodes) - 1

    def op(self, name, a, b=None):
        self.nodes.append((name, a) if b is None else (name, a, b))  # b: a node, a number or an exponent
        return len(self.nodes) - 1

    @property
    def names(self):
        return L.describe(self.nodes)[1]

    def code(self):
        return L.describe(self.nodes)[0]


def _check_graph(student, reference, graph):
    code = graph.code()
    try:
        got = student.drive(drivers.value_graph, graph.nodes)
    except StudentError as error:  # name the expression, not the driver
        raise CheckFailed(_("`{code}` raised {error}: {message}").format(code=code, error=error.exc_type,
                                                                          message=error.message)) from None
    expected = drivers.value_graph(vars(reference), graph.nodes)
    names = "[" + ", ".join(graph.names) + "]"

    def diagnosis(part):
        return lambda: {name: value[part] for name, value in diagnose(M.OPERATION_MISTAKES, graph.nodes).items()}

    for part, words in (("data", N_("After `{code}`, the .data of {names}")),
                        ("grad", N_("After `{code}`, the .grad of {names}"))):
        try:
            expect_close(got[part], expected[part], call=_(words).format(code=code, names=names),
                         mistakes=diagnosis(part))
        except CheckFailed as failure:
            raise _localized(failure, student, graph.nodes, got) from None


_probed = weakref.WeakKeyDictionary()  # {student: their Value on the probe suite}: one sandbox call per submission
_dual_probed = weakref.WeakKeyDictionary()  # {student: their Dual on the tangent probes}


def _probed_once(cache, student, driver, probes):
    """What the student's code gives on ``probes`` through ``driver`` (one sandbox call per submission), or None."""
    if student not in cache:
        try:
            cache[student] = student.drive(driver, probes)
        except (StudentError, StudentTimeout, SandboxCrashed):  # no probes: the comparison alone is what is known
            cache[student] = None
    return cache[student]


def _value_probes(student):
    return _probed_once(_probed, student, drivers.value_graphs, L.PROBES)


def _localized(failure, student, nodes, got):
    """``failure`` with what the node-by-node probes say about where the student's Value goes wrong."""
    probes = _value_probes(student)
    if probes is None:
        return failure
    found = L.diagnosis(nodes, got, probes)
    if found is None:
        return failure
    sentences, mistake = found
    return CheckFailed(str(failure) + next_sentence(sentences), failure.mistake or mistake)


def _arithmetic():
    g = Graph()
    a, b, c, d = g.leaf(2.0), g.leaf(-3.0), g.leaf(0.5), g.leaf(1.5)
    g.op("sub", g.op("add", g.op("mul", a, b), c), d)
    return g


def _numbers_either_side():
    g = Graph()
    a, b = g.leaf(1.5), g.leaf(-0.5)
    n = g.op("sub", g.op("mul", 2.0, g.op("sub", 4.0, g.op("mul", g.op("add", 2.0, a), 3.0))), 1.0)
    g.op("add", n, g.op("add", g.op("div", 1.0, b), 0.25))
    return g


def _division_and_power():
    g = Graph()
    a, b, c, d = g.leaf(1.2), g.leaf(-0.7), g.leaf(2.5), g.leaf(0.8)
    n = g.op("pow", g.op("add", g.op("div", a, b), g.op("pow", c, 2)), 3)
    g.op("div", n, g.op("pow", d, -1.5))
    return g


def _exp_log_tanh():
    g = Graph()
    a, b, c = g.leaf(0.3), g.leaf(1.7), g.leaf(-0.4)
    g.op("add", g.op("tanh", g.op("mul", g.op("exp", a), g.op("log", b))), g.op("tanh", c))
    return g


def _relu():
    g = Graph()
    a, b, c = g.leaf(1.3), g.leaf(-0.8), g.leaf(-0.6)
    g.op("add", g.op("add", g.op("mul", g.op("relu", a), 2.0), g.op("relu", b)), g.op("relu", g.op("neg", c)))
    return g


def _used_twice():
    g = Graph()
    a, b = g.leaf(2.0), g.leaf(-1.5)
    g.op("add", g.op("mul", g.op("add", g.op("mul", a, a), a), b), g.op("add", b, b))
    return g


def _each_operation_used_twice():
    # two of each operation on its own value (and v - v, v / v): one operation that assigns (=) its
    # input's grad loses the other's share, in whatever order the children iterate; one value per
    # operation, so that no grad is a sum of more than two shares (a float sum of three depends on
    # that order in its last digit)
    g = Graph()
    unary = [(name, g.leaf(value)) for name, value in [("exp", 0.8), ("log", 1.1), ("tanh", 0.3), ("relu", 0.6),
                                                        ("neg", 1.7)]]
    pairs = [g.op("add", g.op(name, v), g.op(name, v)) for name, v in unary]
    v, w, x = g.leaf(0.9), g.leaf(1.2), g.leaf(0.7)
    pairs += [g.op("add", g.op("pow", v, 3), g.op("pow", v, 3)), g.op("sub", w, w), g.op("div", x, x)]
    total = pairs[0]
    for pair in pairs[1:]:
        total = g.op("add", total, pair)
    return g


def _intermediate_used_twice():
    # both uses of u are products, so gradients that are overwritten instead of added are wrong in
    # whatever order a set of children iterates (it varies from run to run)
    g = Graph()
    a, b = g.leaf(0.5), g.leaf(-1.2)
    u = g.op("mul", a, b)
    g.op("add", g.op("mul", u, 3.0), g.op("tanh", g.op("exp", g.op("mul", u, 0.5))))
    return g


GRAPHS = [
    (1.0, N_("Value: +, - and * between Values"), _arithmetic),
    (1.0, N_("Value: numbers on either side (2 + x, 4 - x, 2 * x, 1 / x, x - 1)"), _numbers_either_side),
    (1.0, N_("Value: / and ** with a number exponent"), _division_and_power),
    (1.0, N_("Value: exp(), log() and tanh()"), _exp_log_tanh),
    (0.5, N_("Value: relu() of positive and negative values"), _relu),
    (0.5, N_("Value: a value used twice gets the sum of both paths"), _used_twice),
    (0.5, N_("Value: every operation adds to its inputs' grads (+=)"), _each_operation_used_twice),
    (0.5, N_("Value: an intermediate value used twice (reverse topological order)"), _intermediate_used_twice),
]


def _graph_check(points, title, build):
    @check("Value", points, title, requires=["numbers_either_side"] if "either side" in title else ())
    def test(student, reference):
        _check_graph(student, reference, build())
    return test


for _points, _title, _build in GRAPHS:
    globals()[f"test_value{_build.__name__}"] = _graph_check(_points, _title, _build)


# ----------------------------------------------------------------------------- grad (2)

def _on_own_helper(got, expected, call, on_theirs, helper, function, mistakes=None):
    """Compare with the reference; if that fails and the student's ``helper`` differs from the
    reference's, accept what the reference computes with the student's helper (``on_theirs()``:
    (its result, the reference's)), so a mistake in ``helper`` costs ``helper`` only."""
    try:
        expect_close(got, expected, call=call, mistakes=mistakes)
        return
    except CheckFailed as failure:
        first = failure
    try:
        theirs, ours = on_theirs()
    except NotDefined:
        raise first from None
    except StudentError as error:
        raise CheckFailed(_("{failure} Your {helper} raised {error} when {function} used it: fix it first.").format(
            failure=first, helper=helper, error=error.exc_type, function=function)) from None
    if _agrees(theirs, ours):  # the helper is right here: the mistake is in the function itself
        raise first
    if not _agrees(got, theirs):
        raise CheckFailed(_("{failure} Your {helper} gives {got} here where {expected} is expected: fix {helper} "
                            "first. With your {helper}, {function} still does not give what it should.").format(
                                failure=first, helper=helper, got=show(theirs, 80), expected=show(ours, 80),
                                function=function))


def _agrees(got, expected):
    try:
        expect_close(got, expected, call="")
        return True
    except CheckFailed:
        return False


def _check_grad(student, reference, f, *args):
    # judged on the student's own Value too (the driver runs the reference's steps with it)
    _on_own_helper(student.grad(f, *args), reference.grad(f, *args), call_text("grad", f, *args),
                   lambda: (student.drive(drivers.grad_on_value, f, list(args)), reference.grad(f, *args)),
                   "Value", "grad")


def _check_linear_grads(student, reference, x, w, b):
    # judged on the student's own grad too: the reference linear_grads is grad(x*w + b)[1:]
    _on_own_helper(student.linear_grads(x, w, b), reference.linear_grads(x, w, b), call_text("linear_grads", x, w, b),
                   lambda: (tuple(student.grad(problems.linear, x, w, b))[1:],
                            reference.grad(problems.linear, x, w, b)[1:]), "grad", "linear_grads",
                   mistakes=later(M.LINEAR_GRADS_MISTAKES, x, w, b))


@check("grad", 1.0, "grad: the partial derivatives of x*w + b and x*y + 1.5*z + 0.5")
def test_grad_linear(student, reference):
    _check_grad(student, reference, problems.linear, 3.0, 1.0, 2.0)
    _check_grad(student, reference, problems.affine, 2.0, -1.0, 4.0)


@check("grad", 0.5, "grad: an argument that f ignores has derivative 0")
def test_grad_unused_argument(student, reference):
    _check_grad(student, reference, problems.ignores_second, 1.5, -2.0)


@check("grad", 0.5, "grad: random points, integer arguments", requires=["int_or_float(each number in args)"])
def test_grad_random(student, reference, rng):
    _check_grad(student, reference, problems.affine, *(float(v) for v in rng.normal(size=3)))
    _check_grad(student, reference, problems.linear, 2, -3, 5)


# ----------------------------------------------------------------------------- linear_grads (1)

@check("linear_grads", 0.5, "linear_grads: the lecture's (x, w, b) = (3, 1, 2) gives (3.0, 1.0)",
       requires=["int_or_float(x, w, b)"])
def test_linear_grads_lecture(student, reference):
    _check_linear_grads(student, reference, 3, 1, 2)


@check("linear_grads", 0.5, "linear_grads: random x, w, b")
def test_linear_grads_random(student, reference, rng):
    x, w, b = (float(v) for v in rng.normal(size=3))
    _check_linear_grads(student, reference, x, w, b)


# ----------------------------------------------------------------------------- Dual (2), second_grad (2)
# Forward mode with Values (issue 15): f(Dual(Value(x), Value(1.0))) gives f(x) and f'(x); second_grad
# differentiates that f'(x) once more with backward(). Each problem is named by its formula.

FORMULAS = {
    problems.cubic_poly: "x**3 - 2*x + 1",
    problems.shifted_linear: "3*x + 2",
    problems.rational: "(x**2 + 1) / (x - 3) - 1 / x",
    problems.exp_log_tanh: "(x / 2).exp() * (x * x + 1).log() + (0.5 * x).tanh()",
    problems.relu_times_x: "(x - 0.5).relu() * x",
}


def _check_dual(student, reference, f, x):
    call = _("With f(x) = {formula} and x = {x!r}, [out.value, out.tangent] of out = f(Dual(Value(x), Value(1.0))) "
             "(f(x) and f'(x))").format(formula=FORMULAS[f], x=x)
    expected = drivers.dual_derivative(vars(reference), f, x)
    try:
        got = student.drive(drivers.dual_derivative, f, x)
    except StudentError as error:
        failure = CheckFailed(_("{call} raised {error}: {message}").format(call=call, error=error.exc_type,
                                                                        message=error.message))
    else:
        try:
            expect_close(got, expected, call=call, mistakes=later(M.DUAL_MISTAKES, f, x))
            return
        except CheckFailed as mismatch:
            failure = mismatch
    # A mistake of the student's Value costs Value (its own checks), not Dual: the Dual passes when it
    # is right with a right Value's arithmetic, as grad passes when it is right with the student's Value.
    try:
        on_right_value = student.drive(drivers.dual_derivative_on_right_value, f, x)
    except (StudentError, StudentTimeout, SandboxCrashed):
        raise failure from None
    if _agrees(on_right_value, expected):
        return
    raise _dual_localized(failure, student, f, x, on_right_value) from None


def _dual_localized(failure, student, f, x, on_right_value):
    """``failure`` with what the tangent probes say about which operation of the student's Dual is wrong."""
    probes = _probed_once(_dual_probed, student, drivers.dual_probes, L.DUAL_PROBES)
    found = probes and L.dual_diagnosis(on_right_value, f, x, probes)
    if not found:
        return failure
    sentences, mistake = found
    return CheckFailed(str(failure) + next_sentence(sentences), failure.mistake or mistake)


def _backward_is_right(student, reference):
    """Whether the student's backward() passes the graphs built to catch overwritten grads and a missing
    topological order whatever order a set iterates."""
    try:
        for build in (_used_twice, _intermediate_used_twice):
            _check_graph(student, reference, build())
        return True
    except (CheckFailed, NotDefined):
        return False


def _check_second_grad(student, reference, f, x):
    call = _("second_grad(f, {x!r}) with f(x) = {formula}").format(x=x, formula=FORMULAS[f])
    try:
        _on_own_helper(student.second_grad(f, x), reference.second_grad(f, x), call,
                       lambda: (student.drive(drivers.second_grad_on_dual, f, x), reference.second_grad(f, x)), "Dual",
                       "second_grad", mistakes=later(M.SECOND_GRAD_MISTAKES, f, x))
    except CheckFailed:
        # A backward() that depends on the order a set iterates gives a different f'' at every call, so
        # "the same as the reference's steps with your Value" cannot be judged: that mistake costs Value.
        # An operation of Value that is wrong on its own is wrong the same way every time: judged.
        if _backward_is_right(student, reference) or _an_operation_is_wrong(student):
            raise


def _an_operation_is_wrong(student):
    """Whether the probes show an operation of the student's Value wrong on its own (its value or its local
    derivative, on a graph of that one operation), which no order of a set changes."""
    probes = _value_probes(student)
    return probes is not None and any(
        finding["kind"] in ("forward", "local") for nodes, result in zip(L.PROBES, probes)
        if nodes in L.ALONE and "raised" not in result for finding in L.findings(nodes, result))


@check("Dual", 0.5, "Dual: +, -, * and ** with numbers on either side give f(x) and f'(x)")
def test_dual_polynomial(student, reference):
    _check_dual(student, reference, problems.cubic_poly, 2.0)
    _check_dual(student, reference, problems.shifted_linear, -1.5)


@check("Dual", 0.5, "Dual: / and reflected operators (1 / x, x - 3)")
def test_dual_division(student, reference, rng):
    _check_dual(student, reference, problems.rational, float(rng.uniform(0.5, 2.5)))


@check("Dual", 1.0, "Dual: exp(), log(), tanh() and relu()")
def test_dual_unary(student, reference, rng):
    _check_dual(student, reference, problems.exp_log_tanh, float(rng.uniform(-1.5, 1.5)))
    for x in (1.5, -0.5):
        _check_dual(student, reference, problems.relu_times_x, x)


@check("second_grad", 1.0, "second_grad: x**3 - 2*x + 1 at 2 gives 12, and 3*x + 2 (linear) gives 0",
       requires=["int_or_float(x)"])
def test_second_grad_worked_example(student, reference):
    _check_second_grad(student, reference, problems.cubic_poly, 2)
    _check_second_grad(student, reference, problems.shifted_linear, 1.0)


@check("second_grad", 1.0, "second_grad: random points of functions that use every operation")
def test_second_grad_random(student, reference, rng):
    _check_second_grad(student, reference, problems.rational, float(rng.uniform(0.5, 2.5)))
    _check_second_grad(student, reference, problems.exp_log_tanh, float(rng.uniform(-1.5, 1.5)))
    _check_second_grad(student, reference, problems.relu_times_x, float(rng.uniform(0.7, 2.0)))
