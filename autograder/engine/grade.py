"""Grade submission files: load -> sandbox -> hidden checks under pytest -> one record each.

``python -m autograder grade --assignment ID [--json OUT] [--jobs N] PATH...`` calls
:func:`run`. Each grader worker keeps one warm :class:`~autograder.engine.sandbox.Zygote` and,
per submission, starts a sandbox and runs the checks of ``autograder/checks/<ID>/hidden.py``
in the worker itself with a :class:`~autograder.engine.plugin.GradingPlugin`. pytest's start-up
and collection cost more than the checks themselves, so each worker keeps one
:class:`CheckSession` per assignment: the checks collected once, then pytest's own test
protocol run on them for each submission.

:func:`run_checks` runs the checks against any backend of ``autograder.engine.student``.
"""

import ast
import concurrent.futures
import functools
import gc
import hashlib
import multiprocessing
import multiprocessing.util
import os
import signal
import sys
import time
from pathlib import Path

import _pytest.config
import pytest
from tqdm import tqdm

from autograder.engine import diagnosis, report
from autograder.engine.checking import SandboxCrashed, StudentTimeout
from autograder.engine.i18n import _
from autograder.engine.load import SubmissionError, load_submission
from autograder.engine.plugin import GradingPlugin
from autograder.engine.sandbox import Limits, Sandbox, Zygote, die_with_parent
from autograder.engine.sandbox_side import CHECKS
from autograder.engine.student import SandboxBackend, Student, UnreadableBackend

RELEASES = CHECKS.parent.parent / "assignments"  # the built notebooks students get (python -m autograder build)

# Plugins the grader does not use are off (the unraisable-exception plugin alone spends
# seconds in gc per run), the project's pytest configuration is ignored (-c /dev/null), and
# nothing is printed or captured (no capture plugin). The checks use no marks, no skip or xfail and
# no fixture but their own, so the plugins of those are off too: each ran hooks in every phase of
# every check (a sixth of the grader's time on a correct submission of 05).
UNUSED_PLUGINS = ("cacheprovider", "terminal", "warnings", "logging", "doctest", "junitxml", "pastebin",
                  "stepwise", "unraisableexception", "threadexception", "faulthandler", "capture", "skipping",
                  "unittest", "subtests", "setuponly", "setupplan", "debugging", "tmpdir", "legacypath",
                  "monkeypatch", "recwarn")
PYTEST_ARGS = [*(arg for name in UNUSED_PLUGINS for arg in ("-p", f"no:{name}")),
               "--disable-plugin-autoload", "--import-mode=importlib", "-o", "addopts=",
               f"--rootdir={CHECKS}", "-c", os.devnull]

def run(args):
    """The ``grade`` command. Exit code 0 when grading ran, whatever the scores."""
    stop_on_signals()
    if not args.paths:
        print(_("autograder grade: give submission files to grade (PATH...)"), file=sys.stderr)
        return 2
    if not checks_file(args.assignment).exists():
        print(_("autograder grade: no hidden checks for assignment {assignment}").format(
            assignment=repr(args.assignment)), file=sys.stderr)
        return 2
    results = grade_files(args.assignment, args.paths, jobs=args.jobs, limits=Limits.from_environment())
    isolation = {result["_notes"]["isolation"] for result in results if result["_notes"].get("isolation")}
    for description in sorted(isolation):
        print(_("sandbox isolation: {description}").format(description=description), file=sys.stderr)
    print(report.table(args.assignment, results))
    if args.json:
        report.write_json(args.json, args.assignment, results)
    return 0


def checks_file(assignment_id):
    """The hidden checks of ``assignment_id``: ``autograder/checks/<ID>/hidden.py``."""
    return CHECKS / assignment_id / "hidden.py"


def stop_on_signals():
    """SIGTERM and Ctrl-C end the grader at once, whatever it is doing.

    Nothing it started outlives it: workers, sandbox parents and sandboxes each die with
    their parent (``sandbox.die_with_parent`` and the chain in ``autograder.engine.sandbox``), also
    after ``kill -9``, which no handler sees. Workers ignore Ctrl-C, so a check interrupted
    half-way is never reported as a result; in course mode every finished result is saved
    already, and the same command resumes.
    """
    grader = os.getpid()

    def stop(signum, frame):
        if os.getpid() == grader:  # a worker forked before its own handlers are set inherits this one
            os.write(2, ("\n" + _("autograder grade: stopped ({signal}); the results finished so far are kept and "
                                  "the same command resumes").format(signal=signal.Signals(signum).name) + "\n").encode())
        os._exit(128 + signum)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, stop)


