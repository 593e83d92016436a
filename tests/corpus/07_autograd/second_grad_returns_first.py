# corpus: buggy
# function: second_grad
# mistake: f'(x) returned
# Local derivatives stored per edge, an iterative topological sort (Kahn), division and
# subtraction as their own operations.
import math


class Value:
    def __init__(self, data, parents=(), local_grads=()):
        self.data = float(data)
        self.grad = 0.0
        self.parents = tuple(parents)
        self.local_grads = tuple(local_grads)

    @staticmethod
    def lift(x):
        return x if isinstance(x, Value) else Value(x)

    def __add__(self, other):
        other = Value.lift(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0))

    __radd__ = __add__

    def __sub__(self, other):
        other = Value.lift(other)
        return Value(self.data - other.data, (self, other), (1.0, -1.0))

    def __rsub__(self, other):
        return Value.lift(other) - self

    def __mul__(self, other):
        other = Value.lift(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    __rmul__ = __mul__

    def __truediv__(self, other):
        other = Value.lift(other)
        return Value(self.data / other.data, (self, other), (1.0 / other.data, -self.data / other.data ** 2))

    def __rtruediv__(self, other):
        return Value.lift(other) / self

    def __pow__(self, k):
        return Value(self.data ** k, (self,), (k * self.data ** (k - 1),))

    def __neg__(self):
        return Value(-self.data, (self,), (-1.0,))

    def exp(self):
        e = math.exp(self.data)
        return Value(e, (self,), (e,))

    def log(self):
        return Value(math.log(self.data), (self,), (1.0 / self.data,))

    def tanh(self):
        t = math.tanh(self.data)
        return Value(t, (self,), (1.0 - t * t,))

    def relu(self):
        return Value(max(0.0, self.data), (self,), (1.0 if self.data > 0 else 0.0,))

    def backward(self):
        # count, for each node, how many edges lead to it from its users
        users = {}
        stack, seen = [self], {id(self)}
        while stack:
            node = stack.pop()
            for parent in node.parents:
                users[id(parent)] = users.get(id(parent), 0) + 1
                if id(parent) not in seen:
                    seen.add(id(parent))
                    stack.append(parent)
        self.grad = 1.0
        ready = [self]
        while ready:
            node = ready.pop()
            for parent, local in zip(node.parents, node.local_grads):
                parent.grad += local * node.grad
                users[id(parent)] -= 1
                if users[id(parent)] == 0:
                    ready.append(parent)


def grad(f, *args):
    inputs = tuple(Value(a) for a in args)
    result = f(*inputs)
    if isinstance(result, Value):
        result.backward()
    return tuple(float(v.grad) for v in inputs)


def linear_grads(x, w, b):
    return grad(lambda x, w, b: x * w + b, x, w, b)[1:]


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
    return first.data
