"""The update rules of 04 and 05 agree with torch.optim step for step (runs where torch is installed)."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from solutions import adagrad, adam, nesterov_momentum, rmsprop, sgd, sgd_momentum

torch = pytest.importorskip("torch")

CASES = [
    # (our rule, our config, torch optimizer class, its keyword arguments)
    (sgd, {"learning_rate": 1e-3}, "SGD", {"lr": 1e-3}),
    # CS231n's momentum keeps v = mu v - lr g; PyTorch's buffer is b = mu b + g, v = -lr b: same steps
    (sgd_momentum, {"learning_rate": 1e-3, "momentum": 0.8}, "SGD", {"lr": 1e-3, "momentum": 0.8}),
    (nesterov_momentum, {"learning_rate": 1e-3, "momentum": 0.8}, "SGD",
     {"lr": 1e-3, "momentum": 0.8, "nesterov": True}),
    (adagrad, {"learning_rate": 0.1, "epsilon": 1e-8}, "Adagrad",
     {"lr": 0.1, "eps": 1e-8, "initial_accumulator_value": 0.0}),
    (rmsprop, {"learning_rate": 0.01, "decay_rate": 0.9, "epsilon": 1e-8}, "RMSprop",
     {"lr": 0.01, "alpha": 0.9, "eps": 1e-8}),
    (adam, {"learning_rate": 0.01, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-8}, "Adam",
     {"lr": 0.01, "betas": (0.8, 0.99), "eps": 1e-8}),
    (adam, {}, "Adam", {}),
]


def rosenbrock_grad(w):
    """Gradient of the 2-D Rosenbrock function, the same in numpy and torch."""
    x, y = w[0], w[1]
    return np.array([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)])


@pytest.mark.parametrize("rule, config, optimizer, kwargs", CASES, ids=lambda c: getattr(c, "__name__", None))
def test_matches_torch_for_50_steps(rule, config, optimizer, kwargs):
    w = np.array([-1.2, 1.0])
    param = torch.tensor(w.copy(), dtype=torch.float64, requires_grad=True)
    torch_opt = getattr(torch.optim, optimizer)([param], **kwargs)
    for step in range(50):
        dw = rosenbrock_grad(w)
        w, config = rule(w, dw, config)
        param.grad = torch.tensor(dw, dtype=torch.float64)  # the same gradient for both
        torch_opt.step()
        assert np.all(np.isfinite(w))
        assert_allclose(w, param.detach().numpy(), rtol=1e-6, atol=1e-9, err_msg=f"step {step + 1}")
