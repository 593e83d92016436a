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
