"""The graded test cells ``test_<F>`` of the notebooks: their points, and what a student reads in them.

A test cell runs F's public checks (``autograder/checks/<ID>/public.py``, released as ``test_<ID>.py``)
on the functions of the student's kernel, through pytest and the release's ``conftest.py``: the build
writes its source (:func:`visible_test_source`), so the cell and ``pytest`` in the assignment folder
always give the same verdict. The grade comes from F's hidden checks, which the engine runs in the
sandbox (never in the student's kernel) on both grading commands, ``python -m autograder grade --course``
and ``nbgrader autograde`` (:mod:`autograder.course.gradebook`). The build sets each test cell's points
to :func:`function_points`, the sum of the ``@check`` points of F's checks, so the gradebook and the
grader count the same maximum; the grader writes :func:`function_feedback` under the cell.
"""

import ast

import contextlib
import functools
import io
import os
import textwrap
import warnings
from pathlib import Path

from autograder.engine import feedback
from autograder.engine.i18n import N_, _

TEST_PREFIX = "test_"
WIDTH = 100  # characters per line of the report under a test cell (nbgrader's feedback page shows 100 or so)
STATUS_WORDS = {"passed": N_("passed"), "failed": N_("FAILED"), "timeout": N_("TIMEOUT"), "error": N_("ERROR")}


# --------------------------------------------------------------------------- what the build needs

@functools.lru_cache(maxsize=None)
def function_points(assignment_id):
    """``{function: points}``: the points of each graded function's checks, as the grader counts them.

    The hidden checks are collected and run against a submission that defines nothing, so a
    parametrized check counts once per case, exactly as when grading.
    """
    from autograder.engine import grade
    from autograder.engine.student import UnreadableBackend

    with _silenced():
        tests = grade.run_checks(assignment_id, UnreadableBackend("(counting points)"), 0)
    points = {}
    for test in tests:
        points[test["function"]] = points.get(test["function"], 0.0) + test["max_score"]
    return {function: round(total, 6) for function, total in points.items()}


def graded_function(cell):
    """``F`` when ``cell`` is the autograded test cell ``test_<F>``, else None."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    grade_id = meta.get("grade_id") or ""
    if cell.get("cell_type") == "code" and meta.get("grade") and not meta.get("solution") \
            and grade_id.startswith(TEST_PREFIX):
        return grade_id[len(TEST_PREFIX):]
    return None


def public_tests_by_function(public_source, graded):
    """``{F: [public test names]}``: each test of ``public_source`` (the text of a ``public.py``) in the
    test cell of the last function of ``graded`` (in notebook order) that it uses, so that every
    function it needs is defined when the cell runs. A test "uses" F when it, a helper or a fixture it
    relies on calls ``nb.fn("F")`` or ``nb.expect_raises("F", ...)``. Raises ValueError for a test that
    uses no graded function.
    """
    functions = {node.name: node for node in ast.parse(public_source).body
                 if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}

    def direct_uses(node):
        names, helpers = set(), {arg.arg for arg in node.args.args} & set(functions)  # fixtures it requests
        for inner in ast.walk(node):
            if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute) \
                    and inner.func.attr in ("fn", "expect_raises") and inner.args \
                    and isinstance(inner.args[0], ast.Constant) and isinstance(inner.args[0].value, str):
                names.add(inner.args[0].value)
            elif isinstance(inner, ast.Name) and inner.id in functions:
                helpers.add(inner.id)
        return names, helpers - {node.name}

    def uses(name, seen=()):
        names, helpers = direct_uses(functions[name])
        for helper in helpers - set(seen):
            names |= uses(helper, (*seen, name))
        return names

    order = {function: index for index, function in enumerate(graded)}
    by_function = {function: [] for function in graded}
    for name in functions:
        if not name.startswith(TEST_PREFIX):
            continue
        used = [function for function in uses(name) if function in order]
        if not used:
            raise ValueError(f"public check {name} calls no graded function through nb.fn(...)")
        by_function[max(used, key=order.get)].append(name)
    return by_function


def visible_test_source(function, tests):
    """The source of the test cell of ``function``: its public checks, run on the kernel's functions."""
    names = ", ".join(f'"{test}"' for test in tests)
    return (f"# 公開檢查：與在此資料夾執行 `pytest` 相同。The public checks of `{function}`, as `pytest` in this folder runs them.\n"
            f"from conftest import run_public_checks\n\n"
            f"run_public_checks(globals(), {names})")


def with_test_points(nb, assignment_id):
    """``nb`` (a source notebook) with every test cell ``test_<F>`` of a checked function F worth F's
    points. Test cells of functions without checks are left alone, and so is the whole notebook when
    the assignment has no hidden checks yet."""
    from autograder.engine import grade

    if not grade.checks_file(assignment_id).exists():
        return nb
    points = function_points(assignment_id)
    for cell in nb.cells:
        function = graded_function(cell)
        if function in points:
            total = points[function]
            cell.metadata["nbgrader"]["points"] = int(total) if float(total).is_integer() else total
    return nb


@contextlib.contextmanager
def _silenced():
    """No stdout, stderr (Python or C level) or warnings while the checks count their points."""
    sink = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        warnings.simplefilter("ignore")
        try:
            saved = os.dup(2)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
            os.close(devnull)
        except OSError:
            saved = None
        try:
            yield sink
        finally:
            if saved is not None:
                os.dup2(saved, 2)
                os.close(saved)


# --------------------------------------------------------------------------- what a student reads

def points_text(value):
    """``1.5`` -> ``"1.5"``, ``2.0`` -> ``"2"``."""
    return f"{value:g}"


def function_feedback(function, tests, verdict=None):
    """The lines a student reads about the hidden checks of ``function``: its points, the verdict, then
    each check with its message (said once; see :mod:`autograder.engine.feedback`).

    ``tests`` are the result records (``name, function, score, max_score, status, output``) of
    that function's checks, as in the grader's JSON; ``verdict`` is the function's diagnosis, if any.
    """
    graded = feedback.function_feedback(function, tests, verdict)
    lines = [_("Hidden checks of {function}: {score} / {max_score} points").format(
                 function=function, score=points_text(graded.score), max_score=points_text(graded.max_score)),
             *_wrapped(graded.verdict, "")]
    for check in graded.checks:
        mark = _(STATUS_WORDS.get(check.status, check.status))
        line = f"[{mark}] {check.name} ({points_text(check.score)}/{points_text(check.max_score)})"
        lines += _wrapped(line + (_(" (the same as above)") if check.same_as_above else ""), "  ")
        lines += [wrapped for text in check.message.splitlines() for wrapped in _wrapped(text, "      ")]
    return "\n".join(lines) + "\n"


def _wrapped(text, indent):
    """``text`` in lines of at most :data:`WIDTH` characters: a notebook's text output does not wrap."""
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ",
                         break_long_words=False, break_on_hyphens=False) or [indent]


def earned(tests, points):
    """The points earned, as nbgrader accepts them (0 <= score <= points, rounded)."""
    return min(max(round(sum(test["score"] for test in tests), 6), 0.0), points)
