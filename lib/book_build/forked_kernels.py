"""Kernels forked from a process that has already imported ipykernel, pandas and matplotlib.

Each notebook of the build runs in a new kernel process, as in JupyterLab. A new
process pays about 1.3 s of CPU before a chapter's first line does anything of
its own: the interpreter, ipykernel, then pandas and matplotlib, which every
chapter imports. Sixteen chapters pay it sixteen times, on two cores. A
*zygote* pays it once: it imports those modules, then forks a child for each
kernel (the Android and ``multiprocessing``'s forkserver way).

A forked kernel is a new kernel in every way a notebook can see: a new process
in its own session, the notebook's folder as working directory, the
environment the executor gives it, an empty namespace, and this library
imported by the notebook itself, from disk. Only third-party modules that no
notebook changes are already in memory (:data:`PRELOAD`); nothing of the book
has run in the zygote.

jupyter_client starts kernels through a *kernel provisioner* (its plug-in
point, registered in ``pyproject.toml``): :class:`ForkedProvisioner` asks the
zygote for a child instead of starting ``python -m ipykernel_launcher``, and
watches that child through a pidfd, since the kernel is the zygote's child, not
ours. JupyterLab and Binder keep ipykernel's ordinary kernels.

The zygote speaks JSON lines on its stdin (``{"argv", "cwd", "env"}``) and
answers each with the child's pid on its stdout.
"""

from __future__ import annotations

import builtins
import importlib
import importlib.util
import json
import os
import select
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

#: Modules every chapter imports, and that no chapter changes: imported once, by the zygote.
PRELOAD = ("ipykernel.kernelapp", "pandas", "matplotlib.pyplot", "matplotlib.backends.backend_agg",
           "matplotlib.backends.backend_pdf", "IPython.display", "pandera.pandas", "babel.numbers", "babel.dates")
#: The backend ipykernel gives matplotlib when nothing else is set (kernelapp.init_gui_pylab):
#: matplotlib reads it at import, which happens in the zygote.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
#: Name of the provisioner (the entry point in pyproject.toml).
PROVISIONER = "economie-sociale-forked"


#: Set to 0 to run the build's notebooks in ordinary kernels (to rule the zygote out, say).
SWITCH_ENV = "ECONOMIE_SOCIALE_FORKED_KERNELS"


def wanted() -> bool:
    """Whether to fork kernels: on Linux (a kernel that is not our child is watched through a pidfd,
    Linux 5.3 and later; macOS frameworks do not survive a fork), unless :data:`SWITCH_ENV` is 0."""
    return sys.platform == "linux" and hasattr(os, "pidfd_open") and os.environ.get(SWITCH_ENV, "1") != "0"


@contextmanager
def zygote_if_wanted(needed: bool = True) -> Iterator[Zygote | None]:
    """A running :class:`Zygote` for the block, or None (ordinary kernels) where one is not
    :func:`wanted` or not ``needed`` (a single notebook gains nothing from it)."""
    if not (needed and wanted()):
        yield None
        return
    with Zygote() as zygote:
        yield zygote


class ZygoteError(RuntimeError):
    """The zygote could not start, or could not fork a kernel."""


# --------------------------------------------------------------------------
# the zygote (this module run as a program)

