"""Run a submission's code in a child process that cannot see or change the grading.

Processes, from the grader down::

    grader worker (trusted: pytest, the checks, the reference)
      └─ zygote        started once per worker: imports numpy, matplotlib (Agg) and
         │             autograder.wire/problems/drivers, never the checks or solutions; in
         │             its own user, mount and network namespaces it hides the course and
         │             makes the file system read-only, then forks on request
         └─ keeper     one per submission: new PID + mount namespaces, waits, cleans up
            └─ child   PID 1 of that namespace: fresh /proc and an empty tmpfs work dir,
                       one more user namespace (locks every mount), limits, output captured;
                       runs the cells, then serves calls over a socket with autograder.wire

Everything the submission starts lives in the child's PID namespace and dies with it.
Where user namespaces are not available, the child is a plain fork with resource limits
and its own session, and :attr:`Zygote.isolation` says so.

The grader side is :class:`Zygote` (one per worker) and :class:`Sandbox` (one per
submission: starts the child, restarts it after a timeout or crash, skipping a cell that
killed it, and enforces the time limits).
"""

import builtins
import ctypes
import io
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from autograder import drivers, seal, wire
from autograder.checking import SandboxCrashed, StudentTimeout

CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x00020000, 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_BIND, MS_REC, MS_PRIVATE = 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS = 1, 38
SYS_MOUNT_SETATTR, AT_FDCWD, AT_RECURSIVE, MOUNT_ATTR_RDONLY = 442, -100, 0x8000, 1
PACKAGE_ROOT = Path(__file__).resolve().parent.parent


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

class Zygote:
    """The warm parent of the sandboxes of one grader worker."""

    def __init__(self, hide=(), isolate=True, processes=Limits.processes, why_not_isolated=""):
        self.hide = tuple(hide)
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        config = {"fd": theirs.fileno(), "isolate": isolate, "reason": why_not_isolated, **_hidden_paths(hide)}
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from autograder.sandbox import _zygote_main; _zygote_main()",
             json.dumps(config)],
            pass_fds=[theirs.fileno()], env=_zygote_environment(), cwd="/", stdin=subprocess.DEVNULL)
        theirs.close()
        self.control = ours
        self.cgroup = _pids_cgroup(self.process.pid, processes + 3)  # + zygote, keeper, child
        reply = self._reply(timeout=120)
        if "fatal" in reply:
            self.close()
            raise RuntimeError(f"the sandbox could not start: {reply['fatal']}")
        self.isolation = reply["isolation"]
        self.isolation["description"] += (
            f"; at most {processes} processes (pids cgroup)" if self.cgroup else
            f"; at most {processes} processes (RLIMIT_NPROC)" if os.geteuid() != 0 else
            "; the number of processes is NOT limited (running as root without a pids cgroup)")

    @classmethod
    def best_available(cls, hide=(), processes=Limits.processes):
        """A zygote with namespaces, or, where setting them up fails, one without (and why)."""
        try:
            return cls(hide, processes=processes)
        except RuntimeError as error:
            return cls(hide, isolate=False, processes=processes, why_not_isolated=str(error))

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
        if self.cgroup:
            try:
                self.cgroup.rmdir()
            except OSError:
                pass


def _pids_cgroup(pid, most):
    """As root, a cgroup v1 pids group holding the zygote; None where unavailable or not needed.

    RLIMIT_NPROC counts processes per real user and never binds root, so a fork bomb of a
    sandbox run by root is bounded by a cgroup instead (where /sys/fs/cgroup/pids is writable).
    """
    base = Path("/sys/fs/cgroup/pids")
    if os.geteuid() != 0 or not (base / "cgroup.procs").exists():
        return None
    for stale in base.glob("autograder-*"):  # left by a grader that was killed
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
        return None
    return group


