"""What a slow diagnosis gave, kept on disk: for the next worker and the next run, not only this process.

``known_mistakes.diagnose`` keeps, per process, what a list of candidate mistakes gave on inputs that come
back (a check's fixed inputs, the lecture's examples). A few take seconds: every mutant of 02's
``gradient_descent_norm`` runs gd1.py's 6674 iterations, and six of them never converge and run 100 000, ten
seconds in each worker of every run. Those (see :data:`SLOW_SECONDS`) are also written here, one file each:

    $AUTOGRADER_CACHE (default ~/.cache/autograder)/diagnoses/<version>/<key>.pickle

``<version>`` is a hash of the code the results depend on (the checks, the reference solutions, the mutation
of the engine, the versions of Python and numpy), so a changed check never reads what an older one wrote,
and the folders of other versions are removed when a new one is made. ``<key>`` hashes the candidates
(what each computes and its description, in the submission's language) and the inputs.

The files are pickles, read by the grader: only from a folder that belongs to the grader's user and that
no one else may write to (a submission never runs outside its sandbox, which hides the home folder).
"""

import functools
import hashlib
import inspect
import os
import pickle
import platform
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

SLOW_SECONDS = 1.0  # a diagnosis that took longer is kept on disk
CHECKS = Path(__file__).resolve().parent
ROOT = CHECKS.parent.parent


def folder():
    """Where this version's diagnoses are kept."""
    base = os.environ.get("AUTOGRADER_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache",
                                                       "autograder")
    return Path(base) / "diagnoses" / version()


@functools.cache
def version():
    """A hash of everything a kept diagnosis depends on besides its inputs."""
    digest = hashlib.sha256(f"{sys.version}\0{np.__version__}\0{platform.machine()}\0".encode())
    files = [*sorted(CHECKS.rglob("*.py")), *sorted((ROOT / "solutions").rglob("*.py")),
             ROOT / "autograder" / "engine" / "mutation.py"]
    for path in files:
        if "__pycache__" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def key(identities, inputs):
    """The file name of a diagnosis: ``identities`` of its entries and ``inputs`` (``known_mistakes.fingerprint``)."""
    return hashlib.sha256(repr(_stable((identities, inputs))).encode()).hexdigest() + ".pickle"


def _stable(value):
    """``value`` with what a ``repr`` would print differently in another process (a function's address) named."""
    if isinstance(value, (tuple, list)):
        return tuple(_stable(item) for item in value)
    if inspect.isfunction(value) or isinstance(value, type):
        return f"{value.__module__}:{value.__qualname__}"
    return value


def get(name):
    """The pickle of the diagnosis kept under ``name`` (bytes that unpickle), or None."""
    place = folder()
    if not _trusted(place):
        return None
    try:
        with open(place / name, "rb") as file:
            pickled = file.read()
        pickle.loads(pickled)  # a file cut short, or of code that changed, is not given
        return pickled
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        return None


def put(name, pickled):
    """Keep ``pickled`` (a diagnosis's pickle) under ``name`` (quietly not, where the folder cannot be written)."""
    place = folder()
    try:
        if not place.exists():
            _remove_other_versions(place.parent)
            place.mkdir(parents=True, mode=0o700)
        if not _trusted(place):
            return
        with tempfile.NamedTemporaryFile(dir=place, suffix=".tmp", delete=False) as file:
            file.write(pickled)
        os.replace(file.name, place / name)
    except OSError:
        return


def _trusted(place):
    """Whether the folder ``place`` and the one holding it belong to this user, writable by no one else."""
    try:
        return all(info.st_uid == os.geteuid() and not info.st_mode & 0o022
                   for info in map(os.stat, (place, place.parent)))
    except OSError:
        return False


def _remove_other_versions(versions):
    """Remove the diagnoses of other versions of the code (never read again) from ``versions``."""
    if versions.is_dir() and _trusted(versions):
        for other in versions.iterdir():
            shutil.rmtree(other, ignore_errors=True)
