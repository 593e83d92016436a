"""The gradient-descent course that grades itself; dependencies run one way: commands -> course -> engine.

    __main__.py   the commands (build, grade, gradescope, check, demo)
    course/       nbgrader and the course: build and release, gradebook and feedback, class grading
                  and report, Gradescope, the student's self-check, the demo
    engine/       the grading path, which knows nothing of nbgrader: load -> sandbox -> hidden checks
                  under pytest -> one record per submission -> report
    checks/       per assignment, ``<ID>/``: its hidden checks (``hidden.py``), known mistakes
                  (``mistakes.py``), public checks (``public.py``) and its sandbox side, which the
                  engine finds by name: test problems (``problems.py``) and drivers (``drivers.py``);
                  beside them what every assignment's checks share: fixtures (``conftest.py``),
                  ``checklib``, ``dependents``, ``known_mistakes`` and the public checks' ``public_conftest.py``
"""

import os
import sys

# A virtualenv's Python is often run by its path, unactivated (cron, IDEs, systemd, JupyterHub).
# Tools started from PATH must still be this interpreter's: nbgrader runs `alembic` from PATH to
# stamp a new gradebook, and the tests and benchmarks start nbgrader. Every subprocess inherits this.
_interpreter_bin = os.path.dirname(sys.executable)
if _interpreter_bin and _interpreter_bin not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = os.pathsep.join(filter(None, [_interpreter_bin, os.environ.get("PATH")]))
