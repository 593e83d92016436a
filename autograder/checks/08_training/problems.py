"""Test problems of 08_training: a small synthetic classification problem (the checks' data), and an update
rule that keeps its state in config in place (train must give each parameter its own copy)."""

import numpy as np


def blobs(n_samples=64, n_features=4, n_classes=3, seed=0):
    """Gaussian blobs ``(X, y)``: deterministic, standardized features, integer labels."""
    rng = np.random.default_rng(seed)
    centers = rng.normal(0.0, 2.0, size=(n_classes, n_features))
    y = np.arange(n_samples) % n_classes
    X = centers[y] + rng.normal(0.0, 1.0, size=(n_samples, n_features))
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    return X, y


# what sgd_state_in_config raises with when one config dict serves two parameters (the check reads it back)
SHARED_CONFIG = "one config dict given to parameters of two shapes"


def sgd_state_in_config(w, dw, config=None):
    """SGD at ``learning_rate / t``, keeping its state in ``config`` itself, as 05's rules may (``setdefault``
    changes the caller's dict): the step count ``t`` and the shape of the parameter the config belongs to.

    A config that comes back with a parameter of another shape is shared: ``ValueError(SHARED_CONFIG)``,
    whatever order train updates its parameters in.
    """
    config = {} if config is None else config
    config.setdefault("learning_rate", 0.1)
    if config.setdefault("shape", list(np.shape(w))) != list(np.shape(w)):
        raise ValueError(SHARED_CONFIG)
    config["t"] = config.get("t", 0) + 1
    w, dw = np.asarray(w, dtype=float), np.asarray(dw, dtype=float)
    return w - config["learning_rate"] / config["t"] * dw, config
