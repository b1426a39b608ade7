"""The command value: what runs, where, and how the tutorial writes it.

A Command never runs itself. Executors run `argv()`; renderers print `display`.
Both come from the same fields, so what is shown is what runs.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from netsh.kernel import Outdated

HOST = None  # `netns=HOST`: the host namespace (the sandbox's, or the real one)


@dataclass(frozen=True)
class Undo:
    """How to take a change back.

    `command` is a fixed undo. When the undo depends on the value before the
    change (a sysctl, a chain policy), `capture` reads it, `parse` takes the value
    out of what it printed, and `restore(value)` builds the undo. `script_parse`
    is `parse` for an exported bash script: an awk program, or None where the
    printed text is the value.
    """

    command: Command | None = None
    capture: Command | None = None
    restore: object = None  # Callable[[str], Command]
    parse: object = str.strip  # Callable[[str], str]
    script_parse: str | None = None

    def resolve(self, captured: str | None) -> Command | None:
        if self.capture is not None:
            return self.restore(self.parse(captured or ""))
        return self.command

    def on(self, host: str) -> Undo:
        restore = self.restore
        return replace(self, command=self.command.on(host) if self.command else None,
                       capture=self.capture.on(host) if self.capture else None,
                       restore=(lambda value: restore(value).on(host)) if restore else None)


@dataclass(frozen=True)
class Expect:
    """A command the tutorial says will fail, with the wordings it may print.

    `texts` pairs a label ("older kernels") with a regex for that wording.
    """

    texts: tuple[tuple[str, str], ...]
    outdated: Outdated | None = None  # kernels from some release on allow it

    def match(self, output: str) -> str | None:
        """The label of the first wording found in `output`, or None."""
        for label, regex in self.texts:
            if re.search(regex, output):
                return label
        return None


@dataclass(frozen=True)
class Creates:
    """Something a command brings into being, said by the builder that writes the
    command (netsh/tools/), so no one has to read it back out of the argv."""

    kind: Literal["netns", "link", "nft table"]
    name: str


@dataclass(frozen=True)
class Command:
    """One tool invocation: argv, the namespace it runs in, optional stdin.

    `shell` overrides the display for commands the tutorial writes in shell form
    (`echo 1 > /proc/sys/...`); it must be built with shlex quoting.
    """

    args: tuple[str, ...]
    netns: str | None = HOST
    stdin: str | None = None
    shell: str | None = None
    undo: Undo | None = None
    fails: Expect | None = None
    grep: str | None = None  # keep only output lines containing this (`| grep X`)
    host: str | None = None  # which machine of a multi-host scenario; None: the only one
    creates: tuple[Creates, ...] = ()  # the namespaces, links, tables it makes

    def created(self, kind: str) -> tuple[str, ...]:
        """The names of the things of `kind` ("netns", "link", ...) this command makes."""
        return tuple(c.name for c in self.creates if c.kind == kind)

    def argv(self) -> tuple[str, ...]:
        """The argv as it runs in its place: `ip netns exec NS` is a prefix."""
        if self.netns is HOST:
            return self.args
        return ("ip", "netns", "exec", self.netns, *self.args)

    @property
    def display(self) -> str:
        if self.shell is not None:
            text = self.shell
        else:
            text = shlex.join(self.argv())
            text = f"{text} | grep {shlex.quote(self.grep)}" if self.grep else text
        # Multi-host tutorials write the machine as a prompt: `host1$ ip link ...`.
        return f"{self.host}$ {text}" if self.host else text

    def on(self, host: str) -> Command:
        """This command, and its undo, on one machine of a multi-host scenario."""
        return replace(self, host=host, undo=self.undo.on(host) if self.undo else None)

    @property
    def changes(self) -> bool:
        return self.undo is not None

    def __str__(self) -> str:
        return self.display


def cmd(*args: str, netns: str | None = HOST, **kw) -> Command:
    return Command(tuple(str(a) for a in args), netns=netns, **kw)


@dataclass(frozen=True)
class Result:
    """What running a Command gave: exit code, output, time taken."""

    command: Command
    exit_code: int | None  # None: not run (dry run)
    stdout: str = ""
    stderr: str = ""
    duration: float = 0.0

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    @property
    def ran(self) -> bool:
        return self.exit_code is not None

    def to_json(self) -> dict:
        return {"command": self.command.display, "argv": list(self.command.argv()),
                "netns": self.command.netns, "host": self.command.host, "exit_code": self.exit_code,
                "stdout": self.stdout, "stderr": self.stderr,
                "duration": round(self.duration, 4)}
