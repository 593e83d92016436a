"""Test problems of 08_training: a small synthetic classification problem (the checks' data)."""

import numpy as np


def blobs(n_samples=64, n_features=4, n_classes=3, seed=0):
    """Gaussian blobs ``(X, y)``: deterministic, standardized features, integer labels."""
    rng = np.random.default_rng(seed)
    centers = rng.normal(0.0, 2.0, size=(n_classes, n_features))
    y = np.arange(n_samples) % n_classes
    X = centers[y] + rng.normal(0.0, 1.0, size=(n_samples, n_features))
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    return X, y
