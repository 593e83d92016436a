"""Structured results that pretend to be right: a lying ndarray, a dict claiming every key,
a tuple equal to everything; in-place changes to w and dw. Only run_optimizer is right."""

import numpy as np


def sgd(w, dw, config=None):
    """Vanilla stochastic gradient descent: w - learning_rate * dw.

    config: learning_rate (default 1e-2).
    """
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    w, dw = np.asarray(w, dtype=float), np.asarray(dw, dtype=float)
    return w - config["learning_rate"] * dw, config


def sgd_momentum(w, dw, config=None):
    """SGD with momentum: v = momentum * v - learning_rate * dw; next_w = w + v.

    config: learning_rate (1e-2), momentum (0.9),
            velocity (state, same shape as w, starts at zeros).
    """
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    w, dw = np.asarray(w, dtype=float), np.asarray(dw, dtype=float)
    v = config.get("velocity", np.zeros_like(w))
    v = config["momentum"] * v - config["learning_rate"] * dw
    config["velocity"] = v
    return w + v, config


def nesterov_momentum(w, dw, config=None):
    """Nesterov momentum in CS231n's form, with dw taken at the current w.

    v_prev = v; v = momentum * v - learning_rate * dw;
    next_w = w - momentum * v_prev + (1 + momentum) * v
    config: learning_rate (1e-2), momentum (0.9), velocity (state, starts at zeros).
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

    Returns the trajectory, an array of shape (num_steps + 1, *w0.shape); row 0 is w0.
    The config passed in is copied, never modified.
    """
    w = np.array(w0, dtype=float)
    config = None if config is None else dict(config)
    trajectory = [w]
    for _ in range(num_steps):
        w, config = update(w, grad_fn(w), config)
        trajectory.append(np.asarray(w, dtype=float))
    return np.array(trajectory)


# ---- hostile part: results that pretend to be right; only run_optimizer (above) is honest ----


class Anything:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = object.__hash__


class Liar(np.ndarray):
    """Equal to everything, true for every numpy function."""
    def __array_function__(self, func, types, args, kwargs):
        return True

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return True

    def __eq__(self, other):
        return True


class EqualDict(dict):
    """Claims every key, and every value equals anything."""
    def __contains__(self, key):
        return True

    def __getitem__(self, key):
        return Anything()

    def get(self, key, default=None):
        return Anything()

    def __eq__(self, other):
        return True

    __hash__ = None


class EqualTuple(tuple):
    def __eq__(self, other):
        return True

    def __len__(self):
        return 2

    def __getitem__(self, index):
        return Anything()


def sgd(w, dw, config=None):
    w -= dw  # also modifies the caller's arrays
    return np.zeros_like(w).view(Liar), EqualDict()


def sgd_momentum(w, dw, config=None):
    dw *= 0
    return EqualTuple((np.zeros(1), {}))


def nesterov_momentum(w, dw, config=None):
    w += 1
    return np.asarray(w, dtype=float) * 0, EqualDict()
