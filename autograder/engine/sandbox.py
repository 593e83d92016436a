"""Run a submission's code in a child process that cannot see or change the grading, or the host.

Processes, from the grader down::

    grader worker (trusted: pytest, the checks, the reference)
      ├─ reaper        as root with a pids cgroup: when the worker has gone (however it ended),
      │                kills whatever is left in the cgroup and removes it
      └─ zygote        started once per worker: imports numpy, matplotlib (Agg), autograder.engine.wire
         │             and the checks' sandbox-side modules (autograder.engine.sandbox_side: each
         │             assignment's problems.py and drivers.py), never the hidden checks, the known
         │             mistakes or the solutions, then hides the checks; in
         │             its own mount and network namespaces (and user namespace, unless root)
         │             it shows only the system's folders and the interpreter's, an /etc of
         │             what Python needs (ALLOWED_ETC), a minimal /dev, all read-only; makes the
         │             sealed serving code (autograder.engine.seal) once; forks on request
         └─ keeper     one per submission: new PID, mount and IPC namespaces, waits, cleans up
            └─ child   PID 1 of that namespace: fresh /proc (its /proc/sys read-only), an empty
                       tmpfs work dir on /tmp, a fresh session keyring, one more user namespace
                       (locks every mount) in which it is ``nobody`` (host uid 65534 when the
                       grader is root, the grader's own uid otherwise) with no capabilities;
                       limits, output captured; runs the cells, then serves calls over a
                       socket with autograder.engine.wire

Everything the submission starts lives in the child's PID namespace and dies with it, and
each process dies with its parent (PR_SET_PDEATHSIG from the worker down), so a grader
stopped by ``kill -9`` leaves nothing running. Where user namespaces are not available the
child is a plain fork with resource limits and its own session (as ``nobody`` when the
grader is root), and :attr:`Zygote.isolation` says so.

The grader side is :class:`Zygote` (one per worker) and :class:`Sandbox` (one per
submission: starts the child, restarts it after a timeout or crash, skipping a cell that
killed it, and enforces the time limits: wall time from the start of each cell and call,
whatever the child sends).

Run as root, the zygote and keeper are real root in private mount namespaces and the
submission is host uid 65534; run unprivileged, everything lives in a user namespace of the
grader's user, and the submission is that same uid (shown as 65534). Either way it has no
capabilities, no_new_privs, and nothing global it may write. Residual risk: the kernel is the
boundary (no seccomp filter; a kernel exploit escapes any namespace); run unprivileged, files
and keys the grader's own user can read in the visible folders are readable to the
submission too; the fallback without namespaces hides nothing, shares the network, and
parallel sandboxes there share one uid (they can signal, not trace, each other's processes).
"""

import builtins
import ctypes
import gc
import glob
import io
import json
import os
import platform
import re
import resource
import select
import shutil
import signal
import socket
import stat
import subprocess
import sys
import sysconfig
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from autograder.engine import sandbox_side, seal, wire
from autograder.engine.checking import SandboxCrashed, StudentTimeout
from autograder.engine.i18n import _

CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = \
    0x00020000, 0x08000000, 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT = 1, 2, 4, 8, 32
MS_BIND, MS_REC, MS_PRIVATE = 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS = 1, 4, 38
SYS_KEYCTL = {"x86_64": 250, "aarch64": 219}.get(platform.machine())
KEYCTL_JOIN_SESSION_KEYRING = 1
SYS_MOUNT_SETATTR, AT_FDCWD, AT_RECURSIVE, MOUNT_ATTR_RDONLY = 442, -100, 0x8000, 1
NOBODY = 65534                      # the submission's user and group id inside its namespace
PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent


@dataclass(frozen=True)
class Limits:
    """Resource limits of one submission; times in seconds, sizes in MB."""
    call_timeout: float = 5.0         # one call of a student function (a check may ask for more)
    cell_timeout: float = 10.0        # one notebook cell
    submission_timeout: float = 300.0  # every cell and call of one submission, restarts included
    cpu_seconds: int = 120            # CPU time of one child process
    memory_mb: int = 1024             # address space on top of the warm interpreter's
    file_mb: int = 16                 # largest file written, and size of the work dir
    processes: int = 32
    open_files: int = 64
    output_kb: int = 64               # stdout/stderr kept from running the cells
    max_restarts: int = 20

    @classmethod
    def from_environment(cls, environ=os.environ):
        """Defaults, each overridable by ``AUTOGRADER_<FIELD>`` (e.g. AUTOGRADER_CALL_TIMEOUT=30)."""
        values = {}
        for spec in fields(cls):
            text = environ.get(f"AUTOGRADER_{spec.name.upper()}")
            if text:
                values[spec.name] = type(spec.default)(float(text))
        return cls(**values)



# ============================================================================ grader side

def die_with_parent(parent_pid):
    """Make this process end (SIGKILL) when ``parent_pid``, its parent, ends, and ignore Ctrl-C.

    For the grader's workers: the grader decides what a Ctrl-C means; a worker interrupted
    mid-check would report a wrong result instead.
    """
    if not _die_with_parent(parent_pid):
        os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


