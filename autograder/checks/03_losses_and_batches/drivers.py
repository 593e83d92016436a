"""Sandbox-side driver of 03_losses_and_batches: ``minibatches`` is a generator, listed beside the submission.

``student.drive(batches, ...)`` runs it in the sandbox on the submission's globals, and the checks run
the very same function on the reference (``batches(vars(reference), ...)``); it takes and returns plain
data only.
"""

import numpy as np

from autograder.engine.sandbox_side import defined, shown_as


@shown_as(calls="minibatches")
def batches(namespace, X, y, batch_size, shuffle=True, seed=None, drop_last=False):
    """``list(minibatches(X, y, batch_size, shuffle=shuffle, seed=seed, drop_last=drop_last))``

    as a list of ``[X_batch, y_batch]`` pairs.
    """
    out = defined(namespace, "minibatches")(X, y, batch_size, shuffle=shuffle, seed=seed, drop_last=drop_last)
    return [[np.asarray(xb), np.asarray(yb)] for xb, yb in out]
