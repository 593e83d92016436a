"""The grading engine stage by stage: wire, load, checking messages, sandbox, backends, reports."""

import csv
import fnmatch
import functools
import importlib
import json
import os
import pickle
import statistics
import time
from pathlib import Path

import numpy as np
import pytest

from autograder.checks import checklib
from autograder.engine import grade, report, sandbox_side, wire
from autograder.engine.checking import (CheckFailed, NotDefined, StudentError, StudentTimeout, expect_close,
                                 expect_equal, expect_unchanged)
from autograder.engine.load import Cell, Submission, SubmissionError, load_submission, strip_magics
from autograder.engine.sandbox import Limits, Sandbox, Zygote
from autograder.engine.student import InProcessBackend, SandboxBackend, Student

SUBMISSIONS = Path(__file__).resolve().parent / "submissions" / "01_gradient_descent"
ASSIGNMENT = "01_gradient_descent"
problems = importlib.import_module("autograder.checks.02_numerical_gradient.problems")


# ----------------------------------------------------------------------------- wire

def roundtrip(value):
    return wire.loads(wire.encode(value))


def test_wire_keeps_plain_data_and_its_types():
    value = {"w": np.arange(6, dtype=np.float32).reshape(2, 3), "t": (1, 2.5, None, True, "é"),
             "l": [np.int64(3), np.float64(np.nan), np.array([], dtype=np.uint8)], 7: {"nested": [[1], (2,)]},
             "big": 2**80, "inf": float("-inf"), "flags": np.array([True, False]), "c": np.complex128(1 + 2j)}
    got = roundtrip(value)
    assert got.keys() == value.keys()
    assert got["w"].dtype == np.float32 and np.array_equal(got["w"], value["w"])
    assert got["t"] == value["t"] and isinstance(got["t"], tuple)
    assert type(got["l"][0]) is np.int64 and np.isnan(got["l"][1]) and got["l"][2].dtype == np.uint8
    assert got[7] == {"nested": [[1], (2,)]} and got["big"] == 2**80 and got["inf"] == float("-inf")
    assert got["flags"].dtype == bool and got["c"] == 1 + 2j


def test_wire_sends_plain_values_of_subclasses_and_refuses_other_objects():
    class Sneaky(float):
        def __eq__(self, other):
            return True
    got = roundtrip([Sneaky(1.5), np.ma.masked_array([1.0, 2.0])])
    assert type(got[0]) is float and type(got[1]) is np.ndarray
    for value in (object(), np.array([object()]), np.array(["text"]), lambda: 0, {(1, 2): 3}.keys()):
        with pytest.raises(wire.WireError):
            wire.encode(value)


def test_wire_sends_callables_by_name_only_towards_the_sandbox():
    message = wire.encode([problems.sphere, functools.partial(problems.quadratic, scales=(1.0, 4.0)),
                           wire.StudentFunction("adam")])
    with pytest.raises(wire.WireError):
        wire.loads(message)  # the grader's side refuses callables
    def resolve(kind, name):
        return lambda: (kind, name)
    resolved = wire.loads(message, resolve=resolve)
    assert resolved[0]() == ("f", f"{problems.__name__}:sphere") and resolved[2]() == ("n", "adam")
    assert resolved[1].func() == ("f", f"{problems.__name__}:quadratic")
    assert resolved[1].keywords == {"scales": (1.0, 4.0)}
    for function in (np.sum, problems._point):  # not a function of a sandbox-side module; a private one
        with pytest.raises(wire.WireError):
            wire.encode(function)


@pytest.mark.parametrize("message", [
    b"", b"garbage", pickle.dumps({"score": 10}), wire.FRAME.pack(b"AGW1", 2**31, 0),
    wire.FRAME.pack(b"AGW1", 13, 0) + b'{"x": "os.system"}'[:13],
    wire.FRAME.pack(b"AGW1", 32, 8) + b'{"a":["<f8",[1000],0,8000]}     ' + bytes(8),
    wire.FRAME.pack(b"AGW1", 24, 8) + b'{"a":["|O8",[1],0,8]}   ' + bytes(8),
    wire.FRAME.pack(b"AGW1", 7, 0) + b'{"f":1}',
    wire.FRAME.pack(b"AGW1", 20000, 0) + b"[" * 10000 + b"]" * 10000,
])
def test_wire_rejects_malformed_messages_and_never_unpickles(message):
    with pytest.raises(wire.WireError):
        wire.loads(message)


def frame(tree, raw=b""):
    header = json.dumps(tree, separators=(",", ":")).encode()
    return wire.FRAME.pack(wire.MAGIC, len(header), len(raw)) + header + raw


