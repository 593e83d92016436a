"""Where a student's ``Value`` goes wrong, found node by node (issue 12).

When a Value check fails, the grader runs a probe suite in the sandbox in one call (the
``value_graphs`` driver): every operation alone, every operation with an ``out.grad`` other
than 1, every operation on a value used twice, and two graphs where a value is used twice
further up. For each node of each graph it recomputes, from the student's own ``.data`` and
``.grad`` of that node's neighbours, what the chain rule with the notebook's local rules
gives, so a wrong rule shows at the node that holds it and nowhere else:

- a node whose ``.data`` is not the operation of its inputs' ``.data``: that operation's forward
  pass (``2.0 - a`` computed as ``a - 2.0``);
- an input used once whose ``.grad`` is not local derivative × the node's ``.grad``: the gradient
  that operation sends to that operand;
- an input used several times whose ``.grad`` is one path's share instead of their sum: the
  operation that assigns (=) instead of adding (+=).

Mistakes in ``backward()`` itself (the seed, the order, a visited set) are named only when they
give the student's grads on every graph of the probe suite (the simulations of ``mistakes.py``); an operation only
when the graphs where it is alone show it, and the message says so when that does not explain
everything the failing check saw. Nothing here runs student code: it reads plain numbers.
"""

import functools
import importlib
import itertools
import math
from typing import Callable, NamedTuple

from autograder.checks.known_mistakes import ref
from autograder.engine.diagnosis import mistake_sentence
from autograder.engine.i18n import N_, _, joined_sentences, next_sentence

M = importlib.import_module("autograder.checks.07_autograd.mistakes")
drivers = importlib.import_module("autograder.checks.07_autograd.drivers")  # value_graph, as the checks run it

_NUMBER, _A, _B = 2.0, 1.3, -0.7  # the probes' plain number and leaves (a > 0 for log)

# the reference's forward pass from the inputs' data
_FORWARD = {
    "add": lambda x, y: x + y, "sub": lambda x, y: x - y, "mul": lambda x, y: x * y, "div": lambda x, y: x / y,
    "pow": lambda x, k: x**k, "neg": lambda x: -x, "exp": math.exp, "log": math.log, "tanh": math.tanh,
    "relu": lambda x: max(x, 0.0),
}


class _Local(NamedTuple):
    """An operation's local derivatives (d out/d left, d out/d right) from the inputs' data, and the right
    formula as a verdict shows it, for the operations whose wrong formulas :data:`_WRONG_LOCAL` names."""
    derivatives: Callable
    shown: str | None = None


_LOCAL = {
    "add": _Local(lambda x, y: (1.0, 1.0)), "sub": _Local(lambda x, y: (1.0, -1.0)),
    "mul": _Local(lambda x, y: (y, x), N_("b.data for a and a.data for b")),
    "div": _Local(lambda x, y: (1 / y, -x / y**2)),
    "pow": _Local(lambda x, k: (k * x ** (k - 1), None), "n * a.data ** (n - 1)"),
    "neg": _Local(lambda x: (-1.0,), "-1"), "exp": _Local(lambda x: (math.exp(x),), "out.data"),
    "log": _Local(lambda x: (1 / x,), "1 / a.data"),
    "tanh": _Local(lambda x: (1 - math.tanh(x) ** 2,), "1 - out.data ** 2"),
    "relu": _Local(lambda x: (float(x > 0),), N_("1 where a.data > 0, else 0")),
}
# wrong local derivatives students write, (formula shown, d out/d input from the inputs' data and out.data):
# a wrong gradient is named by formula only when one of these gives it everywhere; the words among the
# formulas are translated where they are shown
_WRONG_LOCAL = {
    "a * b": [(N_("b.data, a.data swapped: a.grad gets a.data and b.grad gets b.data"), lambda x, y, t: (x, y))],
    "a ** n": [("n * a.data ** n", lambda x, k, t: (k * x ** k,)),
               ("n * a.data ** n - 1", lambda x, k, t: (k * x ** k - 1,)),
               ("a.data ** (n - 1)", lambda x, k, t: (x ** (k - 1),)), ("n * a.data", lambda x, k, t: (k * x,))],
    "-a": [(N_("0 (a fresh Value cut off from the graph)"), lambda x, t: (0.0,)), ("1", lambda x, t: (1.0,))],
    "a.exp()": [("a.data", lambda x, t: (x,)), ("1", lambda x, t: (1.0,))],
    "a.log()": [("1 / out.data", lambda x, t: (1 / t,)), ("a.data", lambda x, t: (x,)), ("out.data", lambda x, t: (t,))],
    "a.tanh()": [(N_("1 - a.data ** 2 (the input where the output belongs)"), lambda x, t: (1 - x ** 2,)),
                 ("1 - out.data", lambda x, t: (1 - t,)), ("out.data ** 2", lambda x, t: (t ** 2,))],
    "a.relu()": [(N_("1 everywhere"), lambda x, t: (1.0,)), ("a.data", lambda x, t: (x,))],
}
_SYMBOL = {"add": "+", "sub": "-", "mul": "*", "div": "/"}
_REFLECTED = {"add": "__radd__", "sub": "__rsub__", "mul": "__rmul__", "div": "__rtruediv__"}
# what the notebook builds each derived operation from: a wrong primitive makes these wrong too
_BUILT_FROM = {"-a": {"a * n"}, "a - b": {"a + b", "-a"}, "a - n": {"a + b", "-a"}, "n - a (__rsub__)": {"a + b", "-a"},
               "a / b": {"a * b", "a ** n"}, "a / n": {"a * b", "a ** n"}, "n / a (__rtruediv__)": {"a * b", "a ** n"},
               "n + a (__radd__)": {"a + b"}, "n * a (__rmul__)": {"a * b"}, "a + n": {"a + b"}, "a * n": {"a * b"}}
