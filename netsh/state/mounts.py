"""`findmnt --json --list` into frozen dataclasses: the mounts a process sees."""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass

from netsh.errors import BadToolOutput

COLUMNS = "ID,PARENT,TARGET,SOURCE,FSTYPE,PROPAGATION,VFS-OPTIONS"
FINDMNT = ("findmnt", "--json", "--list", "--output", COLUMNS)  # every mount the caller sees


@dataclass(frozen=True)
class Mount:
    id: int
    parent: int
    target: str
    source: str
    fstype: str
    propagation: str  # "private", "shared", "private,slave", ...
    options: str = ""  # the mount's own flags: "rw,nosuid,..." or "ro,..."

    @property
    def shared(self) -> bool:
        """Mounts and unmounts below it reach its peers in other mount namespaces."""
        return "shared" in self.propagation.split(",")

    @property
    def read_only(self) -> bool:
        return "ro" in self.options.split(",")

    def covers(self, path: str) -> bool:
        return self.target == "/" or path == self.target or path.startswith(self.target + "/")


def parse(text: str) -> tuple[Mount, ...]:
    """findmnt's JSON (`--json --list --output COLUMNS`); older findmnt versions
    print the numbers as strings."""
    try:
        rows = json.loads(text)["filesystems"]
        return tuple(Mount(int(r["id"]), int(r["parent"]), r["target"], r.get("source") or "",
                           r.get("fstype") or "", r.get("propagation") or "", r.get("vfs-options") or "")
                     for r in rows)
    except (ValueError, KeyError, TypeError) as exc:
        raise BadToolOutput(f"findmnt printed something that is not its JSON mount list ({exc}): {text[:120]!r}",
                            "netsh needs findmnt from util-linux >= 2.27 (JSON output).") from None


def serving(mounts: tuple[Mount, ...], path: str) -> Mount | None:
    """The mount a path lies on, found as the kernel walks the path: from the root
    mount, into the first mount crossed (the shortest mount point on the way; a
    mount stacked on another is its child), until no mount below covers the path.
    A mount hidden under a later one on a parent folder is never reached."""
    path = posixpath.normpath(path)
    ids = {m.id for m in mounts}
    here = next((m for m in mounts if m.parent not in ids or m.parent == m.id), None)
    while here is not None:
        below = [m for m in mounts if m.parent == here.id and m.id != here.id and m.covers(path)]
        if not below:
            return here
        shortest = min(len(m.target) for m in below)
        here = [m for m in below if len(m.target) == shortest][-1]
    return None
