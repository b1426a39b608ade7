"""A remote host over SSH: the same sandbox (or `--on-host`), on another machine.

netsh talks to the system's OpenSSH client through plumbum's SshMachine, so
authentication is whatever the user's ssh config does (keys, agent,
ProxyJump); `-F FILE` points at another config. Nothing is installed on the far
side: it needs only the tools the scenario runs (iproute2, iptables, ethtool,
ping, util-linux).

Lifetimes are tied to the connection. A *keeper* is a remote process that is
the command of its own SSH session and reads netsh's heartbeats on its stdin: in
a sandbox run it is the sandbox holder (after `unshare`, with a parent-death
signal on the sshd session process); in an `--on-host` run it holds the remote
locks (`flock`). When netsh ends, its pipe to ssh closes and the keeper reads
EOF; when sshd goes, the death signal or the EOF ends it; when the connection is
cut without a word, the heartbeats stop and SILENCE seconds later it ends too.
Either way the remote sandbox, with everything made in it, is gone. No init is
needed there: an ended keeper may stay a zombie, which holds no namespace.
"""

from __future__ import annotations

import contextlib
import os
import select
import shlex
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from netsh.command import Command, Result, cmd
from netsh.errors import ConnectionLost, EnvironmentProblem, JournalError, LockBusy, UsageError
from netsh.executors.base import Executor
from netsh.executors.sandbox import PRIVATE_NETNS_DIR, enter_argv, host_like_steps, unshare_argv
from netsh.executors.seal import require_sealed
from netsh.privileges import privileges, require_networking
from netsh.journal import Journal
from netsh.packages import install_hint

CONNECT_TIMEOUT = 10  # seconds until the remote shell must answer
READY_TIMEOUT = 30    # seconds for a keeper to say it is ready
REMOTE_STATE = "/run/netsh"
# Commands in flight on one connection (side-by-side probes): sshd allows 10
# sessions per connection by default (MaxSessions), two of which netsh holds.
PARALLEL = 4
LOCK_BUSY = 75        # flock's exit code when a remote lock is taken (-E)
SBIN = ("/usr/local/sbin", "/usr/sbin", "/sbin")
KEEPER_GRACE = 3      # seconds for the keeper's ssh to see that the connection dropped

BEAT = 5              # seconds between netsh's heartbeats to its keeper
SILENCE = 30          # seconds without one after which the keeper ends

# A keeper's wait: a heartbeat line at least every SILENCE seconds, until EOF. A
# connection cut without a word (a network partition) goes unnoticed by sshd for
# hours (TCP keepalive); the silence ends the keeper, and what it holds, anyway.
KEEP_ALIVE = (f"command -v timeout >/dev/null || {{ echo 'timeout (coreutils) is missing' >&2; exit 4; }}\n"
              'echo "ready $$"\n'
              f"while timeout {SILENCE} sh -c 'read -r _'; do :; done\n")
# The remote sandbox holder: private /run/netns, then the keeper's wait.
REMOTE_HOLDER = PRIVATE_NETNS_DIR + KEEP_ALIVE
# A keeper that holds nothing but the session (the locks are held by `flock` around it).
SESSION_KEEPER = KEEP_ALIVE


@dataclass(frozen=True)
class SshTarget:
    host: str
    user: str | None = None
    port: int | None = None

    def __str__(self) -> str:
        user = f"{self.user}@" if self.user else ""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"ssh://{user}{host}" + (f":{self.port}" if self.port else "")


def is_ssh(target: str) -> bool:
    return target.startswith("ssh://")


def parse_target(text: str) -> SshTarget:
    """`ssh://[user@]host[:port]` (a host alias from ssh_config works too)."""
    bad = UsageError(f"{text!r} is not an SSH target", "Write it as ssh://[user@]host[:port].")
    if not is_ssh(text):
        raise bad
    parts = urlsplit(text)
    try:
        port = parts.port
    except ValueError:
        raise bad from None
    if not parts.hostname or parts.path not in ("", "/") or parts.query or parts.password:
        raise bad
    return SshTarget(parts.hostname, parts.username, port)