class Zygote:
    """The warm parent of the sandboxes of one grader worker."""

    def __init__(self, hide=(), isolate=True, processes=Limits.processes, why_not_isolated="", modules=()):
        """``modules``: imported in the zygote for every submission (see :func:`_import_installed`)."""
        self.hide, self.modules = tuple(hide), tuple(modules)
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        config = {"fd": theirs.fileno(), "isolate": isolate, "reason": why_not_isolated, "parent": os.getpid(),
                  "modules": list(modules), **_hidden_paths(hide)}
        # its own session: a Ctrl-C in the grader's terminal is the grader's to handle, not the zygote's
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from autograder.engine.sandbox import _zygote_main; _zygote_main()",
             json.dumps(config)],
            pass_fds=[theirs.fileno()], env=_zygote_environment(), cwd="/", stdin=subprocess.DEVNULL,
            start_new_session=True)
        theirs.close()
        self.control = ours
        self.cgroup, self.reaper = _pids_cgroup(self.process.pid, processes + 3)  # + zygote, keeper, child
        reply = self._reply(timeout=120)
        if "fatal" in reply:
            self.close()
            raise RuntimeError(f"the sandbox could not start: {reply['fatal']}")
        self.isolation = reply["isolation"]
        self.isolation["description"] += \
            f"; at most {processes} processes ({'pids cgroup and ' if self.cgroup else ''}RLIMIT_NPROC)"

    @classmethod
    def best_available(cls, hide=(), processes=Limits.processes, modules=()):
        """A zygote with namespaces, or, where setting them up fails, one without (and why)."""
        try:
            return cls(hide, processes=processes, modules=modules)
        except RuntimeError as error:
            return cls(hide, isolate=False, processes=processes, why_not_isolated=str(error), modules=modules)

    def _reply(self, timeout=30):
        self.control.settimeout(timeout)
        try:
            data = self.control.recv(65536)
        except socket.timeout:
            data = b""
        if not data:
            raise RuntimeError("the sandbox zygote stopped")
        return json.loads(data)

    def spawn(self):
        """A new submission process: (socket to it, its keeper's pid)."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        socket.send_fds(self.control, [b'{"op": "spawn"}'], [theirs.fileno()])
        theirs.close()
        reply = self._reply()
        if "error" in reply:
            ours.close()
            raise RuntimeError(reply["error"])
        return ours, reply["pid"]

    def kill(self, pid):
        """End a submission process and everything it started."""
        self.control.sendall(json.dumps({"op": "kill", "pid": pid}).encode())
        self._reply()

    def close(self):
        self.control.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.reaper:  # it empties and removes the cgroup once its stdin closes
            self.reaper.stdin.close()
            self.reaper.wait()


# Started by the worker, outside the cgroup and in its own session; reads stdin to its end,
# which comes when the worker that holds the other end has gone, whether it closed the zygote
# or was killed. Then nothing of that worker's sandboxes may run on: kill and remove.
REAPER = """
import os, signal, sys, time
group = sys.argv[1]
sys.stdin.buffer.read()
for _ in range(200):
    try:
        os.rmdir(group)
        break
    except FileNotFoundError:
        break
    except OSError:
        pass
    try:
        pids = open(os.path.join(group, "cgroup.procs")).read().split()
    except OSError:
        pids = []
    for pid in pids:
        try:
            os.kill(int(pid), signal.SIGKILL)
        except OSError:
            pass
    time.sleep(0.05)