def submission_seed(identity):
    """A stable seed from a submission's identity (file stem or student id): same student, same inputs."""
    return int.from_bytes(hashlib.sha256(identity.encode()).digest()[:8], "big")


def run_checks(assignment_id, backend, seed, functions=None):
    """Run the hidden checks of ``assignment_id`` against ``backend``: one record per check.

    ``functions`` (names of graded functions) runs only their checks, e.g. in the hidden
    test cell of one function.
    """
    if assignment_id not in _sessions:
        _sessions[assignment_id] = CheckSession(checks_file(assignment_id))
        # What is alive now (modules, pytest, the collected checks) lives as long as this process: out of the
        # collector's way, which otherwise visits all of it in every full collection (50 ms a submission of 02)
        gc.collect()
        gc.freeze()
    plugin = GradingPlugin(assignment_id, Student(backend), seed, functions)
    try:
        return _sessions[assignment_id].run(plugin)
    except BaseException:  # the session may be half torn down: the next submission starts a new one
        _sessions.pop(assignment_id).close()
        raise


class CheckSession:
    """A pytest session on one check file, collected once, that runs its checks for many submissions.

    It is what ``pytest.main`` does (configure, start the session, collect, then pytest's
    ``pytest_runtest_protocol`` for each item), with the run step repeated: per submission a fresh
    :class:`~autograder.engine.plugin.GradingPlugin` is registered (pytest calls its ``pytest_configure``
    then, as for any late plugin), the items run in collection order with their setup, call and
    teardown, the last one tearing down every fixture, and the plugin is unregistered. So the
    records are those of a ``pytest.main`` run per submission, without pytest's start-up and
    collection each time (about two thirds of the grader's time on a submission).
    """

    def __init__(self, check_file):
        self.config = _pytest.config._prepareconfig([*PYTEST_ARGS, str(check_file)], [])
        self.config._do_configure()
        self.session = pytest.Session.from_config(self.config)
        self.config.hook.pytest_sessionstart(session=self.session)
        self.items = self.session.perform_collect()
        if self.session.testsfailed:
            self.close()
            raise RuntimeError(f"the hidden checks in {check_file} could not be collected")

    def run(self, plugin):
        """``plugin.records`` after running every check ``plugin`` keeps (see its collection hook)."""
        manager = self.config.pluginmanager
        manager.register(plugin)
        try:
            items = list(self.items)
            plugin.pytest_collection_modifyitems(self.config, items)
            for item, nextitem in zip(items, [*items[1:], None]):
                self.config.hook.pytest_runtest_protocol(item=item, nextitem=nextitem)
        finally:
            manager.unregister(plugin)
        return plugin.records

    def close(self):
        self.config.hook.pytest_sessionfinish(session=self.session, exitstatus=pytest.ExitCode.OK)
        self.config._ensure_unconfigure()


_sessions = {}  # {assignment: CheckSession} of this process

def grade_files(assignment_id, paths, jobs=None, limits=Limits()):
    """Grade each file in ``paths`` (in that order) with ``jobs`` workers and a progress bar."""
    paths = [str(path) for path in paths]
    # the folders that hold submissions (not where a link points: the loader refuses links out of them)
    hide = tuple(sorted({str(Path(path).parent.resolve()) for path in paths}))
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(paths)))
    results = [None] * len(paths)
    if jobs == 1:
        with _progress(assignment_id, len(paths)) as progress:
            for index, path in enumerate(paths):
                results[index] = _grade_or_report(assignment_id, path, hide, limits)
                progress.update()
        return results
    # Workers are forked from this process, which has the grader's modules imported already
    # (a fresh interpreter per worker costs a second or more); all of them start at the first
    # submit, before the progress bar starts its thread.
    with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                                initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        futures = {pool.submit(_grade_or_report, assignment_id, path, hide, limits): index
                   for index, path in enumerate(paths)}
        with _progress(assignment_id, len(paths)) as progress:
            for future in concurrent.futures.as_completed(futures):
                results[futures[future]] = future.result()
                progress.update()
    return results


