# corpus: buggy
# function: Value
# mistake: in the other order | __rsub__ must be other - self
# actual mistake: __rsub__ computes self - other
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
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad += (1 - t ** 2) * out.grad
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
        topo = []
        visited = set()

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

    # The remaining operators are built from the ones above.
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
        return self + (-other)

    def __rtruediv__(self, other):
        return other * self ** -1

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"


def grad(f, *args):
    """The partial derivatives of f at args, as a tuple of floats (one per argument)."""
    values = [Value(a) for a in args]
    out = f(*values)
    if isinstance(out, Value):
        out.backward()
    return tuple(v.grad for v in values)


def linear_grads(x, w, b):
    """(dy/dw, dy/db) for y = x*w + b; (x, w, b) = (3, 1, 2) gives (3.0, 1.0)."""
    g = grad(lambda x, w, b: x * w + b, x, w, b)
    return g[1], g[2]


class Dual:
    def __init__(self, value, tangent=0.0):
        self.value = value
        self.tangent = tangent

    @staticmethod
    def lift(c):
        return c if isinstance(c, Dual) else Dual(c, 0.0)

    def __add__(self, other):
        other = Dual.lift(other)
        return Dual(self.value + other.value, self.tangent + other.tangent)

    __radd__ = __add__

    def __mul__(self, other):
        other = Dual.lift(other)
        return Dual(self.value * other.value, self.tangent * other.value + self.value * other.tangent)

    __rmul__ = __mul__

    def __pow__(self, n):
        return Dual(self.value ** n, n * self.value ** (n - 1) * self.tangent)

    def __neg__(self):
        return Dual(-self.value, -self.tangent)

    def __sub__(self, other):
        return self + (-Dual.lift(other))

    def __rsub__(self, other):
        return Dual.lift(other) + (-self)

    def __truediv__(self, other):
        return self * Dual.lift(other) ** -1

    def __rtruediv__(self, other):
        return Dual.lift(other) * self ** -1

    def exp(self):
        e = self.value.exp()
        return Dual(e, e * self.tangent)

    def log(self):
        return Dual(self.value.log(), self.tangent / self.value)

    def tanh(self):
        t = self.value.tanh()
        return Dual(t, (1 - t * t) * self.tangent)

    def relu(self):
        return Dual(self.value.relu(), self.tangent * (1.0 if self.value.data > 0 else 0.0))


def second_grad(f, x):
    X = Value(x)
    d = f(Dual(X, Value(1.0))).tangent
    if isinstance(d, Value):
        d.backward()
    return X.grad
