"""One small error hierarchy. Every message says what to do next."""

from __future__ import annotations


class NetshError(Exception):
    """Base class; `exit_code` is what the CLI exits with."""

    exit_code = 1

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


class UsageError(NetshError):
    """Bad input from the user: unknown scenario, malformed parameter."""

    exit_code = 2


class EnvironmentProblem(NetshError):
    """The machine cannot run this: a tool is missing, no privileges."""

    exit_code = 3


class CommandFailed(NetshError):
    """A command that should have worked did not; the run stops and undoes."""

    exit_code = 1

    def __init__(self, result, where: str):
        cmd = result.command
        super().__init__(
            f"`{cmd.display}` failed on {where} (exit {result.exit_code}): "
            f"{(result.stderr or result.stdout).strip() or 'no output'}",
            "netsh stopped here and undid what this run had created. If a name is "
            "already taken by something netsh did not create, remove it or pick other "
            "names with -p / --prefix.",
        )
        self.result = result


class JournalError(NetshError):
    """The on-host undo journal is unreadable: never ignore it silently."""

    exit_code = 3


class LockBusy(NetshError):
    """Another run holds the same names."""

    exit_code = 3


class PreconditionFailed(EnvironmentProblem):
    """Something the rest of a scenario needs is missing here (br_netfilter, say):
    the run stops, is reported and undone, and exits 3."""


class BadToolOutput(EnvironmentProblem):
    """A tool printed something that is not the JSON we asked for."""


class ConnectionLost(EnvironmentProblem):
    """The SSH connection to a remote host dropped in the middle of a run."""


class Lingering(NetshError):
    """Undone, but the kernel has not finished removing it within the bound."""

    exit_code = 1

    def __init__(self, what: list[str]):
        super().__init__("not everything this run removed is gone yet: " + "; ".join(what),
                         "Find what still holds the namespace (`ip netns identify PID`, `lsof`), end it, "
                         "and the kernel finishes the removal by itself.")