def test_wire_budget_refuses_bytes_decoded_twice_too_many_values_and_depth():
    entry = {"a": ["<f8", [2**17], 0, 2**20]}
    with pytest.raises(wire.WireBudgetExceeded, match="the same bytes decoded twice"):
        wire.loads(frame({"l": [entry] * 3}, bytes(2**20)))  # 3 MiB asked for from 1 MiB sent
    with pytest.raises(wire.WireError, match="bytes no array uses"):
        wire.loads(frame({"l": []}, bytes(8)))
    with pytest.raises(wire.WireBudgetExceeded, match="more than 200,000 values"):
        wire.loads(frame({"l": list(range(200_001))}))
    with pytest.raises(wire.WireBudgetExceeded, match="more than 200,000 values"):
        text = b"[" + b"[]," * 600_000 + b"[]]"  # refused before json builds 600,001 lists
        wire.loads(wire.FRAME.pack(wire.MAGIC, len(text), 0) + text)
    nested = 0
    for _ in range(70):
        nested = {"l": [nested]}
    with pytest.raises(wire.WireBudgetExceeded, match="nested more than 64 deep"):
        wire.loads(frame(nested))


def test_wire_budget_refuses_a_large_frame_before_reading_its_body():
    import socket
    ours, theirs = socket.socketpair()
    try:
        theirs.sendall(wire.FRAME.pack(wire.MAGIC, 17 * 2**20, 2**20))  # the body never comes
        with pytest.raises(wire.WireBudgetExceeded, match="17 MB of structure, more than the 2 MB accepted"):
            wire.receive(ours, deadline=time.monotonic() + 5)
        theirs.sendall(wire.FRAME.pack(wire.MAGIC, 10, 33 * 2**20))
        with pytest.raises(wire.WireBudgetExceeded, match="33 MB of array data, more than the 32 MB accepted"):
            wire.receive(ours, deadline=time.monotonic() + 5)
    finally:
        ours.close()
        theirs.close()


def test_wire_budget_fits_the_largest_honest_results_with_room():
    history = [np.float64(x) for x in np.linspace(3.0, -5.0, 10_001)]  # gradient_descent_1d, max_iters
    params = {f"W{i}": np.ones((256, 256)) for i in range(1, 9)}         # a network much larger than 08's
    got = roundtrip({"history": history, "params": params, "loss": list(np.ones(1000))})
    assert len(got["history"]) == 10_001 and got["params"]["W8"].shape == (256, 256)


def test_a_result_over_budget_fails_that_call_with_a_clear_message():
    student = Student(InProcessBackend({"np": np, "big": lambda: np.zeros(5 * 2**20), "small": lambda: 1}))
    with pytest.raises(StudentError, match=r"big\(\) returned more data than the grader reads from one call "
                                           r"\(40 MB of array data, more than the 32 MB accepted\)"):
        student.big()
    assert student.small() == 1


def test_sealed_copies_do_not_see_later_patches():
    from autograder.engine import sandbox, seal
    drivers = importlib.import_module("autograder.checks.07_autograd.drivers")
    copies = seal.sealed([wire, sandbox_side, drivers, sandbox])
    sealed_wire, sealed_sandbox = copies["autograder.engine.wire"], copies["autograder.engine.sandbox"]
    sealed_side, sealed_drivers = copies["autograder.engine.sandbox_side"], copies[drivers.__name__]
    assert sealed_sandbox.wire is sealed_wire and sealed_sandbox.sandbox_side is sealed_side
    assert sealed_drivers.value_graph.__globals__["defined"] is sealed_side.defined
    assert issubclass(sealed_wire.WireBudgetExceeded, sealed_wire.WireError)
    original = wire.encode
    try:
        wire.encode = lambda value: b"forged"
        np.asarray, real_asarray = (lambda *a, **k: "forged"), np.asarray
        try:
            assert sealed_wire.loads(sealed_wire.encode([np.ones(2)]))[0].tolist() == [1.0, 1.0]
            answered = sealed_sandbox.answer({"op": "call", "name": "f", "args": [np.ones(2)], "kwargs": {},
                                              "return_args": True}, {"f": lambda x: x.__setitem__(0, 5.0)})
        finally:
            np.asarray = real_asarray
    finally:
        wire.encode = original
    assert answered["args"][0].tolist() == [5.0, 1.0] and answered["result"] is None


def test_a_check_cannot_make_the_grader_allocate_gigabytes():
    from autograder.engine.plugin import memory_cap
    with memory_cap(256 * 2**20):
        with pytest.raises(MemoryError):
            np.empty(2**30, dtype=np.uint8)  # 1 GiB of address space (never touched)
        assert np.ones(1000).sum() == 1000
    assert np.empty(2**30, dtype=np.uint8).nbytes == 2**30  # the cap is lifted afterwards


# ----------------------------------------------------------------------------- load