_PRIMITIVES = ["a + b", "a * b", "a ** n", "a.exp()", "a.log()", "a.tanh()", "a.relu()"]


def _is_node(operand):
    return isinstance(operand, int) and not isinstance(operand, bool)


def label(node):
    """The operation of a graph node as the student writes it: ``a * b``, ``n - a (__rsub__)``, ``a.tanh()``."""
    op, *operands = node
    if op in _SYMBOL:
        left, right = operands
        if _is_node(left) and _is_node(right):
            return f"a {_SYMBOL[op]} b"
        return f"a {_SYMBOL[op]} n" if _is_node(left) else f"n {_SYMBOL[op]} a ({_REFLECTED[op]})"
    return {"pow": "a ** n", "neg": "-a"}.get(op) or f"a.{op}()"


def _operand_names(node):
    """The name of each operand that is a node, in the label's words (``a``, ``b``)."""
    values = [operand for operand in node[1:] if _is_node(operand)] if node[0] != "pow" else [node[1]]
    return ["a", "b"][:len(values)]


def _number(x):
    """A number as a message shows it: six significant digits."""
    return f"{x:.6g}"


def _close(x, y):
    return math.isclose(x, y, rel_tol=1e-6, abs_tol=1e-9)


def findings(nodes, result):
    """What is wrong at which node of one graph, judged from the student's own data and grads.

    A list of dicts with ``kind`` "forward", "local", "assign", "seed" or "unexplained" (see the
    module docstring), the node, its operation's label and the numbers a message shows.
    """
    data, grad = result["data"], result["grad"]
    found, uses = [], {}
    expected = [0.0] * len(nodes)
    expected[-1] = 1.0
    for index, node in enumerate(nodes):
        op, *operands = node
        if op == "leaf":
            continue
        inputs = [data[o] if _is_node(o) and (op != "pow" or side == 0) else float(o)
                  for side, o in enumerate(operands)]  # an exponent is always a number
        try:
            forward = _FORWARD[op](*inputs)
            local = _LOCAL[op].derivatives(*inputs)
        except (ValueError, ZeroDivisionError, OverflowError):  # outside the operation's domain: no judgement
            return []
        if not _close(data[index], forward):
            swapped = _FORWARD[op](*inputs[::-1]) if op in ("sub", "div") else None
            found.append({"kind": "forward", "node": index, "label": label(node), "got": data[index],
                          "expected": forward, "swapped": swapped is not None and _close(data[index], swapped)})
        names = iter(_operand_names(node))
        for side, operand in enumerate(operands[:1] if op == "pow" else operands):
            if _is_node(operand):
                share = local[side] * grad[index]
                expected[operand] += share
                uses.setdefault(operand, []).append({"node": index, "name": next(names), "share": share,
                                                     "local": local[side]})
    for index in range(len(nodes)):
        if _close(grad[index], expected[index]):
            continue
        used = uses.get(index, [])
        if index == len(nodes) - 1:
            found.append({"kind": "seed", "node": index, "got": grad[index]})
        elif len(used) == 1:
            use = used[0]
            found.append({"kind": "local", "node": use["node"], "label": label(nodes[use["node"]]),
                          "operand": use["name"], "input": index, "got": grad[index], "expected": expected[index],
                          "local": use["local"], "out_grad": grad[use["node"]]})
        elif used and any(_close(grad[index], use["share"]) for use in used):
            last = {label(nodes[use["node"]]) for use in used if _close(grad[index], use["share"])}
            found.append({"kind": "assign", "labels": last, "input": index, "got": grad[index],
                          "expected": expected[index]})
        else:  # used several times (or by nothing): one of its uses is wrong, or backward() is
            found.append({"kind": "unexplained", "input": index, "got": grad[index], "expected": expected[index],
                          "uses": {label(nodes[use["node"]]) for use in used}})
    return found


