# corpus: buggy
# function: Dual
# mistake:
# affects: second_grad
# actual: the tangent of a ** n is n * a.value**(n-1), without the factor a.tangent (chain rule left out)
# named: chain rule | * a.tangent | times the tangent | inner derivative
import math


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

    def _make(self, data, parents, op):
        """Output node for op; parents is a list of (input, local derivative d out / d input)."""
        out = Value(data, tuple(p for p, _ in parents), op)

        def _backward():
            for parent, local in parents:
                parent.grad += local * out.grad
        out._backward = _backward
        return out

    def __add__(self, other):
        other = _as_value(other)
        return self._make(self.data + other.data, [(self, 1.0), (other, 1.0)], "+")

    def __mul__(self, other):
        other = _as_value(other)
        return self._make(self.data * other.data, [(self, other.data), (other, self.data)], "*")

    def __pow__(self, exponent):
        n = float(exponent)
        return self._make(self.data ** n, [(self, n * self.data ** (n - 1))], "**")

    def exp(self):
        e = math.exp(self.data)
        return self._make(e, [(self, e)], "exp")

    def log(self):
        return self._make(math.log(self.data), [(self, 1.0 / self.data)], "log")

    def tanh(self):
        t = math.tanh(self.data)
        return self._make(t, [(self, 1.0 - t * t)], "tanh")

    def relu(self):
        positive = self.data > 0
        return self._make(self.data if positive else 0.0, [(self, 1.0 if positive else 0.0)], "relu")

    def backward(self):
        """Seed d(self)/d(self) = 1 and apply the chain rule in reverse topological order."""
        order, seen = [], set()
        stack = [(self, False)]
        while stack:
            node, children_done = stack.pop()
            if children_done:
                order.append(node)
                continue
            if id(node) in seen:
                continue
            seen.add(id(node))
            stack.append((node, True))
            for child in node._prev:
                if id(child) not in seen:
                    stack.append((child, False))
        self.grad = 1.0
        for node in order[::-1]:
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
        return "Value(data=%s, grad=%s)" % (self.data, self.grad)


def grad(f, *args):
    leaves = list(map(Value, args))
    result = f(*leaves)
    result.backward()
    return tuple(float(leaf.grad) for leaf in leaves)


def linear_grads(x, w, b):
    gradients = grad(lambda x_, w_, b_: x_ * w_ + b_, x, w, b)
    return gradients[1], gradients[2]


def _as_dual(x):
    return x if isinstance(x, Dual) else Dual(x, 0.0)


class Dual:
    """A number a + b*eps with eps**2 = 0 whose parts are Values."""

    def __init__(self, value, tangent=0.0):
        self.value = _as_value(value)
        self.tangent = _as_value(tangent)

    def __add__(self, other):
        other = _as_dual(other)
        return Dual(self.value + other.value, self.tangent + other.tangent)

    def __mul__(self, other):
        other = _as_dual(other)
        return Dual(self.value * other.value, self.tangent * other.value + self.value * other.tangent)

    def __pow__(self, exponent):
        return Dual(self.value ** exponent, exponent * self.value ** (exponent - 1))

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
        return self * -1.0

    def __sub__(self, other):
        return self + (-_as_dual(other))

    def __truediv__(self, other):
        return self * _as_dual(other) ** -1

    def __radd__(self, other):
        return _as_dual(other) + self

    def __rmul__(self, other):
        return _as_dual(other) * self

    def __rsub__(self, other):
        return _as_dual(other) - self

    def __rtruediv__(self, other):
        return _as_dual(other) / self


def second_grad(f, x):
    X = Value(x)
    out = f(Dual(X, Value(1.0)))
    tangent = out.tangent
    if isinstance(tangent, Value):
        tangent.backward()
        return X.grad
    return 0.0