def test_load_removes_magics_and_shell_escapes_keeping_line_numbers():
    source = "%matplotlib inline\nimport numpy as np\nfor i in range(2):\n    !ls\nfiles = !ls\ny = 7 % 3"
    assert strip_magics(source).splitlines() == ["pass", "import numpy as np", "for i in range(2):", "    pass",
                                                 "pass", "y = 7 % 3"]
    assert strip_magics("%%time\nnot python") == ""


def test_load_notebook_code_cells_in_order_and_py_as_one_module():
    notebook = load_submission(SUBMISSIONS / "correct.ipynb")
    assert [cell.number for cell in notebook.cells] == [2, 3, 4, 5, 6, 7, 8, 9]
    assert notebook.module_name == "__main__" and "%" not in notebook.cells[0].source
    module = load_submission(SUBMISSIONS / "values.py")
    assert len(module.cells) == 1 and module.module_name == "submission"


def test_load_skips_test_cells_and_read_only_demos_only(tmp_path):
    import nbformat

    def cell(source, **metadata):
        return nbformat.v4.new_code_cell(source, metadata=metadata)

    locked = {"grade": False, "solution": False, "locked": True, "grade_id": "demo", "schema_version": 3}
    notebook = nbformat.v4.new_notebook(cells=[
        cell("def f():\n    return 1"),
        cell("assert f() == 2", nbgrader={"grade": True, "solution": False, "locked": True, "points": 1,
                                          "grade_id": "test_f", "schema_version": 3}),
        cell("lab = train_for_a_minute()", course={"demo": True}, nbgrader=locked),
        cell("unlocked = 'a demo a student can edit still runs'", course={"demo": True}),
        cell("def g():\n    return 2", nbgrader={**locked, "grade_id": "provided_g"}),  # provided code runs
    ])
    path = tmp_path / "student.ipynb"
    nbformat.write(notebook, path)
    assert [c.number for c in load_submission(path).cells] == [1, 4, 5]


@pytest.mark.parametrize("name, reason", [("broken.ipynb", "not a readable notebook"), ("empty.ipynb", "empty"),
                                          ("binary.py", "not UTF-8"), ("notes.txt", "expected a .ipynb or .py")])
def test_load_unreadable_files(name, reason):
    with pytest.raises(SubmissionError, match=reason):
        load_submission(SUBMISSIONS / name)


# ----------------------------------------------------------------------------- checking

def test_expect_close_messages_name_the_call_the_values_and_the_mistake():
    expect_close(np.array([1.0, np.nan]), [1.0 + 1e-9, np.nan], call="f()")
    with pytest.raises(CheckFailed) as failure:
        expect_close([0.9, -1.9], np.array([0.999, -1.999]), call="adam(w, dw)",
                     mistakes={"no bias correction": np.array([0.9, -1.9])})
    message = str(failure.value)
    assert message.startswith("adam(w, dw) returned [0.9, -1.9] but the expected result is")
    assert failure.value.finding.sentence == "This is what you get with no bias correction."
    assert "bias" not in message  # the diagnosis goes to the function's verdict, read once
    assert "1e-06" not in message and "rtol" not in message
    with pytest.raises(CheckFailed, match=r"shape \(1,\) where a single number is expected"):
        expect_close(np.array([1.0]), 1.0, call="f()")
    with pytest.raises(CheckFailed, match="None where a tuple of 2 values is expected"):
        expect_close(None, (np.zeros(2), {}), call="f()")
    # a position in a returned tuple or dict in words, not in Python's syntax ("(at [1]['velocity'])")
    with pytest.raises(CheckFailed, match=r"^In what sgd_momentum\(w, dw\) returned, velocity of the second value "
                                          r"returned \(config\) is array\(\[1\., 1\.\]\) where"):
        checklib.expect_close((np.zeros(2), {"velocity": np.ones(2)}), (np.zeros(2), {"velocity": np.zeros(2)}),
                              call="sgd_momentum(w, dw)", function="sgd_momentum")
    with pytest.raises(CheckFailed, match=r"^In what f\(\) returned, W3 of the returned dict is"):
        expect_close({"W3": np.ones(2)}, {"W3": np.zeros(2)}, call="f()")
    with pytest.raises(CheckFailed, match=r"returned, the third value returned is \[1\.0, 5\.0\] where"):
        expect_close((1.0, 2.0, [1.0, 5.0]), (1.0, 2.0, [1.0, 2.0]), call="f()")
    with pytest.raises(CheckFailed, match="not finite"):
        expect_close(np.array([np.inf]), np.array([1.0]), call="f()")