# ----------------------------------------------------------------------------- the probe suite

def _one_operation(op, form, then=None, a=_A):
    """``[leaves..., the operation]`` (``form``: "vv" two Values, "vn" Value op n, "nv" n op Value, or
    "u" unary), then ``then``: None, "scaled" (``* 2.5``: out.grad 2.5) or "twice" (an input used twice)."""
    nodes = [("leaf", a)] + ([("leaf", _B)] if form == "vv" and then != "twice" else [])
    right = 0 if then == "twice" else 1
    if form == "u":
        operation = (op, 0) if op != "pow" else ("pow", 0, 3)
    else:
        operation = {"vv": (op, 0, right), "vn": (op, 0, _NUMBER), "nv": (op, _NUMBER, 0)}[form]
    nodes.append(operation)
    if then == "scaled":
        nodes.append(("mul", len(nodes) - 1, 2.5))
    elif then == "twice" and form != "vv":  # two of the operation on a: the sum of both paths
        nodes += [operation, ("add", len(nodes) - 1, len(nodes))]
    return nodes


_OPERATIONS = [(op, form) for op in ("add", "sub", "mul", "div") for form in ("vv", "vn", "nv")] + \
              [(op, "u") for op in ("pow", "neg", "exp", "log", "tanh", "relu")]
# a value used twice above (u = a*b in two products of one factor each, so the order a set of
# children iterates in cannot change what a mistake in backward() gives), then one more operation
_REUSED = [[("leaf", 0.5), ("leaf", -1.2), ("mul", 0, 1), ("mul", 2, 2.0), ("mul", 2, 2.0), ("add", 3, 4)],
           [("leaf", 0.5), ("leaf", -1.2), ("mul", 0, 1), ("mul", 2, 2.0), ("mul", 2, 2.0), ("add", 3, 4),
            ("tanh", 5), ("mul", 6, 1.5)]]
ALONE = [_one_operation(op, form) for op, form in _OPERATIONS] + [_one_operation("relu", "u", a=_B)]
PROBES = ALONE + [_one_operation(op, form, then) for then in ("scaled", "twice") for op, form in _OPERATIONS] \
    + _REUSED


def describe(nodes):
    """``(code, names)``: the graph as the student would type it, ending in ``backward()``, and each
    node's name in it (leaves ``a``, ``b``, ...; node i ``n<i>``)."""
    names, lines = [], []
    for index, (op, *operands) in enumerate(nodes):
        name = "abcdefgh"[sum(kind == "leaf" for kind, *_rest in nodes[:index])] if op == "leaf" else f"n{index}"
        ref = [names[o] if _is_node(o) and (op != "pow" or side == 0) else repr(o) for side, o in enumerate(operands)]
        text = f"Value({operands[0]!r})" if op == "leaf" else f"{ref[0]} {_SYMBOL[op]} {ref[1]}" if op in _SYMBOL \
            else f"{ref[0]} ** {operands[1]!r}" if op == "pow" else f"-{ref[0]}" if op == "neg" else f"{ref[0]}.{op}()"
        names.append(name)
        lines.append(f"{name} = {text}")
    return "; ".join(lines + [f"{names[-1]}.backward()"]), names


# ----------------------------------------------------------------------------- the diagnosis

def diagnosis(failing_nodes, failing_result, probe_results):
    """``(sentences, mistake)`` for a failed Value check, or None when nothing can be said.

    ``failing_nodes``/``failing_result``: the failed check's graph and what the student's Value gave
    on it; ``probe_results``: what it gave on :data:`PROBES` (the ``value_graphs`` driver).
    """
    graphs = [(nodes, result) for nodes, result in zip(PROBES, probe_results) if "raised" not in result]
    everything = graphs + [(failing_nodes, failing_result)]
    for nodes, result in everything:  # a new Value's grad must be 0.0
        started = [g for g in result.get("leaf_grad_before", []) if g != 0]
        if started:
            return _("Before backward() is called, a new Value already has grad {grad}: every .grad must "
                     "start at 0.0 (`self.grad = 0.0` in __init__), so that the paths add up from zero.").format(
                         grad=_number(started[0])), _("grads that do not start at 0.0")
    alone = [(nodes, result) for nodes, result in graphs
             if nodes in ALONE and any(g != 0 for g in _grads(tuple(nodes))[:-1])]
    if alone and all(g == 0 for _nodes, result in alone for g in result["grad"][:-1]):
        nodes, result = alone[0]
        code, names = describe(nodes)
        return _("After `{code}`, {name}.grad is {grad}, and no gradient reached the inputs of any operation: "
                 "backward() must set the output's grad to 1.0 before it calls the _backward functions "
                 "(d output / d output = 1).").format(code=code, name=names[-1], grad=_number(result["grad"][-1])), \
            N_("backward() not seeding the output's grad with 1.0")  # a mistake: English in the class report
    # judged on the probes alone: a check's graph may give such a mistake's grads in one order of a set of
    # children and not in another, and the order changes from run to run; the probes' graphs cannot
    structural = _structural([(nodes, result) for nodes, result in graphs if _primitive_only(nodes)])
    if structural:
        return mistake_sentence(structural) + next_sentence(_(
            "It gives your grads on every graph of +, *, **, exp(), log(), tanh() and relu() the grader "
            "tried.")), structural
    return _operations(graphs, failing_nodes, failing_result)


