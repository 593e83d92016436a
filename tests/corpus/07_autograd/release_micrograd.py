# corpus: correct
# Written from the release notebook alone: micrograd style, recursive topological sort, operators built from + * **.
import math


class Value:
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
        topo, visited = [], set()

        def build(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build(child)
                topo.append(v)
        build(self)
        self.grad = 1.0
        for v in reversed(topo):
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
        return other * self ** -1

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"


def grad(f, *args):
    values = [Value(a) for a in args]
    out = f(*values)
    out.backward()
    return tuple(v.grad for v in values)


def linear_grads(x, w, b):
    _, dy_dw, dy_db = grad(lambda x, w, b: x * w + b, x, w, b)
    return dy_dw, dy_db


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