def _progress(assignment_id, total):
    """A tqdm progress bar on stderr (shown on a terminal only)."""
    return tqdm(total=total, desc=_("grading {assignment}").format(assignment=assignment_id), unit=_("submission"), file=sys.stderr, disable=None)


def _grade_or_report(assignment_id, path, hide, limits):
    """grade_path, with a failure of the grader itself recorded as that submission's error."""
    try:
        return grade_path(assignment_id, path, hide, limits)
    except Exception as error:  # one file must not stop the batch
        reason = _("the grader failed on this submission: {error}: {reason}").format(error=type(error).__name__,
                                                                                     reason=error)
        return unreadablesubmission_record(assignment_id, path, reason, submission_seed(Path(path).stem))


_zygote = None


def warm_zygote(hide, limits, modules=None):
    """This worker's zygote, started on first use (hiding ``hide``, with ``modules`` imported: any when None) or
    after it died; stopped at exit."""
    global _zygote
    if _zygote is not None and (_zygote.hide != hide or modules is not None and _zygote.modules != tuple(modules)
                                or _zygote.process.poll() is not None):
        _zygote.close()
        _zygote = None
    if _zygote is None:
        _zygote = Zygote.best_available(hide, processes=limits.processes, modules=modules or ())
        # multiprocessing's exit hook also runs in pool workers, which skip atexit
        multiprocessing.util.Finalize(None, _zygote.close, exitpriority=10)
    return _zygote


@functools.cache
def release_imports(assignment_id):
    """The modules that the cells of the released notebook of ``assignment_id`` run in the sandbox import at their
    top level (``sklearn.datasets``, ``matplotlib.pyplot``): the zygote imports them for every submission. Empty
    when the notebook is not built."""
    try:
        cells = load_submission(RELEASES / assignment_id / f"{assignment_id}.ipynb").cells
    except SubmissionError:
        return ()
    names = []
    for cell in cells:
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                names.extend(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.append(node.module)
    return tuple(dict.fromkeys(names))


def grade_path(assignment_id, path, hide=(), limits=Limits(), identity=None):
    """The record of one submission file (see DESIGN.md); private notes under ``_notes``.

    ``identity`` (a student id) seeds the random inputs; by default the file's stem.
    """
    started = time.perf_counter()
    seed = submission_seed(identity or Path(path).stem)
    try:
        submission = load_submission(path)
    except SubmissionError as error:
        return unreadablesubmission_record(assignment_id, path, str(error), seed, started)
    # a notebook imports what the release imports (08: scikit-learn, 1.7 s), a module file its own: a zygote holding
    # them makes each start dearer (08: 15 -> 35 ms), so it holds them for notebooks only
    zygote = warm_zygote(hide, limits, release_imports(assignment_id) if Path(path).suffix == ".ipynb" else None)
    box = Sandbox(zygote, submission, limits)
    try:
        try:
            box.start()
        except (SandboxCrashed, StudentTimeout):
            pass  # every check will report it
        records = run_checks(assignment_id, SandboxBackend(box), seed)
    finally:
        box.close()
    return submission_record(path, records, None, {"seconds": time.perf_counter() - started,
                                         "isolation": zygote.isolation["description"],
                                         "cell_errors": box.cell_errors, "output": box.output})


def unreadablesubmission_record(assignment_id, path, reason, seed, started=None):
    """The record of a submission that could not be graded: every check, 0 points, ``reason``."""
    records = run_checks(assignment_id, UnreadableBackend(reason), seed)
    notes = {"seconds": time.perf_counter() - started} if started is not None else {}
    return submission_record(path, records, reason, notes)


def submission_record(path, records, error, notes):
    score = 0.0 if error else round(sum(record["score"] for record in records), 6)
    return {"submission": str(path), "score": score,
            "max_score": round(sum(record["max_score"] for record in records), 6),
            "error": error, "tests": records, "functions": diagnosis.function_summaries(records), "_notes": notes}