class Sandbox:
    """One submission's code running under :class:`Limits`, restarted when it dies.

    ``call(request, timeout)`` sends a request (see ``_serve``) and returns the decoded
    response. A timeout raises :class:`StudentTimeout` and a dead process
    :class:`SandboxCrashed` (from ``autograder.checking``); the next call starts the
    submission again, so one bad check costs that check alone.
    """

    def __init__(self, zygote, submission, limits=Limits()):
        self.zygote, self.limits = zygote, limits
        self.cells = [(cell.number, cell.source) for cell in submission.cells]
        self.module_name = submission.module_name
        self.skipped = {}       # cell number -> why it is no longer run
        self.cell_errors = []   # [{"cell": n, "error": "..."}] of the last start
        self.output = ""
        self.restarts = -1
        self.deadline = time.monotonic() + limits.submission_timeout
        self.sock = self.pid = None

    # -- lifecycle
    def start(self):
        """Run the cells in a fresh child; a cell that hangs or kills it is skipped next time."""
        self.restarts += 1
        if self.restarts > self.limits.max_restarts:
            raise SandboxCrashed("the submission's process was restarted too many times; the remaining checks were not run")
        while True:
            try:
                self.sock, self.pid = self.zygote.spawn()
            except (RuntimeError, OSError) as error:
                raise SandboxCrashed(f"the sandbox is not available ({error})") from None
            cell = None
            try:
                wire.send(self.sock, {"cells": [list(cell) for cell in self.cells if cell[0] not in self.skipped],
                                      "module": self.module_name, "limits": asdict(self.limits)})
                while True:
                    deadline = min(time.monotonic() + self.limits.cell_timeout, self.deadline)
                    message = wire.receive(self.sock, deadline)
                    if "cell" in message:
                        cell = message["cell"]
                        continue
                    self.cell_errors = sorted(message["errors"] + [
                        {"cell": number, "error": reason} for number, reason in self.skipped.items()],
                        key=lambda error: error["cell"])
                    self.output = message["output"]
                    return
            except wire.WireTimeout:
                self.kill()
                if time.monotonic() >= self.deadline:
                    raise StudentTimeout(f"the submission used up its time ({self.limits.submission_timeout:g} s)") from None
                self.skipped[cell] = f"did not finish within {self.limits.cell_timeout:g} s (skipped)"
            except (wire.WireError, OSError, KeyError, TypeError):
                self.kill()
                if cell is None:
                    raise SandboxCrashed("the submission's process could not start") from None
                self.skipped[cell] = "ended the process (exit, os._exit, a crash or too much memory); skipped"

    def call(self, request, timeout=None):
        """Send ``request`` to the child and return its response (a dict of plain data)."""
        message = wire.encode(request)  # a WireError here is the check's mistake, not the submission's
        if self.sock is None:
            self.start()
        deadline = min(time.monotonic() + (timeout or self.limits.call_timeout), self.deadline)
        try:
            self.sock.sendall(message)
            response = wire.receive(self.sock, deadline)
            if not isinstance(response, dict):
                raise wire.WireError("not a response")
            return response
        except wire.WireTimeout:
            self.kill()
            if time.monotonic() >= self.deadline:
                raise StudentTimeout(f"the submission used up its time ({self.limits.submission_timeout:g} s)") from None
            raise StudentTimeout(f"did not finish within {timeout or self.limits.call_timeout:g} seconds") from None
        except wire.WireBudgetExceeded as error:  # that call fails; the rest of the message is never read
            self.kill()
            return {"too_large": str(error)}
        except (wire.WireError, OSError):
            self.kill()
            raise SandboxCrashed("the submission's process ended during the call (exit, os._exit, a crash "
                                 "or too much memory)") from None

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


def _hidden_paths(extra):
    """What the zygote hides: every top-level folder but VISIBLE_TOP_LEVEL (the course, the
    hidden checks and solutions, the submissions, other users' files, sockets), package
    folders of the course installed with the interpreter, and the machine's secrets in /etc:
    feedback shows what a function returned, so whatever the sandbox can read, a student
    could read back in small pieces.

    ``hide``: directories covered by an empty file system; ``keep``: directories inside
    them that the interpreter needs (a virtualenv in the course folder); ``packages``:
    package folders hidden after that (``solutions`` installed in site-packages).
    """
    import importlib.util
    system = [os.path.join("/", name) for name in os.listdir("/") if name not in VISIBLE_TOP_LEVEL
              and not os.path.islink(os.path.join("/", name))]  # a link's target is covered or visible itself
    system += ["/dev/shm", "/etc/ssh", "/etc/ssl/private"]
    hide = {Path.cwd().resolve(), *(Path(path).resolve() for path in (*extra, *system))}
    if not (PACKAGE_ROOT / "site.py").exists() and "site-packages" not in PACKAGE_ROOT.parts:
        hide.add(PACKAGE_ROOT)
    packages = {PACKAGE_ROOT / "autograder" / "checks"}
    spec = importlib.util.find_spec("solutions")
    if spec and spec.submodule_search_locations:
        packages.update(Path(location).resolve() for location in spec.submodule_search_locations)
    keep = {Path(path).resolve() for path in (sys.prefix, sys.base_prefix, *sysconfig.get_paths().values())}
    keep.update(Path(path).resolve() for path in sys.path
                if path and ("site-packages" in path or "dist-packages" in path or path.startswith(sys.base_prefix)))
    hide = {path for path in hide if path != Path("/") and path.is_dir()}
    hide = {path for path in hide if not any(path != other and path.is_relative_to(other) for other in hide)}
    files = [path for path in ("/etc/shadow", "/etc/gshadow", "/etc/sudoers") if os.path.isfile(path)]
    return {"hide": sorted(map(str, hide)), "keep": sorted(str(path) for path in keep if path.is_dir()),
            "packages": sorted(str(path) for path in packages if path.is_dir()), "files": files}


