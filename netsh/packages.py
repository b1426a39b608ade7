"""Which Debian package gives each program netsh runs, read from the one table
(`packages.txt`, which scripts/bootstrap.sh reads too)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

TABLE = Path(__file__).with_name("packages.txt")


@dataclass(frozen=True)
class Program:
    name: str      # as it is run: "ip"
    package: str   # the Debian package that installs it: "iproute2"
    optional: bool  # only some scenarios need it


@functools.cache
def programs() -> dict[str, Program]:
    found = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        words = line.split("#", 1)[0].split()
        if words:
            found[words[0]] = Program(words[0], words[1], words[2:] == ["optional"])
    return found


def package_of(program: str) -> str:
    """The package to install for `program` (its own name when the table does not know it)."""
    known = programs().get(program)
    return known.package if known else program


def install_hint(missing: list[str], where: str = "") -> str:
    """`apt-get install ...` for these programs, with the packages each once."""
    packages = " ".join(sorted({package_of(name) for name in missing}))
    them = "it" if len(missing) == 1 else "them"
    return f"Install {them}{' ' + where if where else ''}: apt-get install {packages}"
