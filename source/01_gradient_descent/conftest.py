"""Public checks of this assignment: run `pytest` in this folder to check your notebook.

This file loads your notebook `<ID>.ipynb` (next to `test_<ID>.py`): it runs every code cell
except the autograded test cells, each cell on its own, so that an error in one cell does not stop
the others, and hands your functions to the tests. You need numpy and pytest only.

The notebook's test cells run the same checks on the functions your Jupyter kernel holds
(`run_public_checks` below), so a test cell and `pytest` always agree.

These checks are the lecture's worked examples. More (hidden) checks run when your submission is
graded, so passing here is a good sign but not the final score.

The messages are in English, or in Traditional Chinese with `AUTOGRADER_LANGUAGE=zh-TW pytest`
(from `translations.json` beside this file, made from the course's message catalogue).
"""

import contextlib
import io
import json
import os
import signal
import textwrap
import threading
import traceback
import warnings
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("MPLBACKEND", "Agg")  # plot cells draw off-screen


def _translations():
    """{English message: translation} in the language of $AUTOGRADER_LANGUAGE ({} for English)."""
    language = os.environ.get("AUTOGRADER_LANGUAGE", "en").replace("_", "-")
    try:
        with open(Path(__file__).with_name("translations.json"), encoding="utf-8") as file:
            return json.load(file).get(language, {})
    except (OSError, ValueError):
        return {}


TRANSLATIONS = _translations()


def _(message):
    """`message` in the language of $AUTOGRADER_LANGUAGE."""
    return TRANSLATIONS.get(message) or message


def ngettext(singular, plural, count):
    """`singular` or `plural` for `count`, in the language of $AUTOGRADER_LANGUAGE (Chinese has one form)."""
    forms = TRANSLATIONS.get(singular) or [singular, plural]
    return forms[min(0 if count == 1 else 1, len(forms) - 1)]


HIDDEN_CHECKS_NOTE = _("These are the public checks only. Hidden checks (more inputs, edge cases) run when your "
                       "submission is graded, so your final score can be lower than what you see here.")


CELL_SECONDS = CALL_SECONDS = 60  # a cell or a call that runs longer is stopped (an endless loop?)


class TookTooLong(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds):
    """Raise TookTooLong after `seconds` (where the platform has SIGALRM, in the main thread)."""
    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise TookTooLong(_("stopped after {seconds} s: an endless loop?").format(seconds=seconds))

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