def _zygote_environment():
    """A small, known environment: no secrets from the grader's, one BLAS thread."""
    environment = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "LC_ALL") if name in os.environ}
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


def _map_self_to_root(uid, gid):
    """Make the current process root of the user namespace it just created (only own ids)."""
    Path("/proc/self/setgroups").write_text("deny")
    Path("/proc/self/uid_map").write_text(f"0 {uid} 1")
    Path("/proc/self/gid_map").write_text(f"0 {gid} 1")


def _make_read_only():
    """Every mount read-only (recursively), with mount_setattr(2)."""
    class MountAttr(ctypes.Structure):
        _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                    ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]
    attr = MountAttr(MOUNT_ATTR_RDONLY, 0, 0, 0)
    _os_call(_libc.syscall(ctypes.c_long(SYS_MOUNT_SETATTR), ctypes.c_int(AT_FDCWD), b"/",
                           ctypes.c_uint(AT_RECURSIVE), ctypes.byref(attr), ctypes.c_size_t(ctypes.sizeof(attr))),
             "mount_setattr")


def _hide(config):
    """Cover the course, the submissions and the machine's private places with empty file systems
    (files with /dev/null); keep the interpreter's dirs."""
    for directory in config["hide"]:
        keep = [path for path in config["keep"] if Path(path).is_relative_to(directory) and path != directory]
        if any(Path(directory).is_relative_to(path) for path in config["keep"]):
            continue  # the interpreter itself lives there: hiding it would break imports
        handles = [(path, os.open(path, os.O_PATH)) for path in keep]
        _mount("tmpfs", directory, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=755")
        for path, handle in handles:
            os.makedirs(path, exist_ok=True)
            _mount(f"/proc/self/fd/{handle}", path, None, MS_BIND | MS_REC)
            os.close(handle)
    for directory in config["packages"]:
        if os.path.isdir(directory):
            _mount("tmpfs", directory, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=755")
    for path in config["files"]:
        _mount("/dev/null", path, None, MS_BIND)
    _minimal_dev()


DEVICES = ("null", "zero", "full", "random", "urandom")


def _minimal_dev():
    """Replace /dev by a few harmless devices: no disks, consoles or kernel log for the submission."""
    handles = {name: os.open(f"/dev/{name}", os.O_PATH) for name in DEVICES if os.path.exists(f"/dev/{name}")}
    _mount("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "size=64k,mode=755")
    for name, handle in handles.items():
        Path(f"/dev/{name}").touch()
        _mount(f"/proc/self/fd/{handle}", f"/dev/{name}", None, MS_BIND)
        os.close(handle)
    for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"),
                         ("stderr", "/proc/self/fd/2")):
        os.symlink(target, f"/dev/{name}")
    os.mkdir("/dev/shm")


def _zygote_main():
    """Entry point of the zygote process (see the module docstring)."""
    config = json.loads(sys.argv[1])
    control = socket.socket(fileno=config["fd"])
    _os_call(_libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL), "prctl")
    isolation, reason = {"level": "process"}, config["reason"]
    if config["isolate"]:
        uid, gid = os.getuid(), os.getgid()
        try:  # before importing numpy: a user namespace needs a single-threaded process
            _unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET)
            _map_self_to_root(uid, gid)
            isolation = {"level": "namespaces"}
        except OSError as error:
            reason = str(error)
    try:
        import numpy  # noqa: F401 - warm imports for the submissions
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot  # noqa: F401
        for name in ("autograder.problems", "autograder.drivers"):
            try:
                __import__(name)
            except ModuleNotFoundError as error:
                if error.name != name:
                    raise
        if isolation["level"] == "namespaces":
            _mount(None, "/", None, MS_REC | MS_PRIVATE)
            _hide(config)
            try:
                _make_read_only()
                isolation["read_only"] = True
            except OSError:
                isolation["read_only"] = False
        os.chdir("/")
    except BaseException as error:
        control.sendall(json.dumps({"fatal": f"{type(error).__name__}: {error}"}).encode())
        raise
    isolation["description"] = _describe_isolation(isolation, reason)
    control.sendall(json.dumps({"isolation": isolation}).encode())
    keepers = set()
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
                _keeper(fds[0], isolation["level"] == "namespaces")
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


def _describe_isolation(isolation, reason):
    if isolation["level"] == "namespaces":
        writable = ("file system read-only except a fresh work dir" if isolation["read_only"]
                    else "file system NOT read-only")
        return ("namespaces: own user, PID, mount and network namespaces; course, checks, solutions, "
                f"submissions and private system folders hidden; a minimal /dev; {writable}; resource limits")
    return ("process only: a forked process with resource limits and its own session. Linux user "
            f"namespaces are not available here ({reason or 'disabled'}), so the submission can read "
            "the course files, use the network, and a process it detaches may outlive it")


