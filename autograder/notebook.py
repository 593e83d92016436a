"""The hidden test cells of the source notebooks: the same hidden checks, run by ``nbgrader autograde``.

Each visible test cell ``test_<F>`` of a source notebook starts with a hidden section (removed
from the release by nbgrader)::

    ### BEGIN HIDDEN TESTS
    from autograder.notebook import hidden_tests
    hidden_tests("05_adaptive_optimizers", "adam")
    ### END HIDDEN TESTS
    <the visible tests>

``hidden_tests`` runs the hidden checks of ``F`` on the functions defined in the notebook's
kernel, prints one line per check (name, points, message) and shows the points earned as the
cell's first ``execute_result``, which nbgrader takes as the cell's partial credit
(``nbgrader.utils.determine_grade``). It comes first in the cell so that a failing visible
assert, which runs afterwards, does not zero the cell; it writes nothing to stderr, which
nbgrader would also count as a failure. The student's seed comes from the working directory
nbgrader runs the notebook in, ``autograded/<student>/<ID>``, so each student gets the same
random inputs on this path as on the fast path (``python -m autograder grade --course``), and
each call of a student function has the sandbox's time limit (an alarm), so an endless loop
costs the checks that hit it on both paths. The student's code runs in the kernel here, as
nbgrader always runs it: the fast path is the one with the sandbox.

The build writes those sections with :func:`hidden_test_source` and sets each test cell's
points to :func:`function_points`, the sum of the ``@check`` points of the function's checks:
the same maximum on both paths.
"""

import contextlib
import functools
import io
import os
import signal
import warnings
from pathlib import Path

BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
UNKNOWN_STUDENT = "instructor"


# --------------------------------------------------------------------------- what the build needs

@functools.lru_cache(maxsize=None)
def function_points(assignment_id):
    """``{function: points}``: the points of each graded function's checks, as the grader counts them.

    The hidden checks are collected and run against a submission that defines nothing, so a
    parametrized check counts once per case, exactly as on both grading paths.
    """
    from autograder import grade
    from autograder.student import UnreadableBackend

    with _silenced():
        tests = grade.run_checks(assignment_id, UnreadableBackend("(counting points)"), 0)
    points = {}
    for test in tests:
        points[test["function"]] = points.get(test["function"], 0.0) + test["max_score"]
    return {function: round(total, 6) for function, total in points.items()}


def hidden_test_source(assignment_id, function):
    """The hidden section that goes at the top of the test cell ``test_<function>`` (ends with a newline)."""
    return (f"{BEGIN_HIDDEN}\n"
            f"from autograder.notebook import hidden_tests\n"
            f"hidden_tests({assignment_id!r}, {function!r})\n"
            f"{END_HIDDEN}\n")


def without_hidden_tests(source):
    """``source`` without its hidden sections (markers included)."""
    lines, inside = [], False
    for line in source.splitlines(keepends=True):
        if line.strip() == BEGIN_HIDDEN:
            inside = True
        elif line.strip() == END_HIDDEN:
            inside = False
        elif not inside:
            lines.append(line)
    return "".join(lines)


def with_hidden_tests(nb, assignment_id):
    """``nb`` (a source notebook) with every test cell ``test_<F>`` of a checked function F
    starting with F's hidden section and worth F's points. Idempotent: an existing hidden
    section is replaced. Test cells of functions without checks are left alone, and so is
    the whole notebook when the assignment has no hidden checks yet."""
    if not (Path(__file__).resolve().parent / "checks" / f"{assignment_id}.py").exists():
        return nb
    points = function_points(assignment_id)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        function = meta.get("grade_id", "").removeprefix("test_")
        if cell.cell_type == "code" and meta.get("grade") and meta["grade_id"].startswith("test_") \
                and function in points:
            cell.source = hidden_test_source(assignment_id, function) + without_hidden_tests(cell.source).lstrip("\n")
            meta["points"] = int(points[function]) if float(points[function]).is_integer() else points[function]
    return nb


# --------------------------------------------------------------------------- feedback text (both paths)

def points_text(value):
    """``1.5`` -> ``"1.5"``, ``2.0`` -> ``"2"``."""
    return f"{value:g}"


