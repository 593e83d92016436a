"""The grading engine of the gradient-descent course.

The grading path, one module per stage (see README and DESIGN.md):
    load      -> a submission's code cells, magics removed, errors per cell
    sandbox   -> a warm child process that runs the student's code under limits
    wire      -> plain data across the boundary, never pickle
    checks/   -> the hidden pytest checks, one file per assignment
    grade     -> runs the checks per submission and collects the results
    report    -> terminal table, JSON/CSV, Gradescope results.json
    course    -> nbgrader gradebook and feedback for a whole class
The course tooling: ``build`` (solutions -> notebooks -> release) and ``selfcheck``.
"""

import os
import sys

# A virtualenv's Python is often run by its path, unactivated (cron, IDEs, systemd, JupyterHub).
# Tools started from PATH must still be this interpreter's: nbgrader runs `alembic` from PATH to
# stamp a new gradebook, and the tests and benchmarks start nbgrader. Every subprocess inherits this.
_interpreter_bin = os.path.dirname(sys.executable)
if _interpreter_bin and _interpreter_bin not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = os.pathsep.join(filter(None, [_interpreter_bin, os.environ.get("PATH")]))