def _serve() -> None:
    # As ipykernel_launcher does: the zygote's folder must not shadow a notebook's imports.
    if sys.path and (sys.path[0] == "" or Path(sys.path[0]) == Path.cwd()):
        del sys.path[0]
    pythonpath = _pythonpath(os.environ)  # resolved here, against the zygote's folder
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    before = dict(os.environ)
    # A module may look at import whether it runs in a kernel: pandas does (a kernel's DataFrames show 20
    # columns, a terminal's as many as fit). In a kernel, imports run inside a cell, where IPython has put
    # get_ipython() among the builtins and it returns a shell with a kernel: say so, for the imports only.
    builtins.get_ipython = lambda: _KernelShell
    try:
        for name in PRELOAD:
            importlib.import_module(name)
    finally:
        del builtins.get_ipython
    # what the imports put in the environment (pandera sets two variables): a kernel that imports them has it
    set_by_imports = {k: v for k, v in os.environ.items() if before.get(k) != v}
    replies = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # what a kernel writes to fd 1 goes where ordinary kernels' output goes: stderr
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped by the system, not waited for
    # Ctrl-C in the terminal reaches the whole foreground group, the zygote included: the executor
    # handles it (one line) and closes our input, which ends this loop; a traceback here would be noise
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    print("ready", file=replies, flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            replies.close()
            _become_kernel(request, set_by_imports, pythonpath)  # does not return
        print(pid, file=replies, flush=True)


class _KernelShell:
    """What an import sees of ``get_ipython()`` in a kernel: a shell with a kernel."""

    kernel = True


def _pythonpath(env) -> list[str]:
    return [os.path.abspath(p) for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]


def _become_kernel(request: dict, set_by_imports: dict[str, str], pythonpath: list[str]) -> None:
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the kernel's own subprocesses are waited for
        signal.signal(signal.SIGINT, signal.default_int_handler)  # interrupting a cell works as in any kernel
        os.setsid()  # its own process group, as jupyter_client starts kernels: interrupts reach it alone
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        sys.stdin = open(os.devnull)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ.update(set_by_imports)
        if sys.path[:len(pythonpath)] == pythonpath:  # relative PYTHONPATH entries: against the kernel's folder
            sys.path[:len(pythonpath)] = _pythonpath(os.environ)
        # ipykernel then watches its parent, and ends if the zygote does (as ordinary kernels do their executor).
        os.environ["JPY_PARENT_PID"] = str(os.getppid())
        sys.argv = [importlib.util.find_spec("ipykernel_launcher").origin, *request["argv"][3:]]  # as python -m sets it
        from ipykernel.kernelapp import launch_new_instance
        # after python -m ipykernel_launcher; the parent is read from the environment at import, too early here
        launch_new_instance(argv=[*request["argv"][3:], f"--IPKernelApp.parent_handle={os.getppid()}"])
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 0 if stop.code is None else 1
    except BaseException:  # noqa: BLE001 - whatever it was, the kernel must not return into the zygote's loop
        import traceback
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


# --------------------------------------------------------------------------
# the executor's side

class Zygote:
    """A running zygote; :meth:`fork` gives a kernel process. Usable from several threads."""

    def __init__(self, env: dict[str, str] | None = None):
        env = dict(os.environ if env is None else env)
        env.pop("MPLBACKEND", None)  # Agg would drop every figure (see notebooks.execute)
        self._lock = threading.Lock()
        self._kernels: list[_ForkedProcess] = []  # for kill_kernels (Ctrl-C)
        self._process = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, env=env, text=True)
        self._expect("ready")

    def _expect(self, what: str) -> str:
        line = self._process.stdout.readline().strip()
        if not line:
            code = self._process.wait()
            raise ZygoteError(f"the kernel zygote stopped (exit code {code}) before answering {what!r}; "
                              f"its error is printed above")
        return line

    def fork(self, argv: list[str], cwd: str, env: dict[str, str]) -> int:
        with self._lock:
            if self._process.poll() is not None:
                raise ZygoteError("the kernel zygote has stopped")
            self._process.stdin.write(json.dumps({"argv": argv, "cwd": cwd, "env": env}) + "\n")
            self._process.stdin.flush()
            return int(self._expect("fork"))

    def adopt(self, kernel: _ForkedProcess) -> None:
        with self._lock:
            self._kernels = [k for k in self._kernels if k.returncode is None] + [kernel]

    def kill_kernels(self) -> None:
        """Stop every kernel still running at once (Ctrl-C: nothing they would still do is wanted)."""
        with self._lock:
            for kernel in self._kernels:
                kernel.kill()

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.stdin.close()  # the zygote's loop ends with its input
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process.stdout.close()

    def __enter__(self) -> Zygote:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def kernel_manager_class(self) -> type[ForkedKernelManager]:
        """For ``NotebookClient(kernel_manager_class=...)``, which then owns (and shuts down) each kernel."""
        return type("ForkedKernelManager", (ForkedKernelManager,), {"zygote": self})


class _ForkedProcess:
    """What jupyter_client expects of a kernel's ``Popen``, for a process that is not our child."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None
        try:
            self._fd: int | None = os.pidfd_open(pid)
        except ProcessLookupError:  # already gone
            self._fd = None
            self.returncode = 0

    def poll(self) -> int | None:
        if self.returncode is None and select.select([self._fd], [], [], 0)[0]:
            self._ended()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            if not select.select([self._fd], [], [], timeout)[0]:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            self._ended()
        return self.returncode

    def _ended(self) -> None:
        # The exit status went to the zygote (which let the system reap it): only the end is known here.
        self.returncode = 0
        os.close(self._fd)
        self._fd = None

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            signal.pidfd_send_signal(self._fd, signum)  # through the pidfd: never another process that took the pid

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class ForkedProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, with the kernel forked by the zygote of its kernel manager."""

    async def launch_kernel(self, cmd: list[str], **kwargs) -> dict:
        zygote = getattr(self.parent, "zygote", None)
        if zygote is None:
            raise ZygoteError("a forked kernel needs a ForkedKernelManager with a zygote")
        if cmd[1:3] != ["-m", "ipykernel_launcher"] or Path(cmd[0]).resolve() != Path(sys.executable).resolve():
            raise ZygoteError(f"the zygote forks this Python's ipykernel ({sys.executable}); "
                              f"the kernel spec asks for: {' '.join(map(str, cmd))}")
        env = kwargs.get("env") or dict(os.environ)
        cwd = str(kwargs.get("cwd") or Path.cwd())
        pid = zygote.fork([str(c) for c in cmd], cwd, {str(k): str(v) for k, v in env.items()})
        self.process = _ForkedProcess(pid)
        zygote.adopt(self.process)
        self.pid = self.pgid = pid  # the child called setsid: it leads its own group
        self.cwd = cwd
        return self.connection_info


class ForkedKernelManager(AsyncKernelManager):
    """An async kernel manager whose kernels come from a :class:`Zygote`."""

    zygote: Zygote | None = None  # set on the subclass Zygote.kernel_manager_class makes

    @property
    def kernel_spec(self):
        spec = super().kernel_spec
        if spec is not None and spec.metadata.get("kernel_provisioner", {}).get("provisioner_name") != PROVISIONER:
            spec.metadata = {**spec.metadata, "kernel_provisioner": {"provisioner_name": PROVISIONER}}
        return spec


if __name__ == "__main__":
    _serve()