class Notebook:
    """The namespace left by running a notebook's code cells, and helpers to check its functions.

    With `namespace` (a Jupyter kernel's globals, from a test cell) the notebook is not run again:
    the checks see exactly the functions the kernel defined. ``nb._("...")`` is a message in the
    student's language, for the test files.
    """

    _ = staticmethod(_)

    def __init__(self, path, namespace=None):
        self.path = Path(path)
        self.in_kernel = namespace is not None
        self.namespace = {"__name__": "__notebook__"} if namespace is None else namespace
        self.cell_errors = []  # "cell N: ErrorType: message"
        if namespace is None:
            self._run()

    # ----------------------------------------------------------------- loading

    @staticmethod
    def _code(cell):
        """The cell's source without IPython magics and shell escapes (None: skip the cell)."""
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        if source.lstrip().startswith("%%"):
            return None  # a cell magic: not Python
        return "\n".join("pass  # " + line if line.lstrip().startswith(("%", "!")) else line
                         for line in source.splitlines())

    @staticmethod
    def _is_test_cell(cell):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        return meta.get("grade", False) and not meta.get("solution", False)

    def _run(self):
        try:
            with open(self.path, encoding="utf-8") as file:
                cells = json.load(file)["cells"]
        except (OSError, ValueError, KeyError) as error:
            pytest.fail(_("Could not read the notebook {notebook}: {error}").format(notebook=self.path.name, error=error),
                        pytrace=False)
        for number, cell in enumerate(cells, start=1):
            if cell.get("cell_type") != "code" or self._is_test_cell(cell):
                continue
            source = self._code(cell)
            if source is None:
                continue
            try:
                with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings(), time_limit(CELL_SECONDS):
                    warnings.simplefilter("ignore")  # the notebook's prints and warnings are not test output
                    exec(compile(source, self._cell_name(number), "exec"), self.namespace)  # noqa: S102 - the notebook is the code under test
            except BaseException as error:  # noqa: B036 - one bad cell must not stop the others
                if isinstance(error, KeyboardInterrupt):
                    raise
                first_line = next((line for line in source.splitlines() if line.strip()), "")[:40]
                self.cell_errors.append(_("cell {number} ({first_line} ...) raised {error}: {message}").format(
                    number=number, first_line=first_line.strip(), error=type(error).__name__, message=error))
            finally:
                self._close_figures()

    def _cell_name(self, number):
        return f"<{self.path.name} cell {number}>"

    @staticmethod
    def _close_figures():
        import sys
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")

    # ----------------------------------------------------------------- the student's functions

    def fn(self, name):
        """The notebook's function `name`, wrapped so that errors become clear failures."""
        function = self.namespace.get(name)
        if function is None:
            if self.in_kernel:
                pytest.fail(_("`{name}` is not defined in your kernel. Run the cell that defines it first; did you "
                              "rename it?").format(name=name), pytrace=False)
            errors = "; ".join(self.cell_errors) or _("no cell raised an error")
            pytest.fail(_("`{name}` is not defined in {notebook}. Run the cell that defines it; did you rename it? "
                          "Errors while running the notebook: {errors}").format(name=name, notebook=self.path.name,
                                                                                errors=errors), pytrace=False)
        if not callable(function):
            pytest.fail(_("`{name}` in {notebook} is a {type}, not a function").format(
                name=name, notebook=self.path.name, type=type(function).__name__), pytrace=False)

        def call(*args, **kwargs):
            try:
                with time_limit(CALL_SECONDS):
                    return function(*args, **kwargs)
            except NotImplementedError:
                failure = stub_message(name)
            except TookTooLong:
                failure = _("{call} did not finish within {seconds} s: an endless loop?").format(
                    call=describe_call(name, args, kwargs), seconds=CALL_SECONDS)
            except Exception as error:  # noqa: BLE001 - any error in student code becomes a failure
                failure = _("{call} raised {error}: {message}").format(
                    call=describe_call(name, args, kwargs), error=type(error).__name__, message=error) + \
                    f"\n{self._student_traceback(error)}"
            pytest.fail(failure.rstrip(), pytrace=False)  # outside `except`: no chained traceback

        call.__name__ = name
        return call

    def expect_raises(self, name, exception, *args, **kwargs):
        """Fail unless calling the notebook's `name(*args, **kwargs)` raises `exception`."""
        self.fn(name)  # clear failure if it is missing
        shown = describe_call(name, args, kwargs)
        try:
            self.namespace[name](*args, **kwargs)
        except exception:
            return
        except NotImplementedError:
            failure = stub_message(name)
        except Exception as error:  # noqa: BLE001 - any other error is the wrong one
            failure = _("{call} should raise {expected}, but it raised {error}: {message}").format(
                call=shown, expected=exception.__name__, error=type(error).__name__, message=error)
        else:
            failure = _("{call} should raise {expected}, but it returned normally.").format(
                call=shown, expected=exception.__name__)
        pytest.fail(failure, pytrace=False)

    def _student_traceback(self, error):
        """Only the frames in the notebook's cells: where in their code it went wrong."""
        frames = [frame for frame in traceback.extract_tb(error.__traceback__)
                  if frame.filename.startswith(f"<{self.path.name} cell") or "ipykernel_" in frame.filename]
        return "".join(traceback.format_list(frames)).rstrip()

    # ----------------------------------------------------------------- comparisons

    @staticmethod
    def expect_close(got, expected, *, call, what=None, rtol=1e-6, atol=1e-9):
        """Fail unless `got` has the shape of `expected` and its values are close."""
        what = what or _("the result")
        expected = np.asarray(expected, dtype=float)
        try:
            value = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            pytest.fail(_("{call}: {what} should be a number or an array of numbers like {expected}, but it is "
                          "{got}").format(call=call, what=what, expected=show(expected), got=repr(got)), pytrace=False)
        if value.shape != expected.shape:
            pytest.fail(_("{call}: {what} should have shape {expected_shape}, but it has shape {shape}: {got} "
                          "(expected {expected})").format(call=call, what=what, expected_shape=expected.shape,
                                                          shape=value.shape, got=show(value),
                                                          expected=show(expected)), pytrace=False)
        if not np.allclose(value, expected, rtol=rtol, atol=atol, equal_nan=True):
            pytest.fail(_("{call}: {what} is {got} but the expected value is {expected}.").format(
                call=call, what=what, got=show(value), expected=show(expected)), pytrace=False)

    @staticmethod
    def expect_equal(got, expected, *, call, what=None):
        """Fail unless `got == expected` (ints, strings, bools)."""
        if isinstance(got, np.generic):
            got = got.item()
        if got != expected or type(got) is bool and type(expected) is not bool:
            pytest.fail(_("{call}: {what} is {got} but the expected value is {expected}.").format(
                call=call, what=what or _("the result"), got=repr(got), expected=repr(expected)), pytrace=False)

    @staticmethod
    def expect_unchanged(before, after, *, call, argument):
        """Fail if an argument was modified in place."""
        if not np.array_equal(np.asarray(before), np.asarray(after)):
            pytest.fail(_("{call} changed its argument `{argument}` in place (from {before} to {after}); work on a "
                          "copy, e.g. `{argument} = {argument} - ...` instead of `{argument} -= ...`.").format(
                              call=call, argument=argument, before=show(before), after=show(after)), pytrace=False)