"""


def _pids_cgroup(pid, most):
    """As root, a cgroup v1 pids group holding the zygote, and its reaper; (None, None) where
    unavailable or not needed.

    RLIMIT_NPROC counts processes per user and never binds root, so a fork bomb of a sandbox
    run by root (the fallback without namespaces) is bounded by a cgroup instead (where
    /sys/fs/cgroup/pids is writable).
    """
    base = Path("/sys/fs/cgroup/pids")
    if os.geteuid() != 0 or not (base / "cgroup.procs").exists():
        return None, None
    for stale in base.glob("autograder-*"):  # left by a reaper that was killed itself
        if not Path("/proc", stale.name.removeprefix("autograder-")).exists():
            try:
                stale.rmdir()
            except OSError:
                pass
    group = base / f"autograder-{pid}"
    try:
        group.mkdir()
        (group / "pids.max").write_text(str(most))
        (group / "cgroup.procs").write_text(str(pid))
    except OSError:
        try:
            group.rmdir()
        except OSError:
            pass
        return None, None
    reaper = subprocess.Popen([sys.executable, "-I", "-S", "-c", REAPER, str(group)], stdin=subprocess.PIPE,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/",
                              start_new_session=True)
    return group, reaper


# "(<cell 4>, line 3)" in a SyntaxError's text: the grader's name for the cell, with a number JupyterLab never
# shows (the error says the line already, and the cell is named the way the student sees it)
_CELL_FILE = re.compile(r" \(<cell \d+>, line \d+\)")


class Sandbox:
    """One submission's code running under :class:`Limits`, restarted when it dies.

    ``call(request, timeout)`` sends a request (see ``_serve``) and returns the decoded
    response. A timeout raises :class:`StudentTimeout` and a dead process
    :class:`SandboxCrashed` (from ``autograder.engine.checking``); the next call starts the
    submission again, so one bad check costs that check alone.

    Time limits are wall time from a start the grader sees: a cell's from the moment the
    child reports that cell, which must be the next one the grader sent; a call's from the
    moment it is sent. Nothing the child sends moves a deadline later.
    """

    def __init__(self, zygote, submission, limits=Limits()):
        self.zygote, self.limits = zygote, limits
        self.cells = [(cell.number, cell.source) for cell in submission.cells]
        self.cell_names = {cell.number: cell.name for cell in submission.cells}
        self.module_name = submission.module_name
        self.skipped = {}       # cell number -> why it is no longer run
        self.cell_errors = []   # [{"cell": n, "name": "the cell that defines adam", "error": "..."}] of the last start
        self.output = ""
        self.restarts = -1
        self.deadline = time.monotonic() + limits.submission_timeout
        self.sock = self.pid = None

    # -- lifecycle
    def start(self):
        """Run the cells in a fresh child; a cell that hangs or kills it is skipped next time."""
        self.restarts += 1
        if self.restarts > self.limits.max_restarts:
            raise SandboxCrashed(_("the submission's process was restarted too many times; the remaining checks "
                                   "were not run"))
        while True:
            try:
                self.sock, self.pid = self.zygote.spawn()
            except (RuntimeError, OSError) as error:
                raise SandboxCrashed(_("the sandbox is not available ({error})").format(error=error)) from None
            running = [cell for cell in self.cells if cell[0] not in self.skipped]
            cell = None
            try:
                self._send(wire.encode({"cells": [list(cell) for cell in running], "module": self.module_name,
                                        "limits": asdict(self.limits)}), time.monotonic() + self.limits.cell_timeout)
                deadline = min(time.monotonic() + self.limits.cell_timeout, self.deadline)
                upcoming = [number for number, _ in running]
                while True:
                    message = wire.receive(self.sock, deadline)
                    if "cell" in message:
                        # only the next cell starts a new clock (other reports are ignored), so a child
                        # repeating or inventing reports cannot run longer than a cell's time per cell sent
                        if upcoming and message["cell"] == upcoming[0]:
                            cell = upcoming.pop(0)
                            deadline = min(time.monotonic() + self.limits.cell_timeout, self.deadline)
                        continue
                    self.cell_errors = sorted(({**error, "name": self.cell_names.get(error["cell"]),
                                                "error": _CELL_FILE.sub("", str(error["error"]))} for error in [
                        *message["errors"], *({"cell": number, "error": reason} for number, reason in self.skipped.items())]),
                        key=lambda error: error["cell"])
                    self.output = message["output"]
                    return
            except wire.WireTimeout:
                self.kill()
                if time.monotonic() >= self.deadline:
                    raise StudentTimeout(_("the submission used up its time ({seconds} s)").format(
                    seconds=f"{self.limits.submission_timeout:g}")) from None
                if cell is None:
                    raise SandboxCrashed(_("the submission's process could not start")) from None
                self.skipped[cell] = _("did not finish within {seconds} s (skipped)").format(
                    seconds=f"{self.limits.cell_timeout:g}")
            except (wire.WireError, OSError, KeyError, TypeError):
                self.kill()
                if cell is None:
                    raise SandboxCrashed(_("the submission's process could not start")) from None
                self.skipped[cell] = _("ended the process (exit, os._exit, a crash or too much memory); skipped")

    def _send(self, message, deadline):
        """Send one encoded message; a child that does not read it in time counts as a timeout."""
        self.sock.settimeout(max(deadline - time.monotonic(), 0.001))
        try:
            self.sock.sendall(message)
        except socket.timeout:
            raise wire.WireTimeout("timed out") from None

    def call(self, request, timeout=None):
        """Send ``request`` to the child and return its response (a dict of plain data)."""
        message = wire.encode(request)  # a WireError here is the check's mistake, not the submission's
        if self.sock is None:
            self.start()
        return self._exchange(message, timeout)

    def call_each(self, request, count, timeout=None):
        """Send ``request`` (``{"op": "each", "calls": [...]}``) and read the child's ``count`` responses, one per call.

        Returns ``(the responses read, None)``, or ``(those read before it, the StudentTimeout or
        SandboxCrashed)`` when one did not come. Each response must come within ``timeout`` of the one
        before it (of the request, for the first): the time limit of the call it answers. The responses
        kept take at most what one response may take (:data:`wire.RESPONSE`); those after are read
        and dropped (their calls are made again one by one), so a batch costs the grader no more
        memory than a call.
        """
        message = wire.encode(request)
        if self.sock is None:
            self.start()
        responses, room = [], wire.RESPONSE.header + wire.RESPONSE.raw
        try:
            for index in range(count):
                sizes = []
                response = self._exchange(None if index else message, timeout, sizes)
                room -= sum(sizes)
                if room >= 0 and len(responses) == index:
                    responses.append(response)
                if "too_large" in response:  # the child was stopped
                    break
        except (StudentTimeout, SandboxCrashed) as error:
            return responses, error if room >= 0 else None  # (else it ended a call whose answer was dropped)
        return responses, None

    def _exchange(self, message, timeout, sizes=None):
        """Send ``message`` (None: nothing) and read the next response, within the time limit of a call."""
        deadline = min(time.monotonic() + (timeout or self.limits.call_timeout), self.deadline)
        try:
            if message is not None:
                self._send(message, deadline)
            response = wire.receive(self.sock, deadline, sizes=sizes)
            if not isinstance(response, dict):
                raise wire.WireError("not a response")
            return response
        except wire.WireTimeout:
            self.kill()
            if time.monotonic() >= self.deadline:
                raise StudentTimeout(_("the submission used up its time ({seconds} s)").format(
                    seconds=f"{self.limits.submission_timeout:g}")) from None
            raise StudentTimeout(_("did not finish within {seconds} seconds").format(
                seconds=f"{timeout or self.limits.call_timeout:g}")) from None
        except wire.WireBudgetExceeded as error:  # that call fails; the rest of the message is never read
            self.kill()
            return {"too_large": str(error)}
        except (wire.WireError, OSError):
            self.kill()
            raise SandboxCrashed(_("the submission's process ended during the call (exit, os._exit, a crash "
                                   "or too much memory)")) from None

    def kill(self):
        if self.sock is not None:
            self.sock.close()
            try:
                self.zygote.kill(self.pid)
            except (RuntimeError, OSError):
                pass  # the zygote is gone, and its processes with it
            self.sock = self.pid = None

    close = kill


# The top-level folders a sandbox sees: the system's programs, libraries and settings. Every
# other one (/work, /home, /root, /srv, /opt, /var, /tmp, /mnt...) is covered, so another
# copy of the course or the solutions elsewhere on the machine is out of reach too; the
# interpreter's own folders are bound back in (``keep``).
VISIBLE_TOP_LEVEL = {"usr", "lib", "lib32", "lib64", "libx32", "bin", "sbin", "etc", "proc", "sys", "dev"}
# What the sandbox sees of /etc: what the dynamic linker, Python, numpy and matplotlib read,
# and name-service files without secrets. Everything else there (password hashes and their
# backups, keys, tokens in pip.conf or gitconfig, the machine id) is not on the list.
ALLOWED_ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "timezone", "passwd", "group",
               "nsswitch.conf", "host.conf", "hosts", "gai.conf", "protocols", "services", "networks",
               "mime.types", "locale.alias", "os-release", "debian_version", "mtab", "alternatives", "fonts",
               "matplotlibrc", "python3*")


def _hidden_paths(extra):
    """What the zygote hides, from the grader's view of the machine: feedback shows what a
    function returned, so whatever the sandbox can read, a student could read back in pieces.

    ``hide``: directories covered by an empty file system: every top-level folder but
    VISIBLE_TOP_LEVEL, the current directory, the course (a checkout; an installed package is
    covered by ``packages`` instead) and ``extra`` (the submissions' folders). ``keep``:
    folders inside them bound back in: the interpreter's own, wherever it lives (a venv under
    /tmp or the home folder, conda under /opt, pyenv, uv), and the rest of its import path
    unless that overlaps the private places or lies in another checkout of the course.
    ``packages``: covered after that: the checks and the solutions wherever they are
    installed, and private places inside a kept folder (a course inside the venv's folder).
    """
    import importlib.util
    system = [os.path.join("/", name) for name in os.listdir("/") if name not in VISIBLE_TOP_LEVEL
              and not os.path.islink(os.path.join("/", name))]  # a link's target is covered or visible itself
    private = {Path.cwd().resolve(), *(Path(path).resolve() for path in extra)}
    installed = (PACKAGE_ROOT / "site.py").exists() or "site-packages" in PACKAGE_ROOT.parts
    if not installed:
        private.add(PACKAGE_ROOT)
    private.discard(Path("/"))

    def in_a_checkout(path):  # a copy of the course (other than the installed one we cover), or inside one
        return any((folder / "solutions").is_dir() and (folder / "autograder" / "checks").is_dir()
                   for folder in (path, *path.parents) if not (installed and folder == PACKAGE_ROOT))
    interpreter, importable = _interpreter_paths()
    keep = {path for path in interpreter if path.is_dir()}
    keep.update(path for path in importable if path.is_dir() and not in_a_checkout(path) and not any(
        path.is_relative_to(other) or other.is_relative_to(path) for other in private))
    keep = {path for path in keep if not any(path != other and path.is_relative_to(other) for other in keep)}
    packages = {sandbox_side.CHECKS}
    spec = importlib.util.find_spec("solutions")
    if spec and spec.submodule_search_locations:
        packages.update(Path(location).resolve() for location in spec.submodule_search_locations)
    packages.update(path for path in private if any(path.is_relative_to(kept) for kept in keep))
    hide = {path for path in (*private, *map(Path, system)) if path != Path("/") and path.is_dir()}
    hide = {path for path in hide if not any(path != other and path.is_relative_to(other) for other in hide)}
    return {"hide": sorted(map(str, hide)), "keep": sorted(map(str, keep)),
            "packages": sorted(str(path) for path in packages if path.is_dir())}


def _interpreter_paths():
    """(the folders of the interpreter and its standard library and site-packages, the other folders
    its import path names: sys.path entries, packages mapped by setuptools' editable installs)."""
    interpreter = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
                   os.path.dirname(os.path.realpath(sys.executable)), *sysconfig.get_paths().values()}
    importable = set(sys.path)
    for name, module in list(sys.modules.items()):
        mapping = getattr(module, "MAPPING", None) if name.startswith("__editable__") else None
        if isinstance(mapping, dict):
            importable.update(value for value in mapping.values() if isinstance(value, str))
    return ({Path(path).resolve() for path in interpreter if path},
            {Path(path).resolve() for path in importable if path} - {Path(path).resolve() for path in interpreter})


def _zygote_environment():
    """A small, known environment: no secrets from the grader's, one BLAS thread (and the library
    path, which a relocated interpreter may need to start at all)."""
    environment = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "LC_ALL", "LD_LIBRARY_PATH")
                   if name in os.environ}
    environment.update(PYTHONPATH=str(PACKAGE_ROOT), PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1",
                       OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
                       NUMEXPR_NUM_THREADS="1", MPLBACKEND="Agg")
    return environment