def test_a_call_is_written_out_only_when_a_message_reads_it_and_as_it_was_called():
    from autograder.checks.checklib import call_text as check_call_text
    from autograder.engine.student import call_text

    w, config = np.array([1.0, -2.0]), {"lr": 0.1, "m": np.zeros(2)}
    shown = check_call_text("adam", w, np.array([1, 2]), config, update=wire.StudentFunction("sgd"))
    engine = call_text("f", [w, functools.partial(max, 3)], {"k": [1, 2]})
    w += 5.0  # changed after the call: the message still says what was called
    config["lr"] = 9.0
    assert str(shown) == "adam(np.array([ 1., -2.]), np.array([1, 2]), {'lr': 0.1, 'm': array([0., 0.])}, update=your sgd)"
    assert f"{engine} failed" == "f(array([ 1., -2.]), partial(max, 3), k=[1, 2]) failed"
    assert "list(" + engine + ")" == "list(f(array([ 1., -2.]), partial(max, 3), k=[1, 2]))"
    assert (engine + ": the w").replace("f(", "g(").startswith("g(array")
    with pytest.raises(CheckFailed, match=r"^adam\(np.array\(\[ 1., -2.\]\).* returned 2.0 but the expected"):
        expect_close(2.0, 1.0, call=shown)


def test_a_problem_handed_to_student_code_is_shown_as_what_it_does_never_by_the_graders_name():
    from autograder.engine.student import call_text

    schedules = importlib.import_module("autograder.checks.06_lr_schedules.problems")
    rules = importlib.import_module("autograder.checks.04_momentum.problems")
    gradients = importlib.import_module("autograder.checks.02_numerical_gradient.problems")
    piecewise = functools.partial(schedules.piecewise_lr, boundaries=(3, 6), values=(0.1, 0.05, 0.01))
    assert str(call_text("gd_with_schedule", [schedules.parabola_df, 3.0, piecewise], {})) == (
        "gd_with_schedule(lambda x: 2*(x + 5), 3.0, <a schedule that gives 0.1 before step 3, 0.05 before step 6, "
        "then 0.01>)")
    shown = str(call_text("run_optimizer", [rules.shrink_step, functools.partial(gradients.quadratic_grad,
                                                                                 scales=(1.0, 10.0))], {}))
    assert shown == ("run_optimizer(<an update rule: w - lr*dw, lr = config['learning_rate'] (default 0.1)>, "
                     "lambda x: np.multiply((1.0, 10.0), x))")
    assert "linear_warmup" not in str(call_text("g", [functools.partial(schedules.linear_warmup_lr, lr=0.05)], {}))


def test_a_passing_check_writes_no_call_out_and_a_failing_one_names_what_is_returned(monkeypatch):
    written = []
    value_text = checklib._value_text
    monkeypatch.setattr(checklib, "_value_text", lambda value: written.append(value) or value_text(value))
    reference = vars(importlib.import_module("solutions.04_momentum"))
    records = grade.run_checks("04_momentum", InProcessBackend(reference), 7)
    assert records and all(record["status"] == "passed" for record in records) and written == []
    call = checklib.call_text("sgd", np.ones(2), np.ones(2))
    with pytest.raises(CheckFailed, match=r"the second value returned \(config\)"):
        checklib.expect_close((np.ones(2), {"v": 1.0}), (np.ones(2), {"v": 2.0}), call=call + " once")
    assert written  # the failure's message wrote it out


def test_expect_equal_and_unchanged():
    expect_equal(595, 595, call="n")
    expect_equal("monotone", "monotone", call="c")
    with pytest.raises(CheckFailed):
        expect_equal(595.0000001, 595, call="n")
    with pytest.raises(CheckFailed, match="modified its argument w in place"):
        expect_unchanged(np.ones(2), np.zeros(2), call="sgd(w, dw)", argument="w")


# ----------------------------------------------------------------------------- sandbox and backends

@pytest.fixture(scope="module")
def zygote():
    warm = Zygote(hide=[str(SUBMISSIONS)])
    yield warm
    warm.close()


def submission(source):
    return Submission(Path("inline.py"), [Cell(1, source)], module_name="submission")


def test_sandbox_calls_return_plain_data_and_arguments_after_the_call(zygote):
    box = Sandbox(zygote, submission(
        "import numpy as np\n"
        "def scale(x, factor=2.0):\n    return np.asarray(x) * factor\n"
        "def mutate(w):\n    w[0] = 99.0\n    return None\n"
        "def apply(f, x):\n    return f(np.asarray(x, dtype=float))\n"))
    student = Student(SandboxBackend(box))
    try:
        assert np.array_equal(student.scale([1, 2], factor=3), [3, 6])
        report = student.attempt("mutate", np.array([1.0, 2.0]))
        assert report["result"] is None and report["raised"] is None
        assert np.array_equal(report["args_after"][0], [99.0, 2.0])
        assert student.apply(problems.sphere, [3.0, 4.0]) == 25.0
        assert student.apply(student.fn("scale"), [1.0]) == [2.0]
        with pytest.raises(NotDefined, match="adam is not defined"):
            student.adam(1.0)
    finally:
        box.close()