def show(value):
    """A short readable form of a number or an array."""
    if isinstance(value, np.ndarray) or isinstance(value, (list, tuple)) and not isinstance(value, str):
        array = np.asarray(value)
        if array.dtype.kind in "fiub":
            return np.array2string(array, precision=10, threshold=12, separator=", ")
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    return repr(value)


def stub_message(name):
    """What a student reads when `name` still raises NotImplementedError."""
    return _("`{name}` is still the stub: replace `raise NotImplementedError()` with your code.").format(name=name)


def describe_call(name, args, kwargs):
    """`name(arg, ..., key=value)` with functions shown by their names."""
    def one(value):
        if callable(value):
            return getattr(value, "__name__", _("a function"))
        return show(value)
    parts = [one(a) for a in args] + [f"{k}={one(v)}" for k, v in kwargs.items()]
    return f"{name}({', '.join(parts)})"


_NOTEBOOKS = {}


@pytest.fixture(scope="module")
def nb(request):
    """The notebook this test file checks: `test_<ID>.py` checks `<ID>.ipynb` in the same folder
    (or, from a test cell, the functions of the kernel running it)."""
    test_file = Path(request.module.__file__)
    path = test_file.with_name(test_file.stem[len("test_"):] + ".ipynb")
    kernel_namespace = getattr(request.config, "kernel_namespace", None)
    if kernel_namespace is not None:
        return Notebook(path, namespace=kernel_namespace)
    if not path.exists():
        pytest.fail(_("{notebook} not found next to {tests}: keep your notebook in this folder under its original "
                      "name.").format(notebook=path.name, tests=test_file.name), pytrace=False)
    if path not in _NOTEBOOKS:
        _NOTEBOOKS[path] = Notebook(path)
    return _NOTEBOOKS[path]


def pytest_terminal_summary(terminalreporter):
    if getattr(terminalreporter.config, "kernel_namespace", None) is None:  # a test cell says it itself
        terminalreporter.write_sep("-", _("note"))
        terminalreporter.write_line(HIDDEN_CHECKS_NOTE)


class _KernelNamespace:
    """A pytest plugin that hands the `nb` fixture a Jupyter kernel's globals."""

    def __init__(self, namespace):
        self.namespace = namespace

        self.passed, self.failed = 0, []

    def pytest_configure(self, config):
        config.kernel_namespace = self.namespace

    def pytest_runtest_logreport(self, report):
        self.passed += report.when == "call" and report.passed
        if report.failed:
            self.failed.append((report.nodeid.split("::", 1)[-1], report.longreprtext.strip()))


@contextlib.contextmanager
def _no_plugin_autoload():
    """The checks need no installed pytest plugin, and loading them all makes a test cell slow (seconds)."""
    saved = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    try:
        yield
    finally:
        if saved is None:
            del os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"]
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = saved


def _wrapped(failure):
    """A one-line failure message wrapped to fit nbgrader's Validate; a traceback's last lines as they are."""
    lines = failure.splitlines()
    return textwrap.fill(failure, 76) if len(lines) == 1 else "\n".join(lines[-30:])


def run_public_checks(namespace, *tests):
    """Run the public checks `tests` (names in `test_<ID>.py` beside this file) on the functions in
    `namespace`, a notebook kernel's `globals()`: what the notebook's test cells call.

    It is `pytest` itself, so a test cell passes exactly when `pytest` in this folder passes those
    checks; a failure raises AssertionError, which nbgrader's Validate and autograde count as failed.
    """
    folder = Path(__file__).resolve().parent
    test_file = next(folder.glob("test_*.py"), None)
    if test_file is None:
        raise AssertionError(_("No public checks (test_<ID>.py) next to {conftest} in {folder}: keep the files of "
                               "the assignment folder together.").format(conftest=Path(__file__).name, folder=folder))
    arguments = ["--capture=sys", "-p", "no:cacheprovider", "-p", "no:faulthandler",
                 "--rootdir", str(folder), *[f"{test_file}::{test}" for test in tests]]
    kernel, report = _KernelNamespace(namespace), io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(report), contextlib.redirect_stderr(report), \
            _no_plugin_autoload():
        code = pytest.main(arguments, plugins=[kernel])  # its report: what fails is in the error below
    if code != 0:
        # the failures in the error itself: nbgrader's Validate shows the error, not the cell's output
        failures = [f"{test}:\n{textwrap.indent(_wrapped(text), '    ')}" for test, text in kernel.failed]
        raise AssertionError("\n".join([
            ngettext("{count} public check failed:", "{count} public checks failed:", len(kernel.failed)).format(
                count=len(kernel.failed)) if failures else
            _("The public checks could not run (pytest exit code {code}):").format(code=int(code))
            + f"\n{report.getvalue().strip()[-2000:]}", *failures]))
    print(ngettext("{count} public check passed.", "{count} public checks passed.", kernel.passed).format(
        count=kernel.passed), HIDDEN_CHECKS_NOTE)