def function_feedback(function, tests):
    """The lines a student reads about the hidden checks of ``function``.

    ``tests`` are the result records (``name, function, score, max_score, status, output``) of
    that function's checks, as in the grader's JSON.
    """
    score = sum(test["score"] for test in tests)
    total = sum(test["max_score"] for test in tests)
    lines = [f"Hidden checks of {function}: {points_text(score)} / {points_text(total)} points"]
    for test in tests:
        mark = "passed" if test["status"] == "passed" else test["status"].upper()
        lines.append(f"  [{mark}] {test['name']} ({points_text(test['score'])}/{points_text(test['max_score'])})")
        for line in (test.get("output") or "").strip().splitlines():
            lines.append(f"      {line}")
    return "\n".join(lines) + "\n"


def earned(tests, points):
    """The points earned, as nbgrader accepts them (0 <= score <= points, rounded)."""
    return min(max(round(sum(test["score"] for test in tests), 6), 0.0), points)


# --------------------------------------------------------------------------- in the notebook's kernel

def student_id(assignment_id, cwd=None):
    """The nbgrader student id of the notebook being graded, from ``.../<student>/<ID>`` (nbgrader's cwd)."""
    cwd = Path(cwd or os.getcwd())
    if cwd.name == assignment_id and cwd.parent.parent.name and cwd.parent.name:
        return cwd.parent.name
    return UNKNOWN_STUDENT


def _user_namespace():
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - nbgrader always runs IPython
        get_ipython = lambda: None  # noqa: E731
    shell = get_ipython()
    if shell is not None:
        return shell.user_ns
    import __main__
    return vars(__main__)


def _show_result(value):
    """Emit ``value`` as an ``execute_result`` of the running cell (it need not be the last line)."""
    try:
        from IPython import get_ipython
        shell = get_ipython()
    except ImportError:  # pragma: no cover
        shell = None
    if shell is None:
        print(f"score: {points_text(value)}")
        return
    hook = shell.displayhook
    hook.quiet = lambda: False  # a cell whose last line ends with ';' must still show the score
    try:
        hook(value)
    finally:
        del hook.quiet


@contextlib.contextmanager
def _silenced():
    """No stdout, stderr (Python or C level) or warnings from the checks and the student's code."""
    sink = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        warnings.simplefilter("ignore")
        saved = None
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


class _CallTimedOut(BaseException):
    """Raised into the student's code by the alarm; a BaseException so ``except Exception`` cannot keep it."""


def timed_backend(namespace):
    """The engine's in-process backend with the sandbox's time limit per call (SIGALRM), so that an
    endless loop costs the check that hit it, as on the fast path, not the whole test cell (which
    nbgrader would stop after its cell timeout and score zero)."""
    from autograder.checking import StudentTimeout
    from autograder.sandbox import Limits
    from autograder.student import InProcessBackend

    limits = Limits.from_environment()

    class TimedInProcessBackend(InProcessBackend):
        def request(self, request, timeout):
            limit = timeout or limits.call_timeout
            fired = []

            def expire(signum, frame):
                fired.append(limit)
                raise _CallTimedOut()

            try:
                previous = signal.signal(signal.SIGALRM, expire)
            except ValueError:  # not the main thread: no alarm, no limit
                return super().request(request, timeout)
            signal.setitimer(signal.ITIMER_REAL, limit)
            try:
                response = super().request(request, timeout)
            except _CallTimedOut:
                response = None
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
            if fired:
                raise StudentTimeout(f"did not finish within {limit:g} seconds")
            return response

    return TimedInProcessBackend(namespace)


def run_function_checks(assignment_id, function, namespace, student):
    """The result records of the hidden checks of ``function`` run on ``namespace`` in this process."""
    from autograder import grade

    tests = grade.run_checks(assignment_id, timed_backend(namespace), grade.submission_seed(student),
                             functions=[function])
    return [test for test in tests if test["function"] == function]


def hidden_tests(assignment_id, function):
    """Run the hidden checks of ``function`` on the notebook's own definitions; show the points earned."""
    failure = f"No hidden checks of {function} ran.\n"
    with _silenced():
        try:
            tests = run_function_checks(assignment_id, function, _user_namespace(), student_id(assignment_id))
            points = sum(test["max_score"] for test in tests)
        except Exception as error:  # a grader bug must not look like the student's: say so, score 0
            tests, points = [], 0.0
            failure = f"The hidden checks of {function} could not run ({type(error).__name__}: {error}).\n"
    print(function_feedback(function, tests) if tests else failure, end="")
    _show_result(earned(tests, points))