def test_sandbox_runs_a_submission_larger_than_a_response_may_be(zygote):
    data = "DATA = [" + "0.125, " * 500_000 + "]\n"  # 3.5 MB of code: the budget is for what comes back
    box = Sandbox(zygote, submission(data + "def count():\n    return len(DATA)\n"))
    try:
        assert Student(SandboxBackend(box)).count() == 500_000
    finally:
        box.close()


def test_each_sandbox_draws_its_own_random_numbers(zygote):
    """numpy's and Python's global random states are fresh in every submission's process, as if each had imported
    them itself (the sandbox's warm parent imported both before forking it)."""
    code = ("import random\nimport numpy as np\n"
            "def draws():\n    return [float(np.random.rand()), random.random(), float(np.random.default_rng().random())]\n")
    seen = []
    for _submission in range(3):
        box = Sandbox(zygote, submission(code))
        try:
            seen.append(Student(SandboxBackend(box)).draws())
        finally:
            box.close()
    for source in range(3):
        assert len({draws[source] for draws in seen}) == 3, seen


def test_the_zygote_imports_what_the_release_imports_but_never_the_checks_or_the_solutions():
    """The modules the released notebook imports are imported once, in the sandbox's warm parent, for every
    submission; of those asked for, only the ones installed where submissions import from (the checks and the
    solutions are not, nor a module that is nowhere)."""
    asked = ("wave", "solutions.05_adaptive_optimizers", "autograder.checks.05_adaptive_optimizers.hidden",
             "no_such_module_anywhere")
    warm = Zygote(hide=[str(SUBMISSIONS)], modules=asked)
    box = Sandbox(warm, submission(f"import sys\nLOADED = [name for name in {asked!r} if name in sys.modules]\n"
                                   "def loaded():\n    return LOADED\n"))
    try:
        assert Student(SandboxBackend(box)).loaded() == ["wave"]
    finally:
        box.close()
        warm.close()


def test_sandbox_holds_no_checks_or_solutions_and_cannot_read_the_course(zygote):
    """Of the checks, only the sandbox-side modules (problems.py, drivers.py) and their folders are loaded."""
    box = Sandbox(zygote, submission(
        "import os, sys\n"
        "def secrets():\n"
        "    modules = [name for name, module in sys.modules.items() if ('solution' in name or 'checks' in name\n"
        "               or 'mistakes' in name) and getattr(module, '__file__', None)]\n"
        "    package = sys.modules['autograder'].__path__[0]\n"
        "    hidden = [os.path.exists(os.path.join(package, name)) for name in ('checks', '../solutions')]\n"
        "    shadow = open('/etc/shadow').read() if os.path.exists('/etc/shadow') else ''\n"
        "    return modules, hidden, shadow, sorted(os.listdir('/dev'))\n"))
    try:
        modules, hidden, shadow, devices = Student(SandboxBackend(box)).secrets()
        assert sorted(modules) == list(sandbox_side.module_names()) and (hidden, shadow) == ([False, False], "")
        assert set(devices) <= {"null", "zero", "full", "random", "urandom", "fd", "stdin", "stdout", "stderr", "shm"}
    finally:
        box.close()


def test_sandbox_runs_as_nobody_without_capabilities_and_sees_only_allowed_etc(zygote):
    """Issue 9.1, layer by layer: who the submission is, what it may do, what it sees of /etc."""
    if zygote.isolation["level"] != "namespaces":
        pytest.skip(zygote.isolation["description"])
    box = Sandbox(zygote, submission(
        "import os\n"
        "def identity():\n"
        "    status = dict(line.split(':', 1) for line in open('/proc/self/status'))\n"
        "    read_only = bool(os.statvfs('/proc/sys').f_flag & os.ST_RDONLY)\n"
        "    return os.getuid(), os.getgid(), os.getgroups(), status['CapEff'].strip(), status['CapPrm'].strip(), \\\n"
        "        read_only, sorted(os.listdir('/etc'))\n"))
    try:
        uid, gid, groups, effective, permitted, read_only, etc = Student(SandboxBackend(box)).identity()
    finally:
        box.close()
    assert (uid, gid) == (65534, 65534)
    if zygote.isolation["unprivileged"]:  # the grader's own groups cannot be dropped without privilege
        assert len(groups) <= len(os.getgroups())
    else:
        assert groups == []  # none of root's
    assert int(effective, 16) == int(permitted, 16) == 0
    assert read_only
    from autograder.engine.sandbox import ALLOWED_ETC
    assert [name for name in etc if not any(fnmatch.fnmatch(name, pattern) for pattern in ALLOWED_ETC)] == []
    assert "passwd" in etc and "ld.so.cache" in etc


def test_sandbox_bounds_the_number_of_processes(zygote):
    box = Sandbox(zygote, submission(
        "import os, time\n"
        "def fork_storm():\n"
        "    for count in range(300):\n"
        "        try:\n"
        "            if os.fork() == 0:\n"
        "                time.sleep(60)\n"
        "                os._exit(0)\n"
        "        except OSError:\n"
        "            return count\n"
        "    return count\n"))
    try:
        assert Student(SandboxBackend(box)).fork_storm() <= Limits.processes
    finally:
        box.close()