def _primitive_only(nodes):
    """Made of the notebook's own operations only: a submission builds these as the simulations do
    (``a - b`` may be ``a + (-b)`` or its own node, which changes what a mistake in backward() gives)."""
    return all(op in ("leaf", "pow", "exp", "log", "tanh", "relu") or (op in ("add", "mul") and _is_node(operands[0]))
               for op, *operands in nodes)


def _structural(everything):
    """The description of the one mistake in backward() that gives the student's grads on every graph."""
    named = []
    for description in dict.fromkeys(entry.description for entry in M.STRUCTURAL_MISTAKES):
        variants = [entry for entry in M.STRUCTURAL_MISTAKES if entry.description == description]
        if all(any(_same(_grads(tuple(nodes), entry), result["grad"]) for entry in variants)
               for nodes, result in everything):
            named.append(description)
    differs = any(not _same(_grads(tuple(nodes)), result["grad"]) for nodes, result in everything)
    return named[0] if differs and len(named) == 1 else None


@functools.lru_cache(maxsize=512)
def _grads(nodes, mistake=None):
    """The grads of the graph ``nodes`` (a tuple) with the reference Value, or with a catalogue mistake."""
    nodes = list(nodes)
    return tuple(mistake(nodes)["grad"] if mistake else drivers.value_graph(vars(ref("07")), nodes)["grad"])


def _same(xs, ys):
    return len(xs) == len(ys) and all(_close(x, y) for x, y in zip(xs, ys))


def _operations(graphs, failing_nodes, failing_result):
    """The operations the probes prove wrong, and whether they explain the failing graph."""
    faults = {}  # label -> {kind: (the first graph that shows it, its findings of that kind and label)}
    for nodes, result in graphs:
        for finding in findings(nodes, result):
            for name in finding.get("labels") or [finding.get("label")]:
                if name and finding["kind"] in ("forward", "local", "assign"):
                    shown = faults.setdefault(name, {}).setdefault(finding["kind"], (nodes, []))
                    if shown[0] is nodes:
                        shown[1].append(finding)
    in_failing = findings(failing_nodes, failing_result)
    if not faults:
        if not in_failing:
            return None
        names = describe(failing_nodes)[1]
        wrong = sorted({names[f.get("input", f.get("node"))] for f in in_failing})
        return _("Each operation gives the right gradients on its own (the grader tried every one alone, with an "
                 "out.grad other than 1, and on a value used twice), but in this graph the grad of {names} is "
                 "wrong: look at backward(): the order in which it calls _backward, and that each node's runs "
                 "exactly once.").format(names=", ".join(wrong)), None
    primary, derived = _primary(faults)
    sentences = [_sentence(name, faults[name]) for name in primary] + _others(
        faults, derived, _("Built from it, {operations} give wrong gradients too."),
        _("The other operations ({operations}) send their gradients back correctly."))
    unexplained = [f for f in in_failing
                   if not (f.get("labels", set()) | f.get("uses", set()) | {f.get("label")}) & faults.keys()]
    if unexplained:
        names = describe(failing_nodes)[1]
        sentences.append(_("That does not explain all of this graph: the grad of {names} is wrong for another "
                           "reason too.").format(names=", ".join(sorted({names[f.get("input", f.get("node"))]
                                                                          for f in unexplained}))))
    mistakes = [_mistake(name, faults[name], _wrong_local(name, graphs)) for name in primary]
    return joined_sentences(sentences), _(" and ").join(mistakes)


def _primary(faults):
    """``(primary, derived)``: the wrong operations of ``faults`` (labels) in the order a message names them, the
    derived ones wrong only because what they are built from is wrong apart (mentioned, not explained)."""
    primary = [name for name in faults if not (_BUILT_FROM.get(name, set()) & faults.keys())]
    return sorted(primary, key=_order), sorted(set(faults) - set(primary), key=_order)


