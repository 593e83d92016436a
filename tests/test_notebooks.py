"""Every source notebook runs top to bottom in a real Jupyter kernel, without errors, and quickly.

All notebooks are executed at once (one kernel each, a few at a time) by one module fixture, so
this module takes about as long as the slowest notebooks rather than their sum.
"""

import asyncio
import os
from datetime import datetime

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.course import build
from autograder.course.notebook import graded_function

IDS = build.assignment_ids()
SLOW_CELL_SECONDS = 5.0  # plot and demo cells take < 0.3 s alone; kernels run side by side here, and a
#                          notebook's first figure pays matplotlib's start-up, so only gross cases fail


async def _execute(path, folder, limit):
    async with limit:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=120, kernel_name="python3", record_timing=True,
                                resources={"metadata": {"path": str(folder)}})
        try:
            await client.async_execute()
        except Exception as error:  # noqa: BLE001 - reported by the test of this notebook
            return nb, error
        return nb, None


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """{assignment ID: (executed notebook, error or None)}, each run in a folder of a built course (the public
    checks beside it, which a fresh clone's source/ does not have)."""
    course = tmp_path_factory.mktemp("built")
    for assignment_id in IDS:
        build.source_path(assignment_id, course).parent.mkdir(parents=True)
        build.write_public_files(course, assignment_id)

    async def run_all():
        limit = asyncio.Semaphore(max(2, os.cpu_count() or 1))
        results = await asyncio.gather(*(_execute(build.source_path(i), build.source_path(i, course).parent, limit)
                                         for i in IDS))
        return dict(zip(IDS, results))

    with pytest.MonkeyPatch.context() as env:  # the kernels inherit this environment
        env.setenv("OPENBLAS_NUM_THREADS", "1")  # kernels side by side: one BLAS thread each
        # hidden test cells (``from autograder.course.notebook import ...``) import the course package
        env.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(build.ROOT), os.environ.get("PYTHONPATH")])))
        return asyncio.run(run_all())


def _seconds(cell):
    timing = cell.metadata.get("execution", {})
    start, end = timing.get("shell.execute_reply.started") or timing.get("iopub.execute_input"), \
        timing.get("shell.execute_reply")
    if not (start and end):
        return 0.0
    return (datetime.fromisoformat(end.replace("Z", "+00:00")) -
            datetime.fromisoformat(start.replace("Z", "+00:00"))).total_seconds()


@pytest.mark.parametrize("assignment_id", IDS)
def test_notebook_runs_without_errors(executed, assignment_id):
    nb, error = executed[assignment_id]
    assert error is None, f"{assignment_id}: {error}"
    errors = [out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs
              if out.output_type == "error"]
    assert not errors, errors


@pytest.mark.parametrize("assignment_id", IDS)
def test_visible_tests_pass_quietly(executed, assignment_id):
    """The test cells pass and write nothing to stderr (nbgrader zeroes a test cell that does)."""
    nb, _ = executed[assignment_id]
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade"):
            stderr = [o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stderr"]
            assert not stderr, f"{assignment_id} {cell.metadata['nbgrader']['grade_id']}: {stderr}"


@pytest.mark.parametrize("assignment_id", IDS)
def test_cells_are_cheap(executed, assignment_id):
    """Every cell after the imports is quick: the grader runs them all for every submission. Not the
    test cells, which the grader skips: they run the public checks, as long as `pytest` takes for them."""
    nb, _ = executed[assignment_id]
    code_cells = [c for c in nb.cells if c.cell_type == "code" and not graded_function(c)]
    slow = [(round(_seconds(c), 2), c.source.splitlines()[0] if c.source else "") for c in code_cells[1:]
            if _seconds(c) > SLOW_CELL_SECONDS]
    assert not slow, f"{assignment_id}: slow cells {slow}"


@pytest.mark.parametrize("assignment_id", IDS)
def test_plots_are_drawn(executed, assignment_id):
    nb, _ = executed[assignment_id]
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
    assert images, f"{assignment_id} draws no plot"


@pytest.mark.parametrize("assignment_id", IDS)
def test_plots_draw_every_character(executed, assignment_id):
    """No cell warns of a glyph missing from the plot font: zh_en gives Chinese text only where the font has it."""
    nb, _ = executed[assignment_id]
    stderr = [o.text for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "stream" and o.name == "stderr"]
    assert not [text for text in stderr if "Glyph" in text or "glyph" in text], stderr