def test_sandbox_restarts_after_a_timeout_and_reports_cell_errors(zygote):
    box = Sandbox(zygote, Submission(Path("nb.ipynb"), [Cell(2, "def hang():\n    while True:\n        pass"),
                                                          Cell(4, "undefined"), Cell(5, "display(1)\ndef ok():\n    return 1")]),
                  Limits(call_timeout=0.5))
    student = Student(SandboxBackend(box))
    try:
        with pytest.raises(StudentTimeout):
            student.hang()
        assert student.ok() == 1
        assert box.cell_errors == [{"cell": 4, "name": "the cell starting `undefined`",
                                    "error": "NameError: name 'undefined' is not defined (line 1)"}]
        with pytest.raises(NotDefined, match="the cell starting `undefined`: NameError"):
            student.missing()
    finally:
        box.close()


def test_cell_time_limit_holds_whatever_the_child_reports(zygote):
    """A cell that keeps telling the grader a cell has just started (issue 9.5) is stopped after
    the cell limit, not the submission's; a correct function after it still counts."""
    resend = (
        "import gc, socket, time\n"
        "from autograder.engine import wire\n"
        "channel = next(o for o in gc.get_objects() if isinstance(o, socket.socket) and o.fileno() >= 0)\n"
        "while True:\n"
        "    wire.send(channel, {'cell': 1})\n"
        "    time.sleep(0.1)\n")
    box = Sandbox(zygote, Submission(Path("nb.ipynb"), [Cell(1, resend), Cell(2, "def ok():\n    return 1")]),
                  Limits(cell_timeout=1, submission_timeout=60))
    try:
        started = time.monotonic()
        box.start()
        assert time.monotonic() - started < 10
        assert box.cell_errors == [{"cell": 1, "name": "the cell starting `import gc, socket, time`",
                                    "error": "did not finish within 1 s (skipped)"}]
        assert Student(SandboxBackend(box)).ok() == 1
    finally:
        box.close()


def test_sandbox_overhead_is_small(zygote, capsys):
    source = (SUBMISSIONS / "correct.ipynb")
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        box = Sandbox(zygote, load_submission(source))
        box.start()
        box.close()
        timings.append(time.perf_counter() - started)
    with capsys.disabled():
        print(f"\nsandbox start + run cells + stop, small notebook: median {statistics.median(timings) * 1000:.0f} ms, "
              f"best {min(timings) * 1000:.0f} ms")
    assert min(timings) < 0.3  # the best of five: robust to a busy machine


def test_in_process_and_sandbox_backends_give_the_same_records(zygote):
    path = SUBMISSIONS / "nan_shape_slow.py"
    namespace = {"__name__": "submission"}
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    seed = grade.submission_seed(path.stem)
    in_process = grade.run_checks(ASSIGNMENT, InProcessBackend(namespace), seed)
    box = Sandbox(zygote, load_submission(path))
    try:
        sandboxed = grade.run_checks(ASSIGNMENT, SandboxBackend(box), seed)
    finally:
        box.close()
    assert in_process == sandboxed
    assert any(record["status"] == "failed" for record in sandboxed)


def test_driver_that_cannot_find_a_name_means_not_defined():
    batches = importlib.import_module("autograder.checks.03_losses_and_batches.drivers").batches
    student = Student(InProcessBackend({"__name__": "submission"}))
    with pytest.raises(NotDefined, match="minibatches is not defined"):
        student.drive(batches, [[1.0]], [1], 1)
    student = Student(InProcessBackend({"minibatches": lambda *args, **kwargs: [undefined_in_the_submission]}))
    with pytest.raises(StudentError, match="NameError"):  # the submission's own NameError is its error
        student.drive(batches, [[1.0]], [1], 1)
    student = Student(InProcessBackend({"f": lambda: 1 / 0}))
    with pytest.raises(StudentError, match="ZeroDivisionError"):
        student.f()


def test_checks_of_some_functions_only():
    namespace = {"__name__": "submission"}
    exec((SUBMISSIONS / "nan_shape_slow.py").read_text(), namespace)
    records = grade.run_checks(ASSIGNMENT, InProcessBackend(namespace), 1, functions=["update_factor"])
    assert records and {record["function"] for record in records} == {"update_factor"}


def test_grading_is_deterministic_and_seeded_per_student():
    path = SUBMISSIONS / "correct.ipynb"
    first = grade.grade_path(ASSIGNMENT, path, (str(SUBMISSIONS),))
    second = grade.grade_path(ASSIGNMENT, path, (str(SUBMISSIONS),))
    assert report.public(first) == report.public(second)
    other = grade.grade_path(ASSIGNMENT, path, (str(SUBMISSIONS),), identity="another student")
    assert [test["score"] for test in other["tests"]] == [test["score"] for test in first["tests"]]
    assert grade.submission_seed("alice") == grade.submission_seed("alice") != grade.submission_seed("bob")


