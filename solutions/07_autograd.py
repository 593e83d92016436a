"""07 Reverse-mode automatic differentiation (自動微分) on scalars.

(深度学习(23) GradientTape; 梯度下降法 backpropagation.) In the style of Karpathy's
micrograd. Every operation returns a new Value that remembers its inputs and how to send
a gradient back to them (the chain rule, 連鎖律). backward() visits the graph in reverse
topological order, so each node's gradient is complete before it is passed on, and a
value used twice receives the sum of both paths (gradients are accumulated with +=).
"""

__all__ = ["Value", "grad", "linear_grads", "Dual", "second_grad"]

import math


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
        if not isinstance(exponent, (int, float)):
            raise TypeError("Value ** x supports a number x only")
        out = Value(self.data**exponent, (self,), f"**{exponent}")

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
            self.grad += (1 - out.data**2) * out.grad

        out._backward = _backward
        return out

    def relu(self):
        out = Value(max(self.data, 0.0), (self,), "relu")

        def _backward():
            self.grad += (self.data > 0) * out.grad

        out._backward = _backward
        return out

    def backward(self):
        """Seed d(self)/d(self) = 1 and apply the chain rule in reverse topological order."""
        order, visited = [], set()

        def visit(node):
            if node not in visited:
                visited.add(node)
                for child in node._prev:
                    visit(child)
                order.append(node)

        visit(self)
        self.grad = 1.0
        for node in reversed(order):
            node._backward()

    # The remaining operators are built from the ones above.
    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __truediv__(self, other):
        return self * other**-1

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return other + (-self)

    def __rtruediv__(self, other):
        return other * self**-1

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"


def grad(f, *args):
    """The partial derivatives of f at args, as a tuple of floats (one per argument).

    each number in args may be an int or a float.
    """
    inputs = [Value(a) for a in args]
    out = f(*inputs)
    if isinstance(out, Value):  # an f that ignores its inputs has zero gradients
        out.backward()
    return tuple(v.grad for v in inputs)


def linear_grads(x, w, b):
    """(dy/dw, dy/db) for y = x*w + b; (x, w, b) = (3, 1, 2) gives (3.0, 1.0).

    x, w and b may be an int or a float.
    """
    _, dy_dw, dy_db = grad(lambda x, w, b: x * w + b, x, w, b)
    return dy_dw, dy_db


class Dual:
    """A number a + b*eps with eps**2 = 0 whose parts are Values: f(Dual(x, 1)) is Dual(f(x), f'(x)).

    Forward mode: every operation applies its derivative rule to the tangent, so the tangent
    f'(x) is computed with Value operations, and is itself a graph that backward() can
    differentiate once more. A plain number c on either side is the constant Dual(c, 0).
    """

    def __init__(self, value, tangent=0.0):
        self.value = value        # a Value (or a plain number, for a constant)
        self.tangent = tangent    # its derivative, a Value (or a plain number)

    def __add__(self, other):
        other = other if isinstance(other, Dual) else Dual(other)
        return Dual(self.value + other.value, self.tangent + other.tangent)

    def __mul__(self, other):
        other = other if isinstance(other, Dual) else Dual(other)
        # the product rule: (a b)' = a' b + a b'
        return Dual(self.value * other.value, self.tangent * other.value + self.value * other.tangent)

    def __pow__(self, exponent):
        return Dual(self.value**exponent, exponent * self.value ** (exponent - 1) * self.tangent)

    def exp(self):
        out = self.value.exp()
        return Dual(out, out * self.tangent)

    def log(self):
        return Dual(self.value.log(), self.tangent / self.value)

    def tanh(self):
        out = self.value.tanh()
        return Dual(out, (1 - out**2) * self.tangent)

    def relu(self):
        return Dual(self.value.relu(), (self.value.data > 0) * self.tangent)

    # As for Value, the rest is built from the operations above.
    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __truediv__(self, other):
        return self * other**-1

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return other + (-self)

    def __rtruediv__(self, other):
        return other * self**-1


def second_grad(f, x):
    """d2f/dx2 at the number x, by differentiating the graph of f'(x) with backward().

    f(Dual(X, Value(1.0))) with X = Value(x) gives f'(x) as its tangent: a Value built from X.
    tangent.backward() then leaves d(f')/dx = f''(x) in X.grad, returned as a float.
    x may be an int or a float.
    """
    x = Value(x)
    tangent = f(Dual(x, Value(1.0))).tangent
    if isinstance(tangent, Value):  # f' does not depend on x: f'' is 0
        tangent.backward()
    return float(x.grad)
