"""Shared test setup: the tests start Jupyter kernels, sandboxes and pytest runs side by
side; one BLAS thread each keeps numpy from thrashing a small machine. This must run
before numpy is imported, which is why it lives here and not in a fixture."""

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