def test_without_namespaces_the_fallback_still_grades_and_says_so():
    plain = Zygote(isolate=False)
    try:
        assert plain.isolation["level"] == "process" and "process only" in plain.isolation["description"]
        box = Sandbox(plain, submission("def f(x):\n    return x + 1"))
        assert Student(SandboxBackend(box)).f(1) == 2
        box.close()
    finally:
        plain.close()


# ----------------------------------------------------------------------------- reports and CLI

RESULT = {"submission": "a.ipynb", "score": 1.5, "max_score": 3.0, "error": None,
          "tests": [{"name": "f: one", "function": "f", "score": 1.0, "max_score": 1.0, "status": "passed", "output": ""},
                    {"name": "g: one", "function": "g", "score": 0.5, "max_score": 1.0, "status": "passed", "output": ""},
                    {"name": "g: two", "function": "g", "score": 0.0, "max_score": 1.0, "status": "timeout",
                     "output": "g(1) did not finish within 5 seconds."}],
          "_notes": {"cell_errors": [{"cell": 3, "error": "NameError: x"}]}}


def test_reports_json_csv_gradescope_and_table(tmp_path):
    report.write_json(tmp_path / "out.json", ASSIGNMENT, [RESULT])
    assert json.loads((tmp_path / "out.json").read_text()) == {
        "assignment": ASSIGNMENT, "submissions": [{key: RESULT[key] for key in RESULT if key != "_notes"}]}
    report.write_csv(tmp_path / "out.csv", [RESULT])
    assert list(csv.reader(open(tmp_path / "out.csv"))) == [
        ["submission", "score", "max_score", "error", "f", "g"], ["a.ipynb", "1.5", "3.0", "", "1.0", "0.5"]]
    gradescope = report.gradescope(RESULT)
    assert gradescope["score"] == 1.5 and "cell 3: NameError" in gradescope["output"]
    assert "g: 0.5 / 2. 1 of 2 checks fail. The other checks pass" in gradescope["output"]  # each function's verdict
    assert [test["status"] for test in gradescope["tests"]] == ["passed", "passed", "failed"]
    table = report.table(ASSIGNMENT, [RESULT]).splitlines()
    assert "1.5/3" in table[3] and "f 1/1, g 0.5/2" in table[3]
    # under the submission's line: what failed and why, without --json
    assert table[4:] == ["    cell 3: NameError: x", "    g 0.5/2: 1 of 2 checks fail. The other checks pass, so the mistake "
                         "shows only in what these checks test.",
                         "      - g: two: g(1) did not finish within 5 seconds."]


def test_feedback_says_the_verdict_first_each_message_once_and_draws_the_failing_history(monkeypatch):
    """A one-mistake gradient_descent_1d (the last x never appended), graded in process by the real checks."""
    import base64

    from autograder.course import figures
    from autograder.engine import feedback

    source = ("import numpy as np\n"
              "def gradient_descent_1d(df, x0, lr=0.01, precision=1e-6, max_iters=10_000):\n"
              "    x, history, step, iters = x0, [], 1.0, 0\n"
              "    while step > precision and iters < max_iters:\n"
              "        history.append(x)\n"
              "        prev = x\n"
              "        x = x - lr * df(prev)\n"
              "        step, iters = abs(x - prev), iters + 1\n"
              "    return x, history\n")
    namespace = {"__name__": "submission"}
    exec(compile(source, "submission", "exec"), namespace)
    records = grade.run_checks(ASSIGNMENT, InProcessBackend(namespace), seed=1, functions=["gradient_descent_1d"])
    graded = feedback.function_feedback("gradient_descent_1d", records)
    assert graded.verdict.startswith("5 of 5 checks fail, and the same cause explains every one. This is what you get "
                                     "with the last x not appended to the history")
    assert graded.verdict == feedback.functions(grade.submission_record("s.py", records, None, {}))[0].verdict
    messages = [check.message for check in graded.checks]
    assert all(message and "This is what you get" not in message for message in messages)  # said once, above
    assert all("the second value returned (the history)" in message for message in messages)
    data = graded.figure
    assert data["title"] == "The path of x" and len(data["yours"]["x"]) == len(data["expected"]["x"]) - 1
    picture = figures.png(data)
    assert picture.startswith(b"\x89PNG") and len(picture) < 8000
    # grade --course: a worker draws the record's figures (drawn), the recording process is handed them (keep)
    # and shows each twice, under the test cell and on the feedback page, without drawing it again
    drawings = figures.drawn({"tests": records})
    assert list(drawings.values()) == [base64.b64encode(picture).decode("ascii")]
    monkeypatch.setattr(figures, "png", lambda figure: pytest.fail("a figure drawn again"))
    figures.keep(drawings)
    assert figures.png_base64(data) == figures.png_base64(data) == drawings[figures.key(data)]

    # the diagnosis's verdict (record["functions"]) comes first when there is one, and is not repeated
    said = "Your history misses the last x."
    again = [dict(test, output=f"{test['output']} {said}") for test in records]
    graded = feedback.functions({"tests": again, "functions": [{"function": "gradient_descent_1d", "verdict": said}]})[0]
    assert graded.verdict == said and all(said not in check.message for check in graded.checks)
    # a message two checks share is shown under the first only; one every failing check shares is the verdict
    plain = [dict(test, _notes={}) for test in records[:3]]
    outputs = ["f(1) returned 2.", "f(1) returned 2.", "f(2) returned 3."]
    checks = feedback.function_feedback("f", [dict(t, output=o) for t, o in zip(plain, outputs)]).checks
    assert [(check.message, check.same_as_above) for check in checks] == [
        ("f(1) returned 2.", False), ("", True), ("f(2) returned 3.", False)]
    shared = feedback.function_feedback("f", [dict(t, output="f(1) returned 2.") for t in plain])
    assert shared.verdict == "3 of 3 checks fail." and [c.message for c in shared.checks] == ["f(1) returned 2.", "", ""]