# ============================================================================ zygote side

_libc = ctypes.CDLL(None, use_errno=True)


def _os_call(result, what):
    if result != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"{what}: {os.strerror(error)}")


def _unshare(flags):
    _os_call(_libc.unshare(flags), "unshare")


def _mount(source, target, fstype, flags, data=None):
    _os_call(_libc.mount(source and source.encode(), target.encode(), fstype and fstype.encode(),
                         ctypes.c_ulong(flags), data and data.encode()), f"mount {target}")


def _die_with_parent(parent_pid):
    """SIGKILL when the parent ends; returns False if it has ended already."""
    _os_call(_libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL), "prctl")
    return os.getppid() == parent_pid


def _write_id_maps(process, inside, outside_uid, outside_gid, deny_setgroups):
    """Map user and group ``inside`` of the user namespace of ``process`` (a /proc/<pid> folder's
    O_PATH descriptor) to user ``outside_uid`` and group ``outside_gid`` of its parent's."""
    contents = {"setgroups": "deny"} if deny_setgroups else {}  # required to map without privilege; as
    contents.update(uid_map=f"{inside} {outside_uid} 1", gid_map=f"{inside} {outside_gid} 1")  # root, groups are dropped
    for name, text in contents.items():
        handle = os.open(name, os.O_WRONLY, dir_fd=process)
        try:
            os.write(handle, text.encode())
        finally:
            os.close(handle)


