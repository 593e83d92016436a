"""Sandbox-side drivers of 08_training: ``forward`` without its cache (which stays in the sandbox), and
which names a submission leaves undefined.

``student.drive(forward_logits, ...)`` runs it in the sandbox on the submission's globals, and the
checks run the very same function on the reference; it takes and returns plain data only.
"""

import numpy as np

from autograder.engine.i18n import N_
from autograder.engine.sandbox_side import defined, shown_as


@shown_as(N_("a look at which names your submission defines"))
def undefined(namespace, names):
    """The names of ``names`` the submission does not define."""
    return [name for name in names if name not in namespace]


@shown_as(calls="forward")
def forward_logits(namespace, params, X):
    """The logits of ``forward(params, X)`` (the student's cache stays in the sandbox)."""
    out = defined(namespace, "forward")(params, X)
    logits = out[0] if isinstance(out, (tuple, list)) and len(out) == 2 else out
    return np.asarray(logits)
