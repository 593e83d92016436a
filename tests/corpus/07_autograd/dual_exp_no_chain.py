# corpus: buggy
# function: Dual
# mistake: a.exp() computing its tangent as out.value instead
# actual: exp's tangent is exp(x) without the chain rule's factor: Dual(e, e) instead of Dual(e, e * self.tangent)
import math


class Value:
    def __init__(self, data, _children=()):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(_children)

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other))

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, k):
        out = Value(self.data ** k, (self,))

        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        out = Value(math.exp(self.data), (self,))

        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def log(self):
        out = Value(math.log(self.data), (self,))

        def _backward():
            self.grad += (1.0 / self.data) * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,))

        def _backward():
            self.grad += (1 - t ** 2) * out.grad
        out._backward = _backward
        return out

    def relu(self):
        out = Value(self.data if self.data > 0 else 0.0, (self,))

        def _backward():
            self.grad += (1.0 if self.data > 0 else 0.0) * out.grad
        out._backward = _backward
        return out

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return (-self) + other

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __truediv__(self, other):
        return self * other ** -1

    def __rtruediv__(self, other):
        return Value(other) * self ** -1

    def backward(self):
        topo, seen = [], set()

        def build(v):
            if v not in seen:
                seen.add(v)
                for child in v._prev:
                    build(child)
                topo.append(v)
        build(self)
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()


def grad(f, *args):
    values = [Value(float(a)) for a in args]
    out = f(*values)
    out.backward()
    return tuple(v.grad for v in values)


def linear_grads(x, w, b):
    xv, wv, bv = Value(float(x)), Value(float(w)), Value(float(b))
    y = xv * wv + bv
    y.backward()
    return wv.grad, bv.grad


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
        return Dual(e, e)

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
