"""Known mistakes of 07_autograd: what a submission with each one mistake returns (see ``autograder.checks.known_mistakes``)."""

import importlib
import math
import types

from autograder.checks.known_mistakes import mistake, ref


def value_class(*, accumulate=True, topological=True, rsub_flipped=False, tanh_wrong=False,
                relu_wrong=False, log_wrong=False, pow_wrong=False, exp_wrong=False):
    """A Value class with the given mistakes (all off: a correct one), for the graph driver."""

    class Value:
        def __init__(self, data, children=(), backward=None):
            self.data, self.grad, self._prev = float(data), 0.0, tuple(children)
            self._backward = backward or (lambda: None)

        def _send(self, node, amount):
            node.grad = node.grad + amount if accumulate else amount

        def _make(self, data, parents_and_locals):
            out = Value(data, [p for p, _ in parents_and_locals])

            def backward():
                for parent, local in parents_and_locals:
                    self._send(parent, local * out.grad)

            out._backward = backward
            return out

        @staticmethod
        def _wrap(other):
            return other if isinstance(other, Value) else Value(other)

        def __add__(self, other):
            other = self._wrap(other)
            return self._make(self.data + other.data, [(self, 1.0), (other, 1.0)])

        def __mul__(self, other):
            other = self._wrap(other)
            return self._make(self.data * other.data, [(self, other.data), (other, self.data)])

        def __pow__(self, k):
            local = k * self.data ** (k - 1) if not pow_wrong else self.data ** (k - 1)
            return self._make(self.data**k, [(self, local)])

        def exp(self):
            e = math.exp(self.data)
            return self._make(e, [(self, self.data if exp_wrong else e)])

        def log(self):
            return self._make(math.log(self.data), [(self, math.log(self.data) if log_wrong else 1 / self.data)])

        def tanh(self):
            t = math.tanh(self.data)
            return self._make(t, [(self, 1 - t if tanh_wrong else 1 - t**2)])

        def relu(self):
            return self._make(max(self.data, 0.0), [(self, 1.0 if relu_wrong else float(self.data > 0))])

        def __neg__(self):
            return self * -1.0

        def __sub__(self, other):
            return self + (-self._wrap(other))

        def __rsub__(self, other):
            return self - other if rsub_flipped else self._wrap(other) - self

        def __truediv__(self, other):
            return self * self._wrap(other) ** -1

        def __rtruediv__(self, other):
            return self._wrap(other) * self**-1

        __radd__ = __add__
        __rmul__ = __mul__

        def backward(self):
            self.grad = 1.0
            if topological in (True, "not_reversed"):
                order, seen = [], set()

                def visit(node):
                    if id(node) not in seen:
                        seen.add(id(node))
                        for child in node._prev:
                            visit(child)
                        order.append(node)

                visit(self)
                for node in (order if topological == "not_reversed" else reversed(order)):
                    node._backward()
            else:
                def recurse(node):
                    node._backward()
                    for child in (node._prev[::-1] if topological == "reversed" else node._prev):
                        recurse(child)

                recurse(self)

    return Value


def _graph(nodes, **flags):
    value_graph = importlib.import_module("autograder.checks.07_autograd.drivers").value_graph
    return value_graph({"Value": value_class(**flags)}, nodes)


@mistake("grads overwritten (=) instead of accumulated (+=): a value used twice must get the sum of both paths")
def value_overwrites(nodes):
    return _graph(nodes, accumulate=False)


# A topological sort without a visited set lists a node once per path to it, and its reverse is the
# pre-order of a recursion without one (children in the other order): the two give the same grads on
# every graph, so one sentence names both.
RUNS_ONCE_PER_PATH = ("a node's _backward running once for each path to it instead of once, before all its uses "
                      "have added to its grad (a topological sort without a visited set, or backward() recursing "
                      "without a topological order)")


@mistake(RUNS_ONCE_PER_PATH)
def value_no_topological_order(nodes):
    return _graph(nodes, topological=False)


@mistake(RUNS_ONCE_PER_PATH)
def value_no_topological_order_reversed(nodes):
    return _graph(nodes, topological="reversed")


@mistake("backward() calling each node's _backward in topological order without reversing it (a node passes "
         "its grad on before its uses have given it one)")
def value_topological_order_not_reversed(nodes):
    return _graph(nodes, topological="not_reversed")


@mistake("number - Value computed as Value - number (__rsub__ must be other - self)")
def value_rsub_flipped(nodes):
    return _graph(nodes, rsub_flipped=True)


@mistake("tanh's derivative as 1 - tanh(x) instead of 1 - tanh(x)**2")
def value_tanh_derivative(nodes):
    return _graph(nodes, tanh_wrong=True)


@mistake("relu's derivative 1 everywhere (it is 0 where the input is negative)")
def value_relu_derivative(nodes):
    return _graph(nodes, relu_wrong=True)


@mistake("log's derivative as log(x) instead of 1/x")
def value_log_derivative(nodes):
    return _graph(nodes, log_wrong=True)


@mistake("exp's derivative as x instead of exp(x)")
def value_exp_derivative(nodes):
    return _graph(nodes, exp_wrong=True)


@mistake("x**k's derivative without the factor k (it is k*x**(k-1))")
def value_pow_derivative(nodes):
    return _graph(nodes, pow_wrong=True)


