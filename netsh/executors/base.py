"""The executor interface, and running argv lists with plumbum."""

from __future__ import annotations

import os
import time

from netsh.command import Command, Result
from netsh.errors import EnvironmentProblem
from netsh.packages import install_hint

# Per-command ceiling: nothing in a lesson should take this long; a hung tool
# must not hang the lesson (and its cleanup) forever.
TIMEOUT = 60
# Probes run side by side: enough to overlap ping deadlines, few enough to keep a
# two-core machine responsive.
WORKERS = 8
# The tether's check: its parent is netsh (PID in $1), else netsh is gone: do not run.
TETHER_CHECK = '[ "$PPID" = "$1" ] || exit 125; shift; exec "$@"'


class Executor:
    """Runs commands somewhere. Subclasses set `target` and `prefix`."""

    target = "?"
    live = True       # False: nothing really runs (claims cannot be judged)
    restores = False  # True: changes persist, so the runner journals and undoes them
    prefix: tuple[str, ...] = ()  # wraps every argv: "in the sandbox" is a prefix
    batch = False     # True: runs of `ip` commands for one place share one `ip -batch` (batch.py)
    local = True      # False: commands run elsewhere (SSH), so a signal cannot reach them directly
    # Innermost prefix: the command gets a parent-death signal, so a ping in flight
    # dies with netsh, kill -9 included, instead of holding a namespace it is in.
    # After the namespace prefix (nsenter), which may change credentials and so clear it.
    # The signal is armed only when setpriv runs; netsh killed between its fork and then
    # would leave the command unarmed for good (an `nft monitor` lived on, holding its
    # namespace). So a shell checks, once armed, that its parent is still netsh.
    tether: tuple[str, ...] = ("setpriv", "--pdeathsig", "KILL", "--", "/bin/sh", "-c", TETHER_CHECK, "sh",
                               str(os.getpid()))

    def setup_steps(self):
        """Steps that make the place look like the tutorial's host (shown, then run)."""
        return ()

    def program(self, name: str):
        """The plumbum command for `name` where commands run (here: this machine)."""
        from plumbum import local

        return local[name]

    def run(self, command: Command) -> Result:
        from plumbum.commands.processes import CommandNotFound, ProcessTimedOut

        argv = self._argv(command)
        start = time.monotonic()
        try:
            bound = self.program(argv[0])[argv[1:]]
            if command.stdin is not None:
                bound = bound << command.stdin
            # Its own session: a Ctrl-C at the terminal reaches netsh alone, which
            # decides (finish a change, run the undo); when netsh is interrupted
            # while waiting (a ping), the command is killed, not left behind.
            with bound.bgrun(retcode=None, timeout=TIMEOUT, start_new_session=True) as proc:
                try:
                    code, out, err = proc.run()
                except BaseException:
                    proc.kill()
                    proc.wait()
                    raise
        except CommandNotFound:
            raise not_installed(argv[0], command) from None
        except ProcessTimedOut:
            code, out, err = 124, "", f"timed out after {TIMEOUT} s"
        if code == 127 and not self.prefix and self.tether and f"exec: {command.argv()[0]}: not found" in err:
            raise not_installed(command.argv()[0], command)  # looked up by the tether's shell, not by plumbum
        return Result(command, code, out, err, time.monotonic() - start)

    def _argv(self, command: Command) -> tuple[str, ...]:
        """What really runs: the place's prefix, the tether, then the command."""
        return (*self.prefix, *self.tether, *command.argv())

    def start(self, command: Command, stderr: bool = False):
        """Start `command` in the background (a monitor netsh reads, a ping it may stop):
        a Popen with its stdout (and, if asked, stderr) piped."""
        import subprocess

        argv = self._argv(command)  # a watched ping dies with netsh too
        return self.program(argv[0])[argv[1:]].popen(
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE if stderr else subprocess.DEVNULL, start_new_session=True)

    def next_group(self, pending) -> tuple[Command, ...]:
        """The commands `run_many` takes next from the front of `pending` (at least one)."""
        if self.batch and self.live:
            from netsh.executors.batch import leading_run
            return leading_run(pending)
        return tuple(pending[:1])

    def run_many(self, commands) -> list[Result]:
        """Run a group from `next_group` in order, up to and including the first failure."""
        if self.batch and self.live:
            from netsh.executors.batch import run_batch
            return run_batch(self, commands)
        results = []
        for command in commands:
            results.append(self.run(command))
            if results[-1].ran and not results[-1].ok:
                break
        return results

    def run_side_by_side(self, commands) -> list[Result]:
        """Independent read-only commands (pings), at most WORKERS at a time; results in order."""
        return self.side_by_side(self.run, commands)

    def side_by_side(self, fn, items) -> list:
        """`fn` over `items` that do not depend on each other, at most WORKERS at a time; in order."""
        if len(items) < 2 or not self.live:
            return [fn(item) for item in items]
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=min(WORKERS, len(items))) as pool:
            return list(pool.map(fn, items))

    def missing(self, names: list[str]) -> list[str]:
        """Which of these programs cannot be found where commands run."""
        import shutil

        return [name for name in names if shutil.which(name) is None]

    def facts(self) -> dict:
        """Kernel and tool versions where the commands run."""
        from netsh.command import cmd

        probes = {"kernel": cmd("uname", "-r"), "iproute2": cmd("ip", "-V"),
                  "ethtool": cmd("ethtool", "--version"), "iptables": cmd("iptables", "--version")}
        out = {}
        for name, c in probes.items():
            try:
                r = self.run(c)
                out[name] = r.stdout.strip().splitlines()[0] if r.ok and r.stdout.strip() else "unknown"
            except EnvironmentProblem:
                out[name] = "missing"
        return out

    def journal(self, namespaces: list[str]):
        """Where changes persist (`restores`): take the locks for this place and these
        namespace names, refuse after an interrupted run, and open the undo journal."""
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def not_installed(tool: str, command: Command) -> EnvironmentProblem:
    return EnvironmentProblem(f"`{tool}` is not installed (needed for `{command.display}`)",
                              f"{install_hint([tool])} (or run ./scripts/netsh, which installs it).")
