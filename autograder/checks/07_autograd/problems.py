"""Test problems of 07_autograd: functions of Value objects for ``grad`` and the ``grad_on_value`` driver.

Each uses only the operators the curriculum asks for. The checks hand these to student code
(the wire sends a function of this module by name).
"""


def linear(x, w, b):
    """``x*w + b``: the lecture's example."""
    return x * w + b


def affine(x, y, z):
    """``x*y + z*1.5 + 0.5``: only + and * (each input used once)."""
    return x * y + z * 1.5 + 0.5


def ignores_second(x, y):
    """``x * 2.0``: y does not matter (its partial derivative is 0)."""
    return x * 2.0


def neuron(x, w, b):
    """``tanh(x*w + b)``: one tanh neuron."""
    return (x * w + b).tanh()


def mixed(x, y):
    """``(x*y + exp(x/2)) / (y**2 + 1) - log(y**2 + 1) + relu(x - y)``."""
    d = y**2 + 1
    return (x * y + (x / 2).exp()) / d - d.log() + (x - y).relu()


def used_twice(x):
    """``x*x + 3*x``: x feeds several operations."""
    return x * x + 3 * x


def reused_chain(x, y):
    """``u*y + u.tanh()`` with ``u = x*y - 1``: an intermediate node used twice."""
    u = x * y - 1
    return u * y + u.tanh()
