"""Shared test setup: the tests start Jupyter kernels, sandboxes and pytest runs side by
side; one BLAS thread each keeps numpy from thrashing a small machine. This must run
before numpy is imported, which is why it lives here and not in a fixture."""

import atexit
import os
import shutil
import tempfile

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

# What slow diagnoses gave (autograder/checks/kept_diagnoses.py) is kept for this run of the tests alone, and
# every command they start: a test never reads what another run, or the instructor's own grading, left.
if "AUTOGRADER_CACHE" not in os.environ:
    os.environ["AUTOGRADER_CACHE"] = tempfile.mkdtemp(prefix="autograder-test-cache-")
    atexit.register(shutil.rmtree, os.environ["AUTOGRADER_CACHE"], True)


# The suite runs in full on every Python that CI installs but the newest, where these modules are left
# out (`pytest -m "not whole_corpus"`): they grade the whole corpus, every release or a whole class
# once more through the same commands, which the newest Python's other tests already start (the demo,
# nbgrader, the sandbox, the kernels), and they are most of the suite's time.
WHOLE_CORPUS = {"test_checks_corpus", "test_corpus_seeds", "test_corpus_both_sides", "test_public_checks",
                "test_visible_cells", "test_gradescope", "test_course_e2e"}


def pytest_collection_modifyitems(items):
    import pytest

    for item in items:
        if item.module is not None and item.module.__name__.rpartition(".")[2] in WHOLE_CORPUS:
            item.add_marker(pytest.mark.whole_corpus)
