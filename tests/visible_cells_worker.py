"""Run one assignment folder both ways a student can, in this process, and print the verdicts as JSON.

``python tests/visible_cells_worker.py FOLDER...``: for each folder (a copy of an assignment's release
with a filled-in notebook) prints ``{"folder", "public_failed", "cells"}``: the public checks that
``pytest`` in the folder fails, and for each visible test cell, run in order with the notebook's other
cells as a kernel runs them, the checks it names and whether it raised. A separate process, because
the release's ``conftest.py`` is a module named ``conftest``, as the project's own tests' is.
"""

import json
import os
import re
import sys
import warnings
from pathlib import Path

import matplotlib
import nbformat
import pytest

matplotlib.use("Agg")


class FailedChecks:
    """A pytest plugin that records the names of the tests that fail."""

    def __init__(self):
        self.failed = set()

    def pytest_runtest_logreport(self, report):
        if report.failed:
            self.failed.add(report.nodeid.split("::")[1].split("[")[0])


def forget_release_modules():
    for name in [name for name in sys.modules if name == "conftest" or name.startswith("test_")]:
        del sys.modules[name]


def public_failed(folder):
    forget_release_modules()
    recorder = FailedChecks()
    pytest.main([str(folder), "-p", "no:cacheprovider", "-p", "no:terminal"], plugins=[recorder])
    return sorted(recorder.failed)


def visible_cells(folder):
    """[(grade_id, public checks named, raised)] of the notebook run top to bottom like a kernel."""
    forget_release_modules()
    import matplotlib.pyplot as plt
    path = next(folder.glob("*.ipynb"))
    cwd, sys.path[:0] = os.getcwd(), [str(folder)]
    os.chdir(folder)
    namespace, cells = {"__name__": "__main__"}, []
    try:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            meta = cell.metadata.get("nbgrader", {})
            raised = False
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    exec(compile(cell.source, f"<{path.name} cell>", "exec"), namespace)  # noqa: S102
            except Exception:  # noqa: BLE001 - a failing cell is what is measured
                raised = True
            plt.close("all")
            if meta.get("grade") and not meta.get("solution"):
                cells.append((meta["grade_id"], re.findall(r'"(test_\w+)"', cell.source), raised))
    finally:
        os.chdir(cwd)
        sys.path.remove(str(folder))
    return cells


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        folder = Path(argument)
        print(json.dumps({"folder": argument, "public_failed": public_failed(folder),
                          "cells": visible_cells(folder)}), flush=True)