def figure_data(x, yours, expected, title, xlabel, ylabel):
    return {"yours": {"x": list(x), "lines": [list(yours)]}, "expected": {"x": list(x), "lines": [list(expected)]},
            "title": title, "xlabel": xlabel, "ylabel": ylabel}


STEPS = range(0, 1001, 50)
WIDE_FIGURES = {  # the widest tick labels a figure shows, and the factor and offset matplotlib puts above the axis
    "seven-character ticks": figure_data(STEPS, np.linspace(-0.0025, 0.0011, 21), np.linspace(-0.0021, 0.0013, 21),
                                         "The learning rate", "global_step", "learning rate"),
    "large values": figure_data(STEPS, np.linspace(-250000, 10, 21), np.linspace(-240000, 0, 21),
                                "The loss per epoch", "epoch", "loss"),
    "an offset above the axis": figure_data(range(5), [0.999, 0.99901, 0.99903, 0.99905, 0.99906],
                                            [0.999, 0.99902, 0.99904, 0.99906, 0.99908], "The trajectory of w",
                                            "calls made", "w minus its start"),
    "a factor above the axis": figure_data(range(5), [1e-7, 2e-7, 3e-7, 4e-7, 5e-7], [1e-7, 3e-7, 5e-7, 7e-7, 9e-7],
                                           "The path of x", "iteration", "x"),
}


@pytest.mark.parametrize("language", ["en", "zh-TW"])
@pytest.mark.parametrize("name", WIDE_FIGURES)
def test_a_figures_texts_stay_inside_the_picture(name, language):
    """The fixed layout leaves room for every label: nothing drawn touches the picture's border (a clipped
    title, tick label or axis label would)."""
    import io

    import PIL.Image

    from autograder.course import figures
    from autograder.engine import i18n

    saved = i18n.current_language()
    i18n.use_language(language)
    try:
        picture = PIL.Image.open(io.BytesIO(figures.png(WIDE_FIGURES[name]))).convert("L")
    finally:
        i18n.use_language(saved)
    pixels = np.asarray(picture, dtype=int)
    border = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])
    assert np.abs(border - pixels[0, 0]).max() < 10, f"{name} ({language}) is drawn up to the picture's border"
    assert (np.abs(pixels - pixels[0, 0]) > 100).sum() > 1000  # something is drawn


def test_a_figure_is_the_same_picture_whatever_was_drawn_before_it():
    """Figures are drawn one after another on one emptied picture: each comes out byte for byte as drawn on a
    new one (limits, offsets, legends and lines of the one before leave nothing), in either order."""
    from autograder.course import figures

    nothing = figure_data(range(3), [None, None, None], [None, None, None], "The path of x", "iteration", "x")
    one_point = figure_data(range(1), [1.0], [2.0], "The path of x", "iteration", "x")
    two_lines = {**one_point, "yours": {"x": [0, 1, 2], "lines": [[1.0, None, 3.0], [2.0, 2.0, 2.0]]},
                 "expected": {"x": [0, 1, 2], "lines": [[1.0, 2.0, 3.0]]}}
    sequence = [*WIDE_FIGURES.values(), nothing, one_point, two_lines]

    def alone(figure):
        figures._blanks.clear()
        return figures.png(figure)

    on_new_pictures = [alone(figure) for figure in sequence]
    assert [figures.png(figure) for figure in sequence] == on_new_pictures
    assert [figures.png(figure) for figure in reversed(sequence)] == on_new_pictures[::-1]