def ssh_options(ssh_config: str | None, folder: str) -> list[str]:
    """Options for every ssh call: never prompt, give up on a dead peer, share one connection."""
    opts = ["-F", ssh_config] if ssh_config else []
    return [*opts, "-o", "BatchMode=yes", "-o", f"ConnectTimeout={CONNECT_TIMEOUT}",
            "-o", "ServerAliveInterval=5", "-o", "ServerAliveCountMax=3",
            "-o", "ControlMaster=auto", "-o", f"ControlPath={folder}/c", "-o", "ControlPersist=no"]


def control_dir() -> tempfile.TemporaryDirectory:
    """A private folder for this connection's control socket (one per executor).

    A socket's path must fit in 108 bytes: with a long TMPDIR, /tmp is used instead.
    """
    folder = tempfile.TemporaryDirectory(prefix="netsh-ssh-")
    if len(folder.name) > 100:
        folder.cleanup()
        folder = tempfile.TemporaryDirectory(prefix="netsh-ssh-", dir="/tmp")
    return folder


class SshExecutor(Executor):
    """Runs every command on a remote host, in a remote sandbox unless `on_host`."""

    # Remote commands end with their SSH session (module docstring), not with a local parent.
    tether: tuple[str, ...] = ()
    sbin: list[str] = []  # sbin folders missing from the login's PATH
    local = False  # a signal to the ssh client does not reach the remote command

    def __init__(self, target: str, ssh_config: str | None = None, on_host: bool = False):
        self.where = parse_target(target)
        self.on_host = on_host
        self.restores = on_host
        self.target = f"{self.where} ({'on the host' if on_host else 'sandbox'})"
        self.keeper: subprocess.Popen | None = None
        self._stopped = threading.Event()  # ends the heartbeats (close)
        self._slots = threading.BoundedSemaphore(PARALLEL)
        self._control = control_dir()
        self._opts = ssh_options(ssh_config, self._control.name)
        self.machine = self._connect()
        try:
            self.tether = self._sbin_on_path()
            self.root = self._read(cmd("id", "-u")) == "0"
            self.rootless = not self.root
            if not on_host:
                self._sandbox()
        except BaseException:
            self.close()
            raise

    def _sandbox(self) -> None:
        """Hold a sandbox there (in a user namespace where root lacks network privileges), prove it sealed."""
        from netsh.doctor import There

        there = There(self)
        priv = privileges(there)
        self.rootless = priv.userns
        self.pid = self._hold(unshare_argv(self.rootless, keep=False, script=REMOTE_HOLDER,
                                           unlock_sysctls=priv.can_unlock_sysctls),
                              "cannot create the sandbox namespaces there"
                              + (f" ({priv.cause()}, so in a user namespace)" if self.root and self.rootless else ""))
        self.prefix = enter_argv(self.pid, self.rootless)
        require_sealed(self)
        require_networking(self, priv, there)

    def _connect(self):
        from plumbum.machines.ssh_machine import SshMachine

        w = self.where
        if shutil.which("ssh") is None:
            self._control.cleanup()
            raise EnvironmentProblem(f"cannot reach {w}: the OpenSSH client `ssh` is not installed here",
                                     "Install it: apt-get install openssh-client.")
        try:
            return SshMachine(w.host, user=w.user, port=w.port, ssh_opts=self._opts,
                              connect_timeout=CONNECT_TIMEOUT, new_session=True)
        except Exception as exc:  # plumbum raises several kinds; all mean "no usable shell there"
            # plumbum may have lost ssh's own words (a broken pipe): ask ssh once more.
            detail = self._why_not() or " ".join(str(getattr(exc, "stderr", "") or exc).split())[-300:]
            self._control.cleanup()
            raise EnvironmentProblem(
                f"cannot reach {w} over SSH: {detail or type(exc).__name__}",
                "Check that `ssh` reaches it without a password prompt (keys or agent; netsh "
                "runs ssh with BatchMode=yes), or pass another config with --ssh-config.") from None

    def _sbin_on_path(self) -> tuple[str, ...]:
        """A non-root login's PATH often lacks the sbin folders, where Debian puts ip,
        iptables and ethtool: every command then runs under `env PATH=...` with them
        added after the login's own (the innermost prefix, inside nsenter)."""
        path = self.machine.env.get("PATH", "")
        self.sbin = [d for d in SBIN if d not in path.split(":")]
        return ("env", "PATH=" + ":".join([p for p in (path, *self.sbin) if p])) if self.sbin else ()

    def _why_not(self) -> str:
        """What ssh itself says when it cannot get a shell there (its last line)."""
        w = self.where
        argv = ["ssh", *self._opts, *(["-p", str(w.port)] if w.port else []),
                f"{w.user}@{w.host}" if w.user else w.host, "true"]
        try:
            err = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                 timeout=CONNECT_TIMEOUT + 5).stderr
        except (OSError, subprocess.TimeoutExpired):
            return ""
        lines = err.strip().splitlines()
        return lines[-1].strip() if lines else ""

    def _hold(self, argv: list[str], failure: str) -> int:
        """Start a keeper as the command of its own SSH session; returns its remote PID.

        The login shell `exec`s it, so its parent is the sshd session process
        (whose PID the last argument passes for the holder's race check).
        """
        remote = "exec " + shlex.join(argv) + ' "$PPID"'
        proc = self.machine.popen([remote], ssh_opts=["-T"], new_session=True)
        line = _ready_line(proc.stdout, time.monotonic() + READY_TIMEOUT)
        if not line.startswith("ready "):
            try:
                code = proc.wait(5)  # it ended by itself (flock's busy code, a missing tool)
            except subprocess.TimeoutExpired:
                proc.kill()
                code = proc.wait()
            err = " ".join(proc.stderr.read().decode(errors="replace").split())[-300:]
            if code == LOCK_BUSY:
                raise LockBusy(f"another netsh run on {self.where} is using these names",
                               "Wait for it to finish, or use other names with --prefix.")
            raise EnvironmentProblem(f"{failure} ({self.where}): {err or f'exit {code}'}",
                                     f"Run `netsh doctor --target {self.where}`.")
        self.keeper = proc
        threading.Thread(target=self._beat, name=f"netsh-beat {self.where}", daemon=True).start()
        return int(line.split()[1])

    def _beat(self) -> None:
        """Tell the keeper, every BEAT seconds, that netsh and the connection are alive."""
        while not self._stopped.wait(BEAT):
            try:
                self.keeper.stdin.write(b"\n")
                self.keeper.stdin.flush()
            except (OSError, ValueError):  # its ssh has gone, or close() closed the pipe
                return

    def program(self, name: str):
        from plumbum.commands.processes import CommandNotFound

        try:
            return self.machine[name]
        except CommandNotFound:
            raise EnvironmentProblem(f"`{name}` is not installed on {self.where}",
                                     install_hint([name], "there") + ".") from None

    def locate(self, name: str) -> str | None:
        """Where program `name` is there, or None (sbin folders included)."""
        from plumbum.commands.processes import CommandNotFound

        try:
            return str(self.machine.which(name))
        except CommandNotFound:  # maybe in an sbin folder the login's PATH lacks
            return next((str(p) for d in self.sbin if (p := self.machine.path(d) / name).exists()), None)

    def missing(self, names: list[str]) -> list[str]:
        return [name for name in names if self.locate(name) is None]

    def run(self, command: Command) -> Result:
        if self.lost():
            raise self._lost_error()
        with self._slots:
            result = super().run(command)
        if result.exit_code == 255 and self.keeper is not None:
            # ssh's own failure: give the keeper's ssh a moment to notice a dropped connection.
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.keeper.wait(KEEPER_GRACE)
        # A dead keeper means the connection (and the sandbox) went.
        if not result.ok and (self.lost() or (self.keeper is None and result.exit_code == 255)):
            raise self._lost_error(result.stderr)
        return result

    def lost(self) -> bool:
        return self.keeper is not None and self.keeper.poll() is not None

    def _lost_error(self, detail: str = "") -> ConnectionLost:
        what = ("the changes made so far stay until you run "
                f"`netsh cleanup --target {self.where}`" if self.on_host
                else "the remote sandbox ended with it, taking everything made in it")
        return ConnectionLost(f"lost the SSH connection to {self.where}"
                              + (f": {detail.strip()}" if detail.strip() else ""),
                              f"Nothing more ran there; {what}.")

    def _read(self, command: Command) -> str:
        r = super().run(command)
        if not r.ok:
            raise EnvironmentProblem(f"`{command.display}` failed on {self.where}: {r.stderr.strip()}",
                                     f"Run `netsh doctor --target {self.where}`.")
        return r.stdout.strip()

    def setup_steps(self):
        return () if self.on_host else host_like_steps()

    # --- on the host: remote journal and locks ---------------------------------

    def journal_path(self) -> str:
        """Where the journal of this host's network namespace lives, on that host."""
        inode = self._read(cmd("stat", "-L", "-c", "%i", "/proc/self/ns/net"))
        return f"{REMOTE_STATE}/host-{inode}.journal"

    def journal(self, namespaces: list[str]) -> RemoteJournal:
        """Lock the remote network namespace and names, refuse after a crash, open the journal."""
        if not self.root:
            raise EnvironmentProblem(f"--on-host on {self.where} needs root there",
                                     "Log in as root (ssh://root@...), or drop --on-host to use a sandbox.")
        self._read(cmd("mkdir", "-p", "-m", "700", REMOTE_STATE))
        path = self.journal_path()
        # The same lock files as a local run there would take (journal.Lock): they exclude each other.
        inode = path[len(f"{REMOTE_STATE}/host-"):-len(".journal")]
        locks = [f"{REMOTE_STATE}/net-{inode}.lock", *(f"{REMOTE_STATE}/netns-{n}.lock" for n in namespaces)]
        argv = [a for lock in locks for a in ("flock", "-n", "-E", str(LOCK_BUSY), lock)]
        self._hold([*argv, "sh", "-c", SESSION_KEEPER, "sh"], "cannot take the locks there")
        if super().run(cmd("test", "-e", path)).ok:
            raise EnvironmentProblem(f"an earlier on-host run on {self.where} was interrupted ({path})",
                                     f"Run `netsh cleanup --target {self.where}`, then try again.")
        return RemoteJournal(path, self)

    def close(self) -> None:
        self._stopped.set()
        if self.keeper is not None and self.keeper.poll() is None:
            self.keeper.stdin.close()  # EOF: the keeper ends, and with it the sandbox
            try:
                self.keeper.wait(10)
            except subprocess.TimeoutExpired:
                self.keeper.kill()
                self.keeper.wait()
        if getattr(self, "machine", None) is not None:
            self.machine.close()
        self._control.cleanup()