def _keeper(sock_fd, isolated):
    """One submission: a new PID namespace whose PID 1 is the child; cleans up after it."""
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        workdir = None
        if isolated:
            _unshare(CLONE_NEWPID | CLONE_NEWNS)
        else:
            workdir = tempfile.mkdtemp(prefix="autograder-")
        child = os.fork()
        if child == 0:
            _child(sock_fd, isolated, workdir)
        os.close(sock_fd)

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
            os.waitpid(child, 0)
        except ChildProcessError:
            pass
        stop()
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


def _child(sock_fd, isolated, workdir):
    """PID 1 of the submission: isolate, limit, run the cells, serve calls. Never returns."""
    try:
        _os_call(_libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL), "prctl")
        sock = socket.socket(fileno=sock_fd)
        config = wire.receive(sock, budget=wire.REQUEST)  # the cells, from the grader
        limits = Limits(**config["limits"])
        if isolated:
            _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
            _mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, f"size={limits.file_mb}m,mode=1777")
            _unshare(CLONE_NEWUSER | CLONE_NEWNS)  # mounts copied into a new user namespace are locked
            _map_self_to_root(0, 0)
            workdir = "/tmp"
        os.setsid()
        os.chdir(workdir)
        os.environ.update(HOME=workdir, TMPDIR=workdir, MPLCONFIGDIR=workdir)
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
    try:
        serve = _sealed_serve()  # before the cells run: nothing they patch reaches it
        namespace, errors = _run_cells(sock, config["cells"], config["module"])
        wire.send(sock, {"errors": errors, "output": output.kept.decode("utf-8", "replace")})
        serve(sock, namespace)
    except BaseException:
        pass
    os._exit(0)


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


def resolver(namespace):
    """How function names in a request become callables: problems, or the student's own."""
    def resolve(kind, name):
        if kind == "n":
            function = namespace.get(name)
            if not callable(function):
                raise Missing(name)
            return function
        from autograder import problems
        function = getattr(problems, name, None) if not name.startswith("_") else None
        if not callable(function):
            raise wire.WireError(f"no problem named {name!r}")
        return function
    return resolve


def _sealed_serve():
    """:func:`_serve` from private copies of this module, autograder.wire and autograder.drivers
    (see autograder.seal), which the submission's cells cannot patch.

    The grader judges side effects from values the child sends: the arguments as they are
    after a call, the type of an exception. They come from the copies, not from a driver a
    cell can replace, so replacing ``call_catching``, ``answer``, ``wire.encode``,
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
    return seal.sealed([wire, drivers, sys.modules[__name__]])[__name__]._serve


def _serve(sock, namespace):
    """Answer the grader's requests until it closes the connection.

    {"op": "call", "name", "args", "kwargs", "return_args", "nonce"} -> {"result"[, "args"], "nonce"};
    {"op": "drive", "name", "args", "kwargs"} -> {"result"} from autograder.drivers;
    failures -> {"missing": name} | {"raised": {"type", "message", "value_error"}[, "args"]} | {"bad": why}
    | {"no_driver": name}.
    """
    resolve = resolver(namespace)
    while True:
        try:
            request = wire.receive(sock, resolve=resolve, budget=wire.REQUEST)
        except Missing as missing:
            wire.send(sock, {"missing": str(missing)})
            continue
        except wire.WireError:
            return
        response = answer(request, namespace)
        response["nonce"] = request.get("nonce")  # the grader accepts a result only with its request's nonce
        try:
            wire.send(sock, response)
        except BaseException as error:  # the result is not plain data, or misbehaves when encoded
            name, message = _exception_parts(error)
            wire.send(sock, {"bad": message if isinstance(error, wire.WireError) else f"{name} while reading it"})


def _missing_name(error, namespace):
    """The name a driver failed to find in the submission (a KeyError or NameError it raised itself)."""
    if not isinstance(error, (KeyError, NameError)) \
            or traceback.extract_tb(error.__traceback__)[-1].filename != drivers.__file__:
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
    name, args, kwargs = request["name"], tuple(request["args"]), request["kwargs"]
    if request["op"] == "drive":
        function = getattr(drivers, name, None) if not name.startswith("_") else None
        if function is None:
            return {"no_driver": name}
        call_args = (namespace, *args)
    else:
        function = namespace.get(name)
        if not callable(function):
            return {"missing": name}
        call_args = args
    try:
        response = {"result": function(*call_args, **kwargs)}
    except BaseException as error:
        missing = request["op"] == "drive" and _missing_name(error, namespace)
        if missing:
            return {"missing": missing}
        name, message = _exception_parts(error)
        response = {"raised": {"type": name, "message": message, "value_error": isinstance(error, ValueError)}}
    if request.get("return_args"):
        response["args"] = [None if callable(arg) else arg for arg in args]
    return response