def _others(faults, derived, built_from, right):
    """The sentences on the ``derived`` operations and on the primitives not in ``faults`` (messages with
    ``{operations}``), when there are any."""
    correct = [name for name in _PRIMITIVES if name not in faults]
    return [message.format(operations=", ".join(names)) for message, names in ((built_from, derived), (right, correct))
            if names]


def _order(name):
    return (name not in _PRIMITIVES, _PRIMITIVES.index(name) if name in _PRIMITIVES else 0, name)


def _wrong_local(name, graphs):
    """The one formula of :data:`_WRONG_LOCAL` that gives every input's grad of every ``name`` node whose
    inputs are used once on the probes, or None."""
    seen = []  # (the inputs' data, out.data, out.grad, side, the input's grad)
    for nodes, result in graphs:
        data, grad = result["data"], result["grad"]
        counts = {}
        for node in nodes:
            for operand in node[1:2] if node[0] == "pow" else node[1:]:
                if node[0] != "leaf" and _is_node(operand):
                    counts[operand] = counts.get(operand, 0) + 1
        for index, node in enumerate(nodes):
            if node[0] == "leaf" or label(node) != name:
                continue
            operands = node[1:2] if node[0] == "pow" else node[1:]
            inputs = [data[o] if _is_node(o) else float(o) for o in operands] + \
                ([float(node[2])] if node[0] == "pow" else [])
            for side, operand in enumerate(operands):
                if _is_node(operand) and counts[operand] == 1:
                    seen.append((inputs, data[index], grad[index], side, grad[operand]))
    fits = []
    for formula, local in _WRONG_LOCAL.get(name, []):
        try:
            if seen and all(_close(local(*inputs, out)[side] * out_grad, got)
                            for inputs, out, out_grad, side, got in seen):
                fits.append(formula)
        except (ValueError, ZeroDivisionError, OverflowError):
            continue
    return fits[0] if len(fits) == 1 else None


def _mistake(name, kinds, formula=None):
    """One wrong operation in a few words, for the class report and the verdict's "This is what you get
    with {mistake}.": a noun phrase, not a sentence."""
    if "forward" in kinds:
        return _("a wrong value computed by {operation}").format(operation=name)
    if "local" in kinds and formula and set(kinds) == {"local"}:
        nodes, (finding, *_others) = kinds["local"]
        return _("{operation} sending back {wrong} as its local derivative instead of {right}").format(
            operation=name, wrong=_(formula), right=_(_LOCAL[nodes[finding["node"]][0]].shown))
    if "local" in kinds:
        return _("a wrong gradient sent back by {operation}").format(operation=name)
    return _("{operation} assigning its inputs' grads (=) instead of adding to them (+=)").format(operation=name)


def _sentence(name, kinds):
    """What one wrong operation does, shown on the smallest probe that shows it."""
    if "forward" in kinds:
        nodes, (finding, *_others) = kinds["forward"]
        code, names = describe(nodes)
        values = dict(code=code, name=names[finding["node"]], got=_number(finding["got"]),
                      expected=_number(finding["expected"]), operation=name)
        if finding["swapped"]:
            return _("{operation} computes its operands in the other order: after `{code}`, {name}.data is {got}, "
                     "the other order's result, where {expected} is expected.").format(**values)
        return _("{operation} computes the wrong value: after `{code}`, {name}.data is {got} where {expected} "
                 "is expected.").format(**values)
    if "local" in kinds:
        nodes, shown = kinds["local"]
        code, names = describe(nodes)
        details = []
        for finding in shown:
            details.append(_("{input}.grad is {got} where the chain rule gives {expected} (the local derivative "
                             "{local} times out.grad {out_grad})").format(
                input=names[finding["input"]], got=_number(finding["got"]), expected=_number(finding["expected"]),
                local=_number(finding["local"]), out_grad=_number(finding["out_grad"])))
            if not _close(finding["out_grad"], 1.0) and _close(finding["got"], finding["local"]):
                details[-1] += _(": yours is the local derivative alone, not multiplied by out.grad")
        operands = _(" and ").join(dict.fromkeys(finding["operand"] for finding in shown))
        return _("The gradient that {operation} sends to {operands} is wrong: after `{code}`, {details}.").format(
            operation=name, operands=operands, code=code, details="; ".join(details))
    nodes, (finding, *_others) = kinds["assign"]
    code, names = describe(nodes)
    return _("{operation} assigns the grads of its inputs (=) instead of adding to them (+=): after `{code}`, "
             "{input} is used twice and {input}.grad is {got}, one path's share, where the sum of both paths is "
             "{expected}.").format(operation=name, code=code, input=names[finding["input"]],
                                   got=_number(finding["got"]), expected=_number(finding["expected"]))


