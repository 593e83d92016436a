# corpus: buggy
# function: Value
# actual: the _backward closures are called in topological order instead of reverse order.
# named: reverse | reversed | topological order | order
import math

import numpy as np


class Value:
    """A scalar in a computation graph: .data is its value, .grad is d(output)/d(this)."""

    def __init__(self, data, _children=(), _op=""):
        self.data = float(data)
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(_children)
        self._op = _op

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __pow__(self, exponent):
        assert isinstance(exponent, (int, float)), "only numeric exponents"
        out = Value(self.data ** exponent, (self,), f"**{exponent}")

        def _backward():
            self.grad += exponent * self.data ** (exponent - 1) * out.grad

        out._backward = _backward
        return out

    def exp(self):
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad

        out._backward = _backward
        return out

    def log(self):
        out = Value(math.log(self.data), (self,), "log")

        def _backward():
            self.grad += out.grad / self.data

        out._backward = _backward
        return out

    def tanh(self):
        out = Value(math.tanh(self.data), (self,), "tanh")

        def _backward():
            self.grad += (1 - out.data ** 2) * out.grad

        out._backward = _backward
        return out

    def relu(self):
        out = Value(self.data if self.data > 0 else 0.0, (self,), "relu")

        def _backward():
            self.grad += (self.data > 0) * out.grad

        out._backward = _backward
        return out

    def backward(self):
        """Seed d(self)/d(self) = 1 and apply the chain rule in reverse topological order."""
        topo, visited = [], set()

        def build(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build(child)
                topo.append(v)

        build(self)
        self.grad = 1.0
        for v in topo:
            v._backward()

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __truediv__(self, other):
        return self * other ** -1

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return other + (-self)

    def __rtruediv__(self, other):
        return Value(other) * self ** -1

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"


def grad(f, *args):
    inputs = [Value(a) for a in args]
    out = f(*inputs)
    out.backward()
    return tuple(float(v.grad) for v in inputs)


def linear_grads(x, w, b):
    _, dw, db = grad(lambda x, w, b: x * w + b, x, w, b)
    return dw, db


class Dual:
    """A number a + b*eps with eps**2 = 0 whose parts are Values."""

    def __init__(self, value, tangent=0.0):
        self.value = value if isinstance(value, Value) else Value(value)
        self.tangent = tangent if isinstance(tangent, Value) else Value(tangent)

    @staticmethod
    def _wrap(other):
        return other if isinstance(other, Dual) else Dual(other, 0.0)

    def __add__(self, other):
        other = self._wrap(other)
        return Dual(self.value + other.value, self.tangent + other.tangent)

    def __mul__(self, other):
        other = self._wrap(other)
        return Dual(self.value * other.value, self.tangent * other.value + self.value * other.tangent)

    def __pow__(self, exponent):
        return Dual(self.value ** exponent, exponent * self.value ** (exponent - 1) * self.tangent)

    def exp(self):
        e = self.value.exp()
        return Dual(e, e * self.tangent)

    def log(self):
        return Dual(self.value.log(), self.tangent / self.value)

    def tanh(self):
        t = self.value.tanh()
        return Dual(t, (1 - t ** 2) * self.tangent)

    def relu(self):
        return Dual(self.value.relu(), (self.value.data > 0) * self.tangent)

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-self._wrap(other))

    def __truediv__(self, other):
        return self * self._wrap(other) ** -1

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return self._wrap(other) - self

    def __rtruediv__(self, other):
        return self._wrap(other) / self


def second_grad(f, x):
    X = Value(x)
    tangent = f(Dual(X, Value(1.0))).tangent
    if not isinstance(tangent, Value):
        return 0.0
    tangent.backward()
    return float(X.grad)
