"""Known mistakes of 07_autograd: what a submission with each one mistake returns (see ``autograder.checks.known_mistakes``)."""

import importlib
import math

from autograder.checks.known_mistakes import mistake


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
            if topological is True:
                order, seen = [], set()

                def visit(node):
                    if id(node) not in seen:
                        seen.add(id(node))
                        for child in node._prev:
                            visit(child)
                        order.append(node)

                visit(self)
                for node in reversed(order):
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


@mistake("backward() recursing from each node without a topological order (a node passes its grad on "
         "before all its uses have added to it)")
def value_no_topological_order(nodes):
    return _graph(nodes, topological=False)


@mistake("backward() recursing from each node without a topological order (a node passes its grad on "
         "before all its uses have added to it; here visiting the inputs in the other order)")
def value_no_topological_order_reversed(nodes):
    return _graph(nodes, topological="reversed")


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


VALUE_MISTAKES = [value_overwrites, value_no_topological_order, value_no_topological_order_reversed,
                  value_rsub_flipped, value_tanh_derivative,
                  value_relu_derivative, value_log_derivative, value_exp_derivative, value_pow_derivative]