# ----------------------------------------------------------------------------- Dual's tangents
# A failed Dual check runs each operation once more on Duals of a right Value's arithmetic (the
# ``dual_probes`` driver), with input tangents other than 1, so that a rule which leaves out the chain
# rule's factor shows, on two sets of numbers; a tangent the chain rule does not give names the
# operation, and its formula when exactly one of :data:`_WRONG_TANGENT` gives it on both sets.

_DUAL_INPUTS = [((_A, 0.7), (_B, 1.9)), ((0.4, -1.3), (1.6, 0.45))]  # ((a, a's tangent), (b, b's tangent))
# the right tangent of each operation whose wrong ones can be named, and wrong ones students write:
# (formula shown, the tangent from the inputs' values, their tangents and out.value)
_WRONG_TANGENT = {
    "a * b": ("a.tangent * b.value + a.value * b.tangent",
              [("a.tangent * b.tangent", lambda v, t, out: t[0] * t[1]),
               ("a.tangent * b.value", lambda v, t, out: t[0] * v[1]),
               ("a.value * b.tangent", lambda v, t, out: v[0] * t[1])]),
    "a ** n": ("n * a.value ** (n - 1) * a.tangent",
               [("n * a.value ** (n - 1)", lambda v, t, out: v[1] * v[0] ** (v[1] - 1)),
                ("a.value ** (n - 1) * a.tangent", lambda v, t, out: v[0] ** (v[1] - 1) * t[0]),
                ("n * a.value ** n * a.tangent", lambda v, t, out: v[1] * v[0] ** v[1] * t[0])]),
    "a.exp()": ("out.value * a.tangent",
                [("a.tangent", lambda v, t, out: t[0]), ("out.value", lambda v, t, out: out),
                 ("a.value * a.tangent", lambda v, t, out: v[0] * t[0])]),
    "a.log()": ("a.tangent / a.value",
                [("a.tangent * a.value", lambda v, t, out: t[0] * v[0]), ("1 / a.value", lambda v, t, out: 1 / v[0]),
                 ("a.tangent / out.value", lambda v, t, out: t[0] / out)]),
    "a.tanh()": ("(1 - out.value ** 2) * a.tangent",
                 [("(1 - out.value) * a.tangent", lambda v, t, out: (1 - out) * t[0]),
                  ("1 - out.value ** 2", lambda v, t, out: 1 - out ** 2),
                  ("(1 - a.value ** 2) * a.tangent", lambda v, t, out: (1 - v[0] ** 2) * t[0])]),
    "a.relu()": (N_("a.tangent where a.value > 0, else 0"),
                 [("a.tangent", lambda v, t, out: t[0]), ("a.value > 0", lambda v, t, out: float(v[0] > 0))]),
}


def _dual_probe(op, form, inputs, a=None):
    (x, tx), (y, ty) = inputs
    nodes = _one_operation(op, form, a=x if a is None else a)
    if form == "vv":
        nodes[1] = ("leaf", y)
    return nodes, [tx, ty][:sum(kind == "leaf" for kind, *_rest in nodes)]


DUAL_PROBES = [_dual_probe(op, form, inputs) for inputs in _DUAL_INPUTS for op, form in _OPERATIONS] + \
    [_dual_probe("relu", "u", inputs, a=-0.9) for inputs in _DUAL_INPUTS]


def _dual_parts(nodes, tangents):
    """``(the operation's node, its inputs' values, their tangents)`` of a probe; a plain number's tangent is
    None, an exponent has none."""
    leaves = iter(tangents)
    leaf = {index: (float(x), next(leaves)) for index, (op, x, *_rest) in enumerate(nodes) if op == "leaf"}
    node = nodes[-1]
    op, *operands = node
    if op == "pow":
        return node, [leaf[operands[0]][0], float(operands[1])], [leaf[operands[0]][1]]
    return node, [leaf[o][0] if _is_node(o) else float(o) for o in operands], \
        [leaf[o][1] if _is_node(o) else None for o in operands]


def _right_tangent(op, values, tangents, number_tangent=0.0):
    """The chain rule's tangent: each local derivative times its input's tangent (``number_tangent`` for a
    plain number, the constant's 0)."""
    local = _LOCAL[op].derivatives(*values)
    return sum(d * (number_tangent if t is None else t) for d, t in zip(local, tangents) if d is not None)


