# corpus: buggy
# function: sgd_momentum
# mistake:
# actual: momentum and learning_rate read swapped from config
# named: swapped | momentum and learning_rate | learning_rate and momentum
import numpy as np


def sgd(w, dw, config=None):
    """Vanilla stochastic gradient descent: w - learning_rate * dw.

    config: learning_rate (default 1e-2).
    w and dw may be numpy arrays of any real dtype, integers included. Array results are float64
    numpy arrays, also for integer input. Never modifies w or dw in place.
    """
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    w, dw = np.asarray(w, dtype=float), np.asarray(dw, dtype=float)
    return w - config["learning_rate"] * dw, config


def sgd_momentum(w, dw, config=None):
    """SGD with momentum: v = momentum * v - learning_rate * dw; next_w = w + v.

    config: learning_rate (1e-2), momentum (0.9),
            velocity (state, same shape as w, starts at zeros).
    w and dw may be numpy arrays of any real dtype, integers included. Array results are float64
    numpy arrays, also for integer input. Never modifies w or dw in place.
    """
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    w, dw = np.asarray(w, dtype=float), np.asarray(dw, dtype=float)
    v = config.get("velocity", np.zeros_like(w))
    v = config["learning_rate"] * v - config["momentum"] * dw
    config["velocity"] = v
    return w + v, config


def nesterov_momentum(w, dw, config=None):
    """Nesterov momentum in CS231n's form, with dw taken at the current w.

    v_prev = v; v = momentum * v - learning_rate * dw;
    next_w = w - momentum * v_prev + (1 + momentum) * v
    config: learning_rate (1e-2), momentum (0.9), velocity (state, starts at zeros).
    w and dw may be numpy arrays of any real dtype, integers included. Array results are float64
    numpy arrays, also for integer input. Never modifies w or dw in place.
    """
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    w, dw = np.asarray(w, dtype=float), np.asarray(dw, dtype=float)
    v_prev = config.get("velocity", np.zeros_like(w))
    v = config["momentum"] * v_prev - config["learning_rate"] * dw
    config["velocity"] = v
    return w - config["momentum"] * v_prev + (1 + config["momentum"]) * v, config


def run_optimizer(update, grad_fn, w0, config=None, num_steps=100):
    """Apply `update` num_steps times from w0, with dw = grad_fn(w) at each step.

    Returns the trajectory.
    w0 may be a list or a numpy array, integers included. The trajectory is a float64 array of
    shape (num_steps + 1, *shape(w0)); row 0 is w0. Never modifies w0 in place.
    """
    w = np.array(w0, dtype=float)
    config = None if config is None else dict(config)
    trajectory = [w]
    for _ in range(num_steps):
        w, config = update(w, grad_fn(w), config)
        trajectory.append(np.asarray(w, dtype=float))
    return np.array(trajectory)
