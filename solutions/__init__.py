"""Reference solutions: one module per assignment, named after the assignment ID.

The module files start with the assignment number (``solutions/05_adaptive_optimizers.py``),
like ``source/05_adaptive_optimizers/`` and ``assignments/05_adaptive_optimizers/``, so
they are loaded with :func:`load`. Every graded function is also re-exported here::

    from solutions import adam
    load("05_adaptive_optimizers").adam
"""

import importlib

from solutions.plotting import use_cjk_font, zh_en  # noqa: F401 - every notebook's provided font setup

ASSIGNMENTS = (
    "01_gradient_descent",
    "02_numerical_gradient",
    "03_losses_and_batches",
    "04_momentum",
    "05_adaptive_optimizers",
    "06_lr_schedules",
    "07_autograd",
    "08_training",
)


def load(assignment_id):
    """The reference module of an assignment, e.g. ``load("04_momentum").sgd_momentum``."""
    if assignment_id not in ASSIGNMENTS:
        raise ValueError(f"unknown assignment {assignment_id!r}; expected one of {', '.join(ASSIGNMENTS)}")
    return importlib.import_module(f"{__name__}.{assignment_id}")


__all__ = ["ASSIGNMENTS", "load"]
for _assignment in ASSIGNMENTS:
    _module = load(_assignment)
    for _name in _module.__all__:
        globals()[_name] = getattr(_module, _name)
        __all__.append(_name)
del _assignment, _module, _name
