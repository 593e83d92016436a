"""Sandbox-side drivers of 07_autograd: Value expressions built from a plain description, forward mode
with Dual, and grad and second_grad on the submission's own classes.

``student.drive(value_graph, nodes)`` runs a driver in the sandbox on the submission's globals
(``namespace``); the checks run the very same driver on the reference (``value_graph(vars(reference),
nodes)``) and on the known mistakes, so "expected" is computed exactly the way "got" is. A driver
takes and returns plain data only (numbers, strings, lists, tuples, dicts, numpy arrays).
"""

import math
import operator

from autograder.engine.i18n import N_
from autograder.engine.sandbox_side import defined, shown_as

# --- Value expressions from a plain description -------------------------------------
#
# A graph is a list of nodes; node i is one of
#   ("leaf", number)                   Value(number)
#   (op, a, b) for op in add sub mul div   a and b: an int is node a; a float is that plain number
#                                      (so ("sub", 2.0, 0) is 2.0 - node0, the reflected operator)
#   ("pow", a, exponent)               node a ** exponent (a plain number)
#   (op, a) for op in neg exp log tanh relu
# The last node is the output: the driver calls its backward() and returns every node's
# data and grad. Every node should be an ancestor of the output.

_BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
}
_UNARY = {
    "neg": lambda a: -a,
    "exp": lambda a: a.exp(),
    "log": lambda a: a.log(),
    "tanh": lambda a: a.tanh(),
    "relu": lambda a: a.relu(),
}


def build_graph(Value, nodes):
    """The list of objects (Values) described by ``nodes``."""
    built = []

    def operand(ref):
        return built[ref] if isinstance(ref, int) and not isinstance(ref, bool) else float(ref)

    for op, *operands in nodes:
        if op == "leaf":
            built.append(Value(float(operands[0])))
        elif op in _BINARY:
            built.append(_BINARY[op](operand(operands[0]), operand(operands[1])))
        elif op == "pow":
            built.append(built[operands[0]] ** operands[1])
        elif op in _UNARY:
            built.append(_UNARY[op](built[operands[0]]))
        else:
            raise ValueError(f"unknown op {op!r} in a graph description")
    return built


@shown_as(N_("an expression built with your Value, then backward() on it"))
def value_graph(namespace, nodes):
    """Build ``nodes`` with the namespace's ``Value``, run ``backward()`` on the last one.

    Returns ``{"data": [...], "grad": [...]}``, one float per node.
    """
    built = build_graph(defined(namespace, "Value"), nodes)
    built[-1].backward()
    return {"data": [float(v.data) for v in built], "grad": [float(v.grad) for v in built]}


@shown_as(N_("an expression built with your Value"))
def value_forward(namespace, nodes):
    """Build ``nodes`` without calling backward: every node's data, and the leaves' grad (0 expected)."""
    built = build_graph(defined(namespace, "Value"), nodes)
    return {"data": [float(v.data) for v in built],
            "leaf_grad": [float(v.grad) for v, (op, *_) in zip(built, nodes) if op == "leaf"]}


# --- grad on the submission's own Value (issue 11: a mistake in Value costs Value) -------

@shown_as(N_("grad(f, ...) computed with your Value"))
def grad_on_value(namespace, f, args):
    """What the reference ``grad(f, *args)`` gives when it builds its graph with the submission's Value:
    the same three steps (wrap each number, call f, backward) and each input's ``.grad``."""
    inputs = [defined(namespace, "Value")(a) for a in args]
    out = f(*inputs)
    if hasattr(out, "backward"):
        out.backward()
    return tuple(float(v.grad) for v in inputs)


# --- forward mode with Values (issue 15), and the reference's second_grad on it ------------

def _number(part):
    """A Dual's part as a float: a Value's data, or a plain number (a constant's tangent)."""
    return float(part.data) if hasattr(part, "data") else float(part)


def dual_derivative(namespace, f, x):
    """``f(Dual(Value(x), Value(1.0)))`` with the namespace's classes: ``[f(x), f'(x)]`` as floats."""
    out = f(defined(namespace, "Dual")(defined(namespace, "Value")(x), defined(namespace, "Value")(1.0)))
    return [_number(out.value), _number(out.tangent)]