def _ready_line(stream, deadline: float) -> str:
    """The keeper's "ready PID" line; what a chatty login script prints before it is skipped.

    Read straight from the pipe (no buffer that select cannot see), up to the deadline.
    """
    fd, pending = stream.fileno(), b""
    while (left := deadline - time.monotonic()) > 0 and select.select([fd], [], [], left)[0]:
        chunk = os.read(fd, 4096)
        if not chunk:
            return ""
        pending += chunk
        for line in pending.decode(errors="replace").splitlines(keepends=True):
            if line.startswith("ready ") and line.endswith("\n"):
                return line
    return ""


class RemoteJournal(Journal):
    """The undo journal, kept on the remote host and appended with `dd` (fsync'ed)."""

    def __init__(self, path: str, executor: SshExecutor):
        super().__init__(path)
        self.ex = executor

    def _append(self, record: dict) -> None:
        import json

        line = json.dumps(record) + "\n"
        r = self.ex.run(cmd("dd", f"of={self.path}", "oflag=append", "conv=notrunc,fsync", "status=none",
                            stdin=line))
        if not r.ok:
            raise JournalError(f"cannot write the journal {self.path} on {self.ex.where}: {r.stderr.strip()}",
                               "Check that /run is writable there.")

    def close(self) -> None:
        pass

    def discard(self) -> None:
        self.ex.run(cmd("rm", "-f", self.path))

