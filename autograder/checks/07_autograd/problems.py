"""Test problems of 07_autograd: functions of Value objects for ``grad`` and the ``grad_on_value`` driver,
and functions of one number for ``Dual`` and ``second_grad``.

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


# --- functions of one number for Dual and second_grad (issue 15) ----------------------
# Each uses only the operations Value and Dual both have, so f works on either.

def cubic_poly(x):
    """``x**3 - 2*x + 1``: f' = 3x**2 - 2, f'' = 6x."""
    return x**3 - 2 * x + 1


def shifted_linear(x):
    """``3*x + 2``: linear in x, so f'' = 0 (the lecture's d2y/dw2 of x*w + b)."""
    return 3 * x + 2


def rational(x):
    """``(x**2 + 1) / (x - 3) - 1 / x``: division and reflected operators."""
    return (x**2 + 1) / (x - 3) - 1 / x


def exp_log_tanh(x):
    """``exp(x/2) * log(x*x + 1) + tanh(0.5*x)``."""
    return (x / 2).exp() * (x * x + 1).log() + (0.5 * x).tanh()


def relu_times_x(x):
    """``relu(x - 0.5) * x``: f'' = 2 above 0.5, 0 below."""
    return (x - 0.5).relu() * x