def _make_read_only():
    """Every mount read-only (recursively), with mount_setattr(2)."""
    class MountAttr(ctypes.Structure):
        _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                    ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]
    attr = MountAttr(MOUNT_ATTR_RDONLY, 0, 0, 0)
    _os_call(_libc.syscall(ctypes.c_long(SYS_MOUNT_SETATTR), ctypes.c_int(AT_FDCWD), b"/",
                           ctypes.c_uint(AT_RECURSIVE), ctypes.byref(attr), ctypes.c_size_t(ctypes.sizeof(attr))),
             "mount_setattr")


def _cover(directory, keep=(), mode="755", size="64k"):
    """An empty tmpfs on ``directory``, with the folders ``keep`` inside it bound back at their places."""
    handles = [(path, os.open(path, os.O_PATH)) for path in keep
               if Path(path).is_relative_to(directory) and path != directory]
    _mount("tmpfs", directory, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},mode={mode}")
    for path, handle in handles:
        os.makedirs(path, exist_ok=True)
        _mount(f"/proc/self/fd/{handle}", path, None, MS_BIND | MS_REC)
        os.close(handle)


def _hide(config):
    """Cover the course, the submissions and the machine's private places with empty file systems;
    keep the interpreter's folders; /etc and /dev become short lists of what the sandbox needs."""
    for directory in config["hide"]:
        if any(Path(directory).is_relative_to(path) for path in config["keep"]):
            continue  # the interpreter itself lives there: hiding it would break imports
        _cover(directory, config["keep"])
    for directory in config["packages"]:
        if os.path.isdir(directory):
            _cover(directory)
    _allowed_etc()
    _minimal_dev()


