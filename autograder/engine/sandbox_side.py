"""The checks' modules that run on the sandbox's side, found by their file names under the checks folder.

An assignment's folder of checks, ``<checks>/<ID>/``, may hold ``problems.py`` (the functions its
checks hand to student code, which the wire sends by name) and ``drivers.py`` (what
``student.drive(driver, ...)`` runs beside the submission as ``driver(namespace, ...)``). They hold
test problems only, never a check, a known mistake or an answer: the sandbox's warm parent imports
every one of them before it hides the checks, so the engine knows them by this naming convention
and imports no assignment itself.
"""

import functools
import sys
from pathlib import Path

CHECKS = Path(__file__).resolve().parent.parent / "checks"
FILES = ("problems.py", "drivers.py")


def files(checks=CHECKS):
    """The sandbox-side modules' files: ``<checks>/<ID>/problems.py`` and ``drivers.py``."""
    return sorted(path for name in FILES for path in checks.glob(f"*/{name}"))


@functools.cache
def module_names(checks=CHECKS):
    """The import names of the sandbox-side modules, e.g. ``autograder.checks.<ID>.drivers``.

    Listed once per process: the sandbox's processes keep the list their warm parent made before
    it hid the checks.
    """
    package = f"{__name__.split('.')[0]}.{checks.name}"
    return tuple(sorted(f"{package}.{path.parent.name}.{path.stem}" for path in files(checks)))


def imported():
    """``{name: module}`` of the sandbox-side modules imported in this process."""
    return {name: sys.modules[name] for name in module_names() if name in sys.modules}


def defined(namespace, name):
    """``namespace[name]`` for a driver, or the NameError Python would raise for it (the sandbox then
    reports ``name`` as not defined by the submission)."""
    if name not in namespace:
        raise NameError(f"name {name!r} is not defined")
    return namespace[name]


def shown_as(words=None, *, calls=None):
    """Mark a driver, or a problem handed to student code, with what a student reads for it (its own name
    is the grader's, never shown): ``words`` says what it does (an ``N_`` string, translated where it is
    shown; a problem's ``{placeholders}`` get the arguments it is given, its defaults or a partial's), or
    ``calls`` names the student's function a driver calls, shown with the driver's arguments."""
    def mark(driver):
        driver.shown_as = (words, calls)
        return driver
    return mark
