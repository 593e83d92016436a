# corpus: buggy
# function: Value
# actual: each factor's gradient is multiplied by its own data instead of the other factor's.
# named: other factor | b.data * out.grad | product rule
import math

import numpy as np


def _as_value(x):
    return x if isinstance(x, Value) else Value(x)


class Value:
    """A scalar in a computation graph: .data is its value, .grad is d(output)/d(this)."""

    def __init__(self, data, _children=(), _op=""):
        self.data = float(data)
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(_children)
        self._op = _op

    def _unary(self, data, local, op):
        out = Value(data, (self,), op)

        def _backward():
            self.grad += local(out) * out.grad

        out._backward = _backward
        return out

    def __add__(self, other):
        other = _as_value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += 1.0 * out.grad
            other.grad += 1.0 * out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = _as_value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += self.data * out.grad
            other.grad += other.data * out.grad

        out._backward = _backward
        return out

    def __pow__(self, exponent):
        n = exponent
        return self._unary(self.data ** n, lambda out: n * self.data ** (n - 1), f"**{n}")

    def exp(self):
        return self._unary(math.exp(self.data), lambda out: out.data, "exp")

    def log(self):
        return self._unary(math.log(self.data), lambda out: 1.0 / self.data, "log")

    def tanh(self):
        return self._unary(math.tanh(self.data), lambda out: 1.0 - out.data * out.data, "tanh")

    def relu(self):
        return self._unary(max(self.data, 0.0), lambda out: 1.0 if self.data > 0 else 0.0, "relu")

    def backward(self):
        """Seed d(self)/d(self) = 1 and apply the chain rule in reverse topological order."""
        order, seen = [], set()
        stack = [(self, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
                continue
            if node in seen:
                continue
            seen.add(node)
            stack.append((node, True))
            for child in node._prev:
                if child not in seen:
                    stack.append((child, False))
        self.grad = 1.0
        for node in reversed(order):
            node._backward()

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-_as_value(other))

    def __truediv__(self, other):
        return self * _as_value(other) ** -1

    def __radd__(self, other):
        return _as_value(other) + self

    def __rmul__(self, other):
        return _as_value(other) * self

    def __rsub__(self, other):
        return _as_value(other) - self

    def __rtruediv__(self, other):
        return _as_value(other) / self

    def __repr__(self):
        return "Value(data=%r, grad=%r)" % (self.data, self.grad)


def grad(f, *args):
    leaves = tuple(Value(float(a)) for a in args)
    result = f(*leaves)
    result.backward()
    return tuple(leaf.grad for leaf in leaves)


def linear_grads(x, w, b):
    g = grad(lambda x_, w_, b_: x_ * w_ + b_, x, w, b)
    return (g[1], g[2])


def _dual(x):
    return x if isinstance(x, Dual) else Dual(x)


class Dual:
    """Forward-mode dual number whose parts are Values."""

    def __init__(self, value, tangent=0.0):
        self.value = _as_value(value)
        self.tangent = _as_value(tangent)

    def __add__(self, other):
        o = _dual(other)
        return Dual(self.value + o.value, self.tangent + o.tangent)

    def __mul__(self, other):
        o = _dual(other)
        return Dual(self.value * o.value, self.tangent * o.value + self.value * o.tangent)

    def __pow__(self, exponent):
        return Dual(self.value ** exponent, self.value ** (exponent - 1) * exponent * self.tangent)

    def exp(self):
        e = self.value.exp()
        return Dual(e, self.tangent * e)

    def log(self):
        return Dual(self.value.log(), self.tangent * self.value ** -1)

    def tanh(self):
        t = self.value.tanh()
        return Dual(t, self.tangent * (1 - t * t))

    def relu(self):
        return Dual(self.value.relu(), self.tangent * (1.0 if self.value.data > 0 else 0.0))

    def __neg__(self):
        return Dual(-self.value, -self.tangent)

    def __sub__(self, other):
        return self + (-_dual(other))

    def __truediv__(self, other):
        return self * _dual(other) ** -1

    def __radd__(self, other):
        return _dual(other) + self

    def __rmul__(self, other):
        return _dual(other) * self

    def __rsub__(self, other):
        return _dual(other) - self

    def __rtruediv__(self, other):
        return _dual(other) / self


def second_grad(f, x):
    X = Value(x)
    out = f(Dual(X, Value(1.0)))
    tangent = out.tangent if isinstance(out, Dual) else 0.0
    if isinstance(tangent, Value):
        tangent.backward()
        return float(X.grad)
    return 0.0