def _rebuild(directory, entries):
    """Replace ``directory`` by an empty tmpfs holding only ``entries`` ({name: O_PATH fd or link target})."""
    _mount("tmpfs", directory, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=64k,mode=755")
    for name, entry in entries.items():
        path = os.path.join(directory, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if isinstance(entry, str):
            os.symlink(entry, path)
            continue
        if stat.S_ISDIR(os.fstat(entry).st_mode):
            os.mkdir(path)
        else:
            Path(path).touch()
        _mount(f"/proc/self/fd/{entry}", path, None, MS_BIND | MS_REC)
        os.close(entry)


def _allowed_etc():
    """/etc with ALLOWED_ETC only: an allowlist, so a secret nobody thought of stays hidden too."""
    entries = {}
    for pattern in ALLOWED_ETC:
        for path in glob.glob(os.path.join("/etc", pattern)):
            name = os.path.relpath(path, "/etc")
            entries[name] = os.readlink(path) if os.path.islink(path) else os.open(path, os.O_PATH)
    _rebuild("/etc", entries)


DEVICES = ("null", "zero", "full", "random", "urandom")


def _minimal_dev():
    """Replace /dev by a few harmless devices: no disks, consoles or kernel log for the submission."""
    entries = {name: os.open(f"/dev/{name}", os.O_PATH) for name in DEVICES if os.path.exists(f"/dev/{name}")}
    entries.update({"fd": "/proc/self/fd", "stdin": "/proc/self/fd/0", "stdout": "/proc/self/fd/1",
                    "stderr": "/proc/self/fd/2"})
    _rebuild("/dev", entries)
    os.mkdir("/dev/shm")


def _zygote_main():
    """Entry point of the zygote process (see the module docstring)."""
    config = json.loads(sys.argv[1])
    control = socket.socket(fileno=config["fd"])
    if not _die_with_parent(config["parent"]):
        os._exit(0)
    os.umask(0o022)  # the folders it makes to hold the interpreter's must be readable by the submission
    as_root = os.geteuid() == 0
    isolation, reason = {"level": "process", "unprivileged": not as_root}, config["reason"]
    if as_root:
        os.setgroups([])  # the submission runs as nobody, without root's groups
    entered_user_namespace = False
    if config["isolate"]:
        try:  # before importing numpy: a user namespace needs a single-threaded process
            if as_root:  # root needs no user namespace for mounts; the submission's own comes later
                _unshare(CLONE_NEWNS | CLONE_NEWNET)
            else:
                uid, gid = os.getuid(), os.getgid()  # before: in the new namespace they read as unmapped
                _unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET)
                entered_user_namespace = True
                _write_id_maps(os.open("/proc/self", os.O_PATH), 0, uid, gid, deny_setgroups=True)
            _mount(None, "/", None, MS_REC | MS_PRIVATE)  # before any other mount: none reaches the host
            isolation["level"] = "namespaces"
        except OSError as error:
            if entered_user_namespace:  # half set up (e.g. mounts refused in a chroot): a fresh zygote without
                control.sendall(json.dumps({"fatal": str(error)}).encode())  # namespaces takes over
                os._exit(1)
            reason = str(error)
    try:
        import numpy  # noqa: F401 - warm imports for the submissions
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot  # noqa: F401
        # imported on first use otherwise, by every submission again: pyplot's backend at the first figure, numpy's
        # random module at the first np.random (6-9 ms of a notebook's start); see _fresh_random_state
        import matplotlib.backends.backend_agg  # noqa: F401
        import numpy.random  # noqa: F401
        for name in sandbox_side.module_names():  # before the checks are hidden
            try:
                __import__(name)
            except ModuleNotFoundError as error:
                if error.name != name:
                    raise
        for name in config["modules"]:
            _import_installed(name, config)
        if isolation["level"] == "namespaces":
            _hide(config)
            try:
                _make_read_only()
                isolation["read_only"] = True
            except OSError:
                isolation["read_only"] = False
            isolation["keep_in_tmp"] = [path for path in config["keep"] if Path(path).is_relative_to("/tmp")]
        os.chdir("/")
    except BaseException as error:
        control.sendall(json.dumps({"fatal": f"{type(error).__name__}: {error}"}).encode())
        raise
    isolation["description"] = _describe_isolation(isolation, reason, as_root)
    # sealed here, before any submission's code has run in any process: each child inherits its own copy
    # (what it changes of it, no other child sees), and no child pays for making it
    serve = _sealed_serve()
    # What is here now lasts as long as the zygote: out of the collector's way, so that collections in a
    # child do not visit it and copy every page the zygote shares with it (the cost of a start is its copies)
    gc.freeze()
    control.sendall(json.dumps({"isolation": isolation}).encode())
    keepers, zygote_pid = set(), os.getpid()
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(control, 65536, 1)
        except OSError:
            message = b""
        if not message:
            os._exit(0)
        request = json.loads(message)
        if request["op"] == "spawn":
            try:
                pid = os.fork()
            except OSError as error:  # e.g. the process limit, while the last submission's processes exit
                os.close(fds[0])
                control.sendall(json.dumps({"error": str(error)}).encode())
                continue
            if pid == 0:
                control.close()
                _keeper(fds[0], isolation, zygote_pid, serve)
            os.close(fds[0])
            keepers.add(pid)
            control.sendall(json.dumps({"pid": pid}).encode())
        elif request["op"] == "kill":
            pid = request["pid"]
            if pid in keepers:
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
                keepers.discard(pid)
            control.sendall(b"{}")


def _import_installed(name, config):
    """Import module ``name`` (one the assignment's released notebook imports, which every submission would import
    again: scikit-learn is 1.7 s of each 08 notebook) when it is installed where the submissions import it from,
    a folder the zygote keeps (the interpreter's own), and is not the checks' or the solutions'; never a module of
    the course (a notebook's ``conftest``). One that fails to import is left to the submission to meet."""
    import importlib.util

    def installed(place):
        place = Path(place).resolve()
        return (any(place.is_relative_to(kept) for kept in config["keep"])
                and not any(place.is_relative_to(private) for private in config["packages"]))
    try:
        spec = importlib.util.find_spec(name.partition(".")[0])
    except (ImportError, ValueError):
        return
    if spec is None:
        return
    places = [*(spec.submodule_search_locations or ()), *([spec.origin] if spec.has_location else [])]
    if places and all(map(installed, places)):
        try:
            importlib.import_module(name)
        except Exception:
            pass


def _describe_isolation(isolation, reason, as_root):
    who = f"as nobody (uid {NOBODY})" if as_root else "as the grader's own unprivileged user"
    if isolation["level"] == "namespaces":
        writable = ("file system read-only except a fresh work dir" if isolation["read_only"]
                    else "file system NOT read-only")
        return (f"namespaces: runs {who} with no capabilities, in its own user, PID, mount, IPC and network "
                "namespaces with a fresh session keyring; course, checks, solutions, submissions and private "
                f"system folders hidden; /etc and /dev reduced to what Python needs; {writable}; /proc/sys "
                "read-only; resource limits")
    return (f"process only: a forked process {who} with resource limits and its own session. Linux user "
            f"namespaces are not available here ({reason or 'disabled'}), so the submission can read "
            "the course files, use the network, and a process it detaches may outlive it")


def _keeper(sock_fd, isolation, zygote_pid, serve):
    """One submission: new PID, mount and IPC namespaces whose PID 1 is the child; cleans up after it."""
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if not _die_with_parent(zygote_pid):
            os._exit(1)
        isolated, workdir = isolation["level"] == "namespaces", None
        if isolated:
            _unshare(CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC)
        else:
            workdir = tempfile.mkdtemp(prefix="autograder-")
            if not isolation["unprivileged"]:
                os.chown(workdir, NOBODY, NOBODY)
        from_keeper, to_child = os.pipe()     # held open by the keeper while it lives
        from_child, to_keeper = os.pipe()     # the child asks for its id maps
        child = os.fork()
        if child == 0:
            os.close(to_child)
            os.close(from_child)
            _child(sock_fd, isolation, workdir, from_keeper, to_keeper, serve)
        os.close(sock_fd)
        os.close(from_keeper)
        os.close(to_keeper)

        def stop(*_):
            _kill_tree(child)
            try:  # PID 1 of a namespace is reaped only after every process in it has gone
                os.waitpid(child, 0)
            except ChildProcessError:
                pass
            if workdir:
                shutil.rmtree(workdir, ignore_errors=True)
            os._exit(0)
        signal.signal(signal.SIGTERM, stop)
        try:
            if os.read(from_child, 1) == b"u":  # the child is in its new user namespace: it is nobody there
                unprivileged = isolation["unprivileged"]
                # the child's (writable) /proc, where it is PID 1, is mounted here too; the zygote's is read-only
                process = os.open("/proc/1", os.O_PATH)
                _write_id_maps(process, NOBODY, os.getuid() if unprivileged else NOBODY,
                               os.getgid() if unprivileged else NOBODY, deny_setgroups=unprivileged)
            os.write(to_child, b"m")
        except OSError:  # the child ended already, or cannot become nobody: the end of file ends it
            os.close(to_child)
        os.close(from_child)
        try:
            os.waitpid(child, 0)
        except ChildProcessError:
            pass
        stop()
    except BaseException:
        traceback.print_exc()
    finally:
        os._exit(1)


def _kill_tree(child):
    for kill in (os.killpg, os.kill):
        try:
            kill(child, signal.SIGKILL)
        except OSError:
            pass


# ============================================================================ child side

class _CappedOutput(io.RawIOBase):
    """A byte sink keeping the first ``limit`` bytes: stdout/stderr of the submission."""

    def __init__(self, limit):
        self.limit, self.kept = limit, bytearray()

    def writable(self):
        return True

    def write(self, data):
        room = self.limit - len(self.kept)
        if room > 0:
            self.kept += bytes(data[:room])
        return len(data)


def _child(sock_fd, isolation, workdir, from_keeper, to_keeper, serve):
    """PID 1 of the submission: isolate, limit, run the cells, serve calls with ``serve`` (the zygote's
    :func:`_sealed_serve`, made before any cell ran). Never returns."""
    try:
        sock = socket.socket(fileno=sock_fd)
        config = wire.receive(sock, budget=wire.REQUEST)  # the cells, from the grader
        limits = Limits(**config["limits"])
        _fresh_session_keyring()  # made by the grader's user, so its key quota cannot be used up by another sandbox
        if isolation["level"] == "namespaces":
            _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
            _mount("/proc/sys", "/proc/sys", None, MS_BIND | MS_REC)
            _mount(None, "/proc/sys", None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)
            _cover("/tmp", isolation["keep_in_tmp"], mode="1777", size=f"{limits.file_mb}m")
            _unshare(CLONE_NEWUSER | CLONE_NEWNS)  # mounts copied into a new user namespace are locked
            os.write(to_keeper, b"u")
            workdir = "/tmp"
        else:
            os.write(to_keeper, b"-")
        if os.read(from_keeper, 1) != b"m":
            os._exit(70)
        if isolation["level"] == "namespaces" or not isolation["unprivileged"]:
            os.setresgid(NOBODY, NOBODY, NOBODY)
            os.setresuid(NOBODY, NOBODY, NOBODY)
        _drop_capabilities()
        # after the last change of user, which clears the parent-death signal and dumpability; without
        # a PID namespace it stays undumpable, so another sandbox of the same user cannot ptrace it
        if isolation["level"] == "namespaces":
            _os_call(_libc.prctl(PR_SET_DUMPABLE, 1), "prctl")
        _os_call(_libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL), "prctl")
        if select.select([from_keeper], [], [], 0)[0]:  # end of file: the keeper ended before the line above
            os._exit(70)
        os.setsid()
        os.chdir(workdir)
        os.environ.update(HOME=workdir, TMPDIR=workdir, MPLCONFIGDIR=workdir, USER="nobody", LOGNAME="nobody")
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.closerange(3, sock_fd)
        os.closerange(sock_fd + 1, 65536)
        _apply_limits(limits)
        _os_call(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl")
    except BaseException:
        traceback.print_exc()
        os._exit(70)
    output = _CappedOutput(limits.output_kb * 1024)
    sys.stdin = open(os.devnull)
    sys.stdout = sys.stderr = io.TextIOWrapper(output, encoding="utf-8", errors="backslashreplace",
                                               write_through=True)
    sys.path[:] = [path for path in sys.path if path not in ("", ".")]
    _fresh_random_state()
    try:
        namespace, errors = _run_cells(sock, config["cells"], config["module"])
        wire.send(sock, {"errors": errors, "output": output.kept.decode("utf-8", "replace")})
        serve(sock, namespace)
    except BaseException:
        pass
    os._exit(0)


def _fresh_random_state():
    """numpy's global random state (``np.random.rand``, ``np.random.shuffle``) drawn afresh from the system, as
    importing numpy.random in this process would have drawn it: the zygote imported it, and every child would
    otherwise start from the zygote's (Python's ``random`` is drawn afresh at every fork by itself)."""
    sys.modules["numpy"].random.seed()


def _fresh_session_keyring():
    """Leave the grader's session keyring (its keys, and a place for keys that would outlive the sandbox)."""
    if SYS_KEYCTL is not None and _libc.syscall(ctypes.c_long(SYS_KEYCTL), KEYCTL_JOIN_SESSION_KEYRING,
                                                ctypes.c_char_p(None)) < 0:
        error = ctypes.get_errno()
        raise OSError(error, f"keyctl: {os.strerror(error)}")


def _drop_capabilities():
    """No capabilities at all, in any namespace (capset(2) with empty sets)."""
    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]
    _os_call(_libc.capset(ctypes.byref(Header(0x20080522, 0)), (Data * 2)()), "capset")