# Mistakes in backward() or in how every operation sends its grad: the grader names one only when it
# gives the student's grads on every graph of the probe suite (``localize.py`` beside this file).
STRUCTURAL_MISTAKES = [value_overwrites, value_no_topological_order, value_no_topological_order_reversed,
                       value_topological_order_not_reversed]
# Mistakes in one operation: named when the graph's result is theirs (node-level localization says where too).
OPERATION_MISTAKES = [value_rsub_flipped, value_tanh_derivative, value_relu_derivative, value_log_derivative,
                      value_exp_derivative, value_pow_derivative]
VALUE_MISTAKES = STRUCTURAL_MISTAKES + OPERATION_MISTAKES


# ----------------------------------------------------------------------------- linear_grads


def _linear_partials(x, w, b):
    """``(dy/dx, dy/dw, dy/db)`` of the lecture's ``y = x*w + b``."""
    return ref("07").grad(importlib.import_module("autograder.checks.07_autograd.problems").linear, x, w, b)


@mistake("the first two partial derivatives (dy/dx, dy/dw) instead of the last two (dy/dw, dy/db)")
def linear_grads_first_two(x, w, b):
    return _linear_partials(x, w, b)[:2]


@mistake("dy/dx (which is w) returned where dy/dw (which is x) belongs: the partial derivative of the wrong input")
def linear_grads_dx_for_dw(x, w, b):
    dx, _dw, db = _linear_partials(x, w, b)
    return dx, db


@mistake("(dy/db, dy/dw): the two partial derivatives in the wrong order")
def linear_grads_swapped(x, w, b):
    _dx, dw, db = _linear_partials(x, w, b)
    return db, dw


LINEAR_GRADS_MISTAKES = [linear_grads_first_two, linear_grads_dx_for_dw, linear_grads_swapped]


# ----------------------------------------------------------------------------- Dual, second_grad (issue 15)
# A mistaken Dual is the reference Dual with one rule changed, run by the same driver as the student's.
# Its methods are the reference's, rebound so that the Duals they build are the mistaken class too.

def _mistaken_dual(rules):
    reference = ref("07")
    module_globals = dict(vars(importlib.import_module(reference.Dual.__module__)))
    members = {}
    for name, member in vars(reference.Dual).items():
        if name in ("__dict__", "__weakref__"):
            continue
        if isinstance(member, types.FunctionType):
            member = types.FunctionType(member.__code__, module_globals, member.__name__, member.__defaults__)
        members[name] = member
    module_globals["Dual"] = Dual = type("Dual", (), {**members, **rules})
    return {"Value": reference.Value, "Dual": Dual}


def _dual_run(f, x, rules):
    dual_derivative = importlib.import_module("autograder.checks.07_autograd.drivers").dual_derivative
    return dual_derivative(_mistaken_dual(rules), f, x)


def _half_product(self, other):
    other = other if isinstance(other, type(self)) else type(self)(other)
    return type(self)(self.value * other.value, self.tangent * other.value)


def _pow_no_factor(self, exponent):
    return type(self)(self.value**exponent, self.value ** (exponent - 1) * self.tangent)


def _tanh_no_square(self):
    out = self.value.tanh()
    return type(self)(out, (1 - out) * self.tangent)


def _exp_tangent_unchanged(self):
    return type(self)(self.value.exp(), self.tangent)


def _log_times_value(self):
    return type(self)(self.value.log(), self.tangent * self.value)


def _relu_tangent_everywhere(self):
    return type(self)(self.value.relu(), self.tangent)


DUAL_RULES = {
    "the product rule with one term only: (a*b)' = a'*b, without + a*b'": {"__mul__": _half_product},
    "x**k's tangent without the factor k (it is k*x**(k-1)*x')": {"__pow__": _pow_no_factor},
    "tanh's tangent as (1 - tanh(x))*x' instead of (1 - tanh(x)**2)*x'": {"tanh": _tanh_no_square},
    "exp's tangent as x' instead of exp(x)*x' (the chain rule)": {"exp": _exp_tangent_unchanged},
    "log's tangent as x'*x instead of x'/x": {"log": _log_times_value},
    "relu's tangent x' everywhere (it is 0 where the input is negative)": {"relu": _relu_tangent_everywhere},
}


def _dual_mistake(description, rules):
    @mistake(description)
    def entry(f, x):
        return _dual_run(f, x, rules)
    return entry


DUAL_MISTAKES = [_dual_mistake(text, rules) for text, rules in DUAL_RULES.items()]


@mistake("f'(x) returned (the tangent's .data, or x.grad after backward() on f(x)) instead of differentiating "
         "the tangent once more with tangent.backward()")
def second_grad_returns_first(f, x):
    return ref("07").grad(f, x)[0]


@mistake("the Dual started with tangent 0 instead of 1 (Dual(X, Value(0.0))): every tangent is then 0")
def second_grad_zero_seed(f, x):
    return 0.0


@mistake("f'(x) + f''(x): backward() called on out.value too, which adds f'(x) to X.grad first "
         "(call backward() on the tangent only)")
def second_grad_value_backward_too(f, x):
    return ref("07").grad(f, x)[0] + ref("07").second_grad(f, x)


SECOND_GRAD_MISTAKES = [second_grad_returns_first, second_grad_zero_seed, second_grad_value_backward_too]