class ForwardValue:
    """A Value's forward arithmetic and nothing else (no graph, no backward): what a right Value computes
    for ``.data``, so that a Dual can be judged on its own, whatever the submission's Value does."""

    def __init__(self, data, *_graph, **_details):
        self.data, self.grad = data, 0.0


def _forward_data(value):
    return value.data if isinstance(value, ForwardValue) else value


# the operations of the curriculum's Value: + - * / with a number on either side, ** a number, and the unary ones
for _name, _operation in {"add": operator.add, "sub": operator.sub, "mul": operator.mul,
                          "truediv": operator.truediv}.items():
    setattr(ForwardValue, f"__{_name}__",
            lambda self, other, op=_operation: ForwardValue(op(self.data, _forward_data(other))))
    setattr(ForwardValue, f"__r{_name}__",
            lambda self, other, op=_operation: ForwardValue(op(_forward_data(other), self.data)))
for _name, _operation in {"__neg__": operator.neg, "exp": math.exp, "log": math.log, "tanh": math.tanh,
                          "relu": lambda x: max(x, 0.0)}.items():
    setattr(ForwardValue, _name, lambda self, op=_operation: ForwardValue(op(self.data)))
ForwardValue.__pow__ = lambda self, exponent: ForwardValue(self.data ** exponent)


def _on_right_value(namespace, run, *args):
    """``run(*args)`` with :class:`ForwardValue` wherever the submission's code names ``Value`` (its Dual's
    methods read the name from these globals), so a mistake of its Value does not show in its Dual.
    (A plain function, not a context manager: the sandbox's sealed copy of this module holds it.)"""
    own = {key: namespace[key] for key in ("Value",) if key in namespace}
    namespace["Value"] = ForwardValue
    try:
        return run(*args)
    finally:
        namespace.pop("Value")
        namespace.update(own)


def dual_derivative_on_right_value(namespace, f, x):
    """:func:`dual_derivative` with a right Value's arithmetic in the submission's Dual."""
    return _on_right_value(namespace, dual_derivative, namespace, f, x)


def dual_probes(namespace, probes):
    """Each probe ``(nodes, tangents)``: the graph ``nodes`` of :func:`value_graph` built of the submission's
    Duals, whose parts have a right Value's arithmetic, leaf i being ``Dual(Value(x), Value(tangents[i]))``.

    One result per probe: ``[value, tangent]`` of its last node, or ``{"raised": "TypeError: ..."}``.
    """
    return _on_right_value(namespace, _dual_probe_results, defined(namespace, "Dual"), probes)


def _dual_probe_results(Dual, probes):
    results = []
    for nodes, tangents in probes:
        leaf_tangents = iter(tangents)
        try:
            out = build_graph(lambda x: Dual(ForwardValue(x), ForwardValue(next(leaf_tangents))), nodes)[-1]
            results.append([_number(out.value), _number(out.tangent)])
        except Exception as error:  # the submission's mistake, reported per probe
            results.append({"raised": f"{type(error).__name__}: {error}"})
    return results


def second_grad_on_dual(namespace, f, x):
    """What the reference ``second_grad(f, x)`` gives with the namespace's Value and Dual."""
    Value = defined(namespace, "Value")
    x = Value(x)
    tangent = f(defined(namespace, "Dual")(x, Value(1.0))).tangent
    if hasattr(tangent, "backward"):
        tangent.backward()
    return float(x.grad)


# --- 07: node-level localization (issue 12) -----

def value_graphs(namespace, graphs):
    """:func:`value_graph` on each description of ``graphs``, with each leaf's grad before backward().

    One result per graph: ``{"data", "grad", "leaf_grad_before"}``, or ``{"raised": "TypeError: ..."}``
    when the submission raised on that graph (the others still run), so one call carries the
    whole probe suite of the grader's diagnosis.
    """
    Value, results = defined(namespace, "Value"), []
    for nodes in graphs:
        try:
            built = build_graph(Value, nodes)
            before = [float(v.grad) for v, (op, *_) in zip(built, nodes) if op == "leaf"]
            built[-1].backward()
            results.append({"data": [float(v.data) for v in built], "grad": [float(v.grad) for v in built],
                            "leaf_grad_before": before})
        except Exception as error:  # the submission's mistake, reported per graph
            results.append({"raised": f"{type(error).__name__}: {error}"})
    return results