def _apply_limits(limits):
    """Resource limits of the child (inherited by whatever it starts); memory on top of its current size."""
    with open("/proc/self/status") as status:
        vm_kb = next(int(line.split()[1]) for line in status if line.startswith("VmSize:"))
    memory = vm_kb * 1024 + limits.memory_mb * 2**20
    for which, value in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_CORE, 0),
                         (resource.RLIMIT_CPU, limits.cpu_seconds), (resource.RLIMIT_FSIZE, limits.file_mb * 2**20),
                         (resource.RLIMIT_NOFILE, limits.open_files), (resource.RLIMIT_NPROC, limits.processes)):
        soft, hard = resource.getrlimit(which)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(which, (value, value))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an over-large file is an OSError, not a crash


def _exception_parts(error):
    """(type name, message) of an exception, robust against exceptions whose str() misbehaves."""
    try:
        name = str(type(error).__name__)[:100]
    except BaseException:
        name = "Exception"
    try:
        message = str(error)[:500]
    except BaseException:
        message = ""
    return name, message


def _exception_text(error, cell_name=None):
    """'ValueError: message (line 3)' for a cell's error."""
    name, message = _exception_parts(error)
    line = getattr(error, "lineno", None) if isinstance(error, SyntaxError) else None
    if cell_name and line is None:
        frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename == cell_name]
        line = frames[-1].lineno if frames else None
    text = f"{name}: {message}" if message else name
    return f"{text} (line {line})" if isinstance(line, int) else text


def _display(*values, **options):
    print(*values)


def _run_cells(sock, cells, module_name):
    """Run each cell on its own; an error is recorded and the next cell still runs.

    ``display`` (IPython's, common in notebooks) prints, so a cell showing a value still runs.
    """
    namespace = {"__name__": module_name, "__builtins__": builtins, "display": _display}
    errors = []
    for number, source in cells:
        wire.send(sock, {"cell": number})
        name = f"<cell {number}>"
        try:
            exec(compile(source, name, "exec"), namespace)
        except BaseException as error:
            errors.append({"cell": number, "error": _exception_text(error, name)})
        pyplot = sys.modules.get("matplotlib.pyplot")
        try:
            pyplot.close("all")
        except BaseException:
            pass
    return namespace, errors