def dual_diagnosis(got, f, x, probe_results):
    """``(sentences, mistake)`` for a failed Dual check, or None when nothing can be said.

    ``got``: ``[f(x), f'(x)]`` of the student's Dual with a right Value's arithmetic on the failed check's
    ``f`` and ``x``; ``probe_results``: what that Dual gave on :data:`DUAL_PROBES`. The mistake is stated
    only when a Dual built as the probes show the student's gives ``got`` too.
    """
    wrong = {}  # label -> [(nodes, tangents, the student's [value, tangent], the chain rule's)]
    for (nodes, tangents), result in zip(DUAL_PROBES, probe_results):
        if "raised" in result:
            continue
        node, values, inputs = _dual_parts(nodes, tangents)
        try:
            expected = [_FORWARD[node[0]](*values), _right_tangent(node[0], values, inputs)]
        except (ValueError, ZeroDivisionError, OverflowError):
            continue
        if not _same(result, expected):
            wrong.setdefault(label(node), []).append((nodes, tangents, result, expected))
    if not wrong:
        return None
    lifted = _lifted_constant(wrong)
    if lifted is not None:
        # the operations with a plain number in them are then built on the lifted number, as they may be
        model = dict(lift=lifted, built=set(wrong) & _BUILD.keys())
        mistake = _("a plain number c wrapped as Dual(c, {tangent}) instead of the constant Dual(c, 0)").format(
            tangent=_number(lifted))
        sentences = [_("Your Dual gives a plain number the tangent {tangent} where a constant's is 0: after `{code}`, "
                       "out.tangent is {got} where the chain rule gives {expected}.").format(
                           tangent=_number(lifted), code=_dual_code(*_LIFT_SHOWN),
                           got=_number(_LIFT_SHOWN[1][0] + lifted), expected=_number(_LIFT_SHOWN[1][0]))]
    else:
        primary, derived = _primary(wrong)
        formulas = {name: _wrong_tangent(name, wrong[name]) for name in primary}
        sentences = [_dual_sentence(name, wrong[name][0]) for name in primary] + _others(
            wrong, derived, _("Built from it, {operations} give wrong tangents too."),
            _("The other operations ({operations}) compute their tangents correctly."))
        if not all(formulas.values()):
            return joined_sentences(sentences), None
        model = dict(rules={name: formula[1] for name, formula in formulas.items()}, built=set(derived))
        mistake = _(" and ").join(_dual_mistake(name, formulas[name]) for name in primary)
    if not _explains(model, probe_results, f, x, got):
        sentences.append(_("That does not explain all of this check's result: your Dual goes wrong there for "
                           "another reason too."))
        return joined_sentences(sentences), None
    return joined_sentences(sentences), mistake


_LIFT_SHOWN = _dual_probe("add", "vn", _DUAL_INPUTS[0])  # a + 2.0: where a lifted constant shows plainest


def _explains(model, probe_results, f, x, got):
    """Whether a Dual built as ``model`` says (:func:`_model_dual`), with some way the notebook's derived
    operations may be built, gives the student's results on every probe and on the failed check."""
    built = sorted(model["built"])
    if not set(built) <= _BUILD.keys():
        return False
    for ways in itertools.product(*(_BUILD[name] for name in built)):
        Dual = _model_dual(model.get("rules", {}), model.get("lift", 0.0), dict(zip(built, ways)))
        try:
            if all("raised" in result or _same(_model_on_probe(Dual, nodes, tangents), result)
                   for (nodes, tangents), result in zip(DUAL_PROBES, probe_results)) \
                    and _same(drivers.dual_derivative({"Value": float, "Dual": Dual}, f, x), got):
                return True
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            continue
    return False


def _model_on_probe(Dual, nodes, tangents):
    leaves = iter(tangents)
    out = drivers.build_graph(lambda value: Dual(value, next(leaves)), nodes)[-1]
    return [out.value, out.tangent]


def _lifted_constant(wrong):
    """The tangent ``c != 0`` a plain number is lifted with, when ``a + n`` and ``n + a`` give a.tangent + c on
    every probe (whether that explains the rest, the model tells)."""
    cases = [case for cases in wrong.values() for case in cases]
    lifts = [result[1] - expected[1] for nodes, _tangents, result, expected in cases
             if label(nodes[-1]) in ("a + n", "n + a (__radd__)") and _close(result[0], expected[0])]
    if len(lifts) < 2 * len(_DUAL_INPUTS) or _close(lifts[0], 0.0) or not all(_close(c, lifts[0]) for c in lifts):
        return None
    return lifts[0]


def _wrong_tangent(name, cases):
    """``(formula, rule)``: the one wrong tangent of :data:`_WRONG_TANGENT` that gives every case (of both
    sets of numbers, with the right value), or None."""
    parts = [(_dual_parts(nodes, tangents)[1:], result, expected) for nodes, tangents, result, expected in cases]
    fits = []
    for formula, rule in _WRONG_TANGENT.get(name, ("", []))[1]:
        try:
            if all(_close(result[0], expected[0]) and _close(rule(values, inputs, result[0]), result[1])
                   for (values, inputs), result, expected in parts):
                fits.append((formula, rule))
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            continue
    inputs_seen = {tuple(tangents) for _nodes, tangents, _result, _expected in cases}
    return fits[0] if len(fits) == 1 and len(inputs_seen) == len(_DUAL_INPUTS) else None


