# corpus: correct
# Written from the release notebook alone: each operator with its own local derivative, an iterative DFS for the order.
import math


def _wrap(x):
    return x if isinstance(x, Value) else Value(x)


class Value:
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
        other = _wrap(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = _wrap(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, exponent):
        return self._unary(self.data ** exponent, lambda out: exponent * self.data ** (exponent - 1), "**")

    def exp(self):
        return self._unary(math.exp(self.data), lambda out: out.data, "exp")

    def log(self):
        return self._unary(math.log(self.data), lambda out: 1.0 / self.data, "log")

    def tanh(self):
        return self._unary(math.tanh(self.data), lambda out: 1.0 - out.data ** 2, "tanh")

    def relu(self):
        return self._unary(max(0.0, self.data), lambda out: 1.0 if self.data > 0 else 0.0, "relu")

    def backward(self):
        order, seen, stack = [], set(), [(self, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
            elif node not in seen:
                seen.add(node)
                stack.append((node, True))
                stack.extend((child, False) for child in node._prev if child not in seen)
        self.grad = 1.0
        for node in reversed(order):
            node._backward()

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-_wrap(other))

    def __truediv__(self, other):
        return self * _wrap(other) ** -1

    def __radd__(self, other):
        return _wrap(other) + self

    def __rmul__(self, other):
        return _wrap(other) * self

    def __rsub__(self, other):
        return _wrap(other) - self

    def __rtruediv__(self, other):
        return _wrap(other) / self

    def __repr__(self):
        return f"Value(data={self.data!r}, grad={self.grad!r})"


def grad(f, *args):
    inputs = tuple(Value(a) for a in args)
    f(*inputs).backward()
    return tuple(float(v.grad) for v in inputs)


def linear_grads(x, w, b):
    return grad(lambda w_, b_: x * w_ + b_, w, b)


def _as_dual(c):
    return c if isinstance(c, Dual) else Dual(Value(c), Value(0.0))


class Dual:
    """value + tangent * eps, both Values."""

    def __init__(self, value, tangent):
        self.value, self.tangent = value, tangent

    def __add__(self, o):
        o = _as_dual(o)
        return Dual(self.value + o.value, self.tangent + o.tangent)

    def __radd__(self, o):
        return _as_dual(o) + self

    def __mul__(self, o):
        o = _as_dual(o)
        return Dual(self.value * o.value, self.value * o.tangent + o.value * self.tangent)

    def __rmul__(self, o):
        return _as_dual(o) * self

    def __sub__(self, o):
        return self + _as_dual(o) * -1

    def __rsub__(self, o):
        return _as_dual(o) + self * -1

    def __neg__(self):
        return self * -1

    def __pow__(self, k):
        return Dual(self.value ** k, self.tangent * k * self.value ** (k - 1))

    def __truediv__(self, o):
        o = _as_dual(o)
        # the quotient rule
        return Dual(self.value / o.value, (self.tangent * o.value - self.value * o.tangent) / (o.value * o.value))

    def __rtruediv__(self, o):
        return _as_dual(o) / self

    def exp(self):
        return Dual(self.value.exp(), self.value.exp() * self.tangent)

    def log(self):
        return Dual(self.value.log(), self.tangent * self.value ** -1)

    def tanh(self):
        return Dual(self.value.tanh(), (1 - self.value.tanh() ** 2) * self.tangent)

    def relu(self):
        return Dual(self.value.relu(), self.tangent * float(self.value.data > 0))


def second_grad(f, x):
    x = Value(float(x))
    first = f(Dual(x, Value(1.0))).tangent
    first.backward()
    return float(x.grad)