class Missing(Exception):
    """A name the grader asked for is not defined by the submission."""


def resolver(namespace, modules):
    """How function names in a request become callables: ``"module:name"`` of one of ``modules``
    (the sandbox-side modules, ``{name: module}``), or the student's own."""
    def resolve(kind, name):
        if kind == "n":
            function = namespace.get(name)
            if not callable(function):
                raise Missing(name)
            return function
        module, _, attribute = name.partition(":")
        function = getattr(modules.get(module), attribute, None) if not attribute.startswith("_") else None
        if not callable(function):
            raise wire.WireError(f"no function named {name!r} on the sandbox's side")
        return function
    return resolve


def _sealed_serve():
    """:func:`_serve` from private copies of this module, autograder.engine.wire and the sandbox-side
    modules (see autograder.engine.seal), which the submission's cells cannot patch.

    The grader judges side effects from values the child sends: the arguments as they are
    after a call, the type of an exception. They come from the copies, not from a driver a
    cell can replace, so replacing a driver, ``answer``, ``wire.encode``,
    ``numpy.asarray`` or ``builtins.isinstance`` earns nothing; and each answer carries its
    request's nonce, so a frame the submission writes to the socket itself is refused.

    Residual risk: the child is the submission's own process, so code that reaches these
    copies through the interpreter itself (``gc``, the frames of the running call, which
    also hold the nonce, ``ctypes``) or patches numpy's or the standard library's internals
    can still misreport its own side effects, and a function can always behave differently
    when it notices it is being graded. It can never forge a result: results are compared
    with the reference in the grader. What it can earn is bounded by the points of the
    checks on side effects (arguments not modified, which exception is raised): at most
    0.5 to 2.5 points per assignment, and those checks also require the right result.
    """
    modules = sandbox_side.imported()  # before the cells run: a module a cell adds is none of them
    copies = seal.sealed([wire, sandbox_side, *modules.values(), sys.modules[__name__]])
    serve, sealed_modules = copies[__name__]._serve, {name: copies[name] for name in modules}
    return lambda sock, namespace: serve(sock, namespace, sealed_modules)


EACH_FLUSH, EACH_BUFFER = 0.05, 2**20  # seconds, bytes of responses to an "each" request held back at most


def _serve(sock, namespace, modules):
    """Answer the grader's requests until it closes the connection; ``modules``: the sandbox-side modules.

    {"op": "call", "name", "args", "kwargs", "return_args", "nonce"} -> {"result"[, "args"], "nonce"};
    {"op": "drive", "driver", "args", "kwargs"} -> {"result"}, the driver (a function of a drivers.py)
    called as ``driver(namespace, *args, **kwargs)``;
    {"op": "each", "calls": [call requests], "nonce"} -> a response per call, in turn;
    failures -> {"missing": name} | {"raised": {"type", "message", "value_error"}[, "args"]} | {"bad": why}.
    """
    resolve = resolver(namespace, modules)
    while True:
        try:
            request = wire.receive(sock, resolve=resolve, budget=wire.REQUEST)
        except Missing as missing:
            wire.send(sock, {"missing": str(missing)})
            continue
        except wire.WireError:
            return
        # "each": the calls answered in turn, a response each, with the one nonce of the request; the
        # responses go out together at least every EACH_FLUSH seconds (one wake-up of the grader, not one per call)
        pending, flushed = bytearray(), time.monotonic()
        for call in (request["calls"] if request["op"] == "each" else [request]):
            response = answer(call, namespace)
            response["nonce"] = request.get("nonce")  # the grader accepts a result only with its request's nonce
            try:
                pending += wire.encode(response)
            except BaseException as error:  # the result is not plain data, or misbehaves when encoded
                name, message = _exception_parts(error)
                pending += wire.encode({"bad": message if isinstance(error, wire.WireError)
                                        else f"{name} while reading it"})
            if time.monotonic() - flushed > EACH_FLUSH or len(pending) > EACH_BUFFER:
                sock.sendall(pending)
                pending, flushed = bytearray(), time.monotonic()
        sock.sendall(pending)


def _missing_name(error, namespace, driver):
    """The name ``driver`` failed to find in the submission (a KeyError or NameError raised by the
    driver's own module or by ``sandbox_side.defined``)."""
    if not isinstance(error, (KeyError, NameError)) or traceback.extract_tb(error.__traceback__)[-1].filename \
            not in (driver.__code__.co_filename, sandbox_side.__file__):
        return None
    if isinstance(error, KeyError):
        name = error.args[0] if error.args else None
    else:
        name = getattr(error, "name", None) or next(iter(re.findall(r"name '(\w+)' is not defined", str(error))), None)
    return name if isinstance(name, str) and name not in namespace else None


def answer(request, namespace):
    """The response to one decoded request, computed with the submission's ``namespace``.

    With ``return_args`` the response also holds the positional arguments as they are
    after the call (callables as None), whether it returned or raised: the grader compares
    them with what it sent. The arguments are a tuple, so the called code cannot swap them.
    """
    args, kwargs = tuple(request["args"]), request["kwargs"]
    if request["op"] == "drive":
        function, call_args = request["driver"], (namespace, *args)
    else:
        name = request["name"]
        function = namespace.get(name)
        if not callable(function):
            return {"missing": name}
        call_args = args
    try:
        response = {"result": function(*call_args, **kwargs)}
    except BaseException as error:
        missing = request["op"] == "drive" and _missing_name(error, namespace, function)
        if missing:
            return {"missing": missing}
        name, message = _exception_parts(error)
        response = {"raised": {"type": name, "message": message, "value_error": isinstance(error, ValueError)}}
    if request.get("return_args"):
        response["args"] = [None if callable(arg) else arg for arg in args]
    return response