def _dual_code(nodes, tangents):
    """The probe as the student would type it: ``a = Dual(Value(1.3), Value(0.7)); out = a.exp()``."""
    code, names = describe(nodes)
    leaves = iter(tangents)
    lines = [line.replace(f"Value({x!r})", f"Dual(Value({x!r}), Value({next(leaves)!r}))") if op == "leaf"
             else line.replace(f"{names[-1]} =", "out =") for line, (op, x, *_rest) in zip(code.split("; "), nodes)]
    return "; ".join(lines)


def _dual_sentence(name, case):
    nodes, tangents, result, expected = case
    values = dict(operation=name, code=_dual_code(nodes, tangents), got=_number(result[1]),
                  expected=_number(expected[1]))
    if not _close(result[0], expected[0]):
        return _("{operation} computes the wrong value: after `{code}`, out.value is {got} where {expected} is "
                 "expected.").format(**{**values, "got": _number(result[0]), "expected": _number(expected[0])})
    return _("The tangent that {operation} computes is wrong: after `{code}`, out.tangent is {got} where the chain "
             "rule gives {expected}.").format(**values)


def _dual_mistake(name, formula):
    """One operation of Dual with a wrong tangent, named by its formula, in a few words (a noun phrase, as
    :func:`_mistake`'s)."""
    return _("{operation} computing its tangent as {wrong} instead of {right}").format(
        operation=name, wrong=_(formula[0]), right=_(_WRONG_TANGENT[name][0]))


def _model_dual(rules, lift, built):
    """A Dual over plain floats that computes as the probes show the student's does: the tangents ``rules``
    gives ({label: rule}; the chain rule elsewhere), a plain number lifted with tangent ``lift``, and the
    operations of ``built`` built from the others ({label: one way of :data:`_BUILD`})."""

    class Dual:
        def __init__(self, value, tangent=None):
            self.value, self.tangent = value, lift if tangent is None else tangent

        def _apply(self, op, other=None, reflected=False):
            if op in _SYMBOL:
                dual = isinstance(other, Dual)
                name = label((op, 0, 1) if dual else (op, 1.0, 0) if reflected else (op, 0, 1.0))
                if name in built:
                    return built[name](self, other)
                other = other if dual else Dual(float(other))
                pair = [other, self] if reflected else [self, other]
                values, tangents = [d.value for d in pair], [d.tangent for d in pair]
            else:
                name = label((op, 0) if op != "pow" else ("pow", 0, other))
                if name in built:
                    return built[name](self, other)
                values, tangents = [self.value] + ([float(other)] if op == "pow" else []), [self.tangent]
            out = _FORWARD[op](*values)
            tangent = rules[name](values, tangents, out) if name in rules else _right_tangent(op, values, tangents)
            return Dual(out, tangent)

        def __pow__(self, exponent):
            return self._apply("pow", exponent)

        def __neg__(self):
            return self._apply("neg")

    for op in _SYMBOL:
        method = "truediv" if op == "div" else op
        setattr(Dual, f"__{method}__", lambda self, other, op=op: self._apply(op, other))
        setattr(Dual, f"__r{method}__", lambda self, other, op=op: self._apply(op, other, reflected=True))
    for op in ("exp", "log", "tanh", "relu"):
        setattr(Dual, op, lambda self, op=op: self._apply(op))
    return Dual


# the ways a derived operation of Dual is built from others (the notebook's first; a plain number n used as it
# is or wrapped first): a wrong primitive makes these wrong too
_BUILD = {
    "-a": [lambda a, _none: a * -1.0],
    "a - b": [lambda a, b: a + (-b)],
    "a - n": [lambda a, n: a + (-n), lambda a, n: a + (-type(a)(n))],
    "n - a (__rsub__)": [lambda a, n: n + (-a), lambda a, n: type(a)(n) + (-a)],
    "a / b": [lambda a, b: a * b ** -1],
    "a / n": [lambda a, n: a * n ** -1, lambda a, n: a * type(a)(n) ** -1],
    "n / a (__rtruediv__)": [lambda a, n: n * a ** -1, lambda a, n: type(a)(n) * a ** -1],
    "n + a (__radd__)": [lambda a, n: a + n, lambda a, n: type(a)(n) + a],
    "n * a (__rmul__)": [lambda a, n: a * n, lambda a, n: type(a)(n) * a],
    "a + n": [lambda a, n: a + type(a)(n)],
    "a * n": [lambda a, n: a * type(a)(n)],
}
