"""The on-host undo journal: what to take back, written before each change.

One JSON object a line, appended and fsync'ed before the change it undoes:
  {"seq": N, "undo": {...command...}, "idempotent": bool}   before the change
  {"seq": N, "done": true} / {"seq": N, "failed": true}      after it
An entry that never got "done" (a crash in between) is undone only if its undo
is idempotent (restoring a value read before the change, or deleting a name
that was free just before the change: netsh/settle.py); a failed create is
never undone, so a name that already belonged to someone else is left alone.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

from netsh.command import Command
from netsh.errors import JournalError, LockBusy
from netsh.paths import netns_cookie, netns_id, state_dir


def encode(c: Command) -> dict:
    return {"args": list(c.args), "netns": c.netns, "stdin": c.stdin, "shell": c.shell}


def decode(d: dict) -> Command:
    """The undo a journal line names; TypeError if it is not shaped like one."""
    args, rest = d["args"], (d["netns"], d["stdin"], d["shell"])
    if not (isinstance(args, list) and args and all(isinstance(a, str) and "\0" not in a for a in args)
            and all(v is None or isinstance(v, str) for v in rest)):
        raise TypeError("not a command")
    return Command(tuple(args), netns=d["netns"], stdin=d["stdin"], shell=d["shell"])


def host_journal_path() -> Path:
    return state_dir() / f"host-{netns_id()}.journal"


class Journal:
    def __init__(self, path: Path, owner: int | None = None):
        self.path = path
        self.seq = 0
        self._fh = None
        # The network namespace's cookie, the journal's first line: its file is named
        # after the namespace's inode, and a deleted namespace's inode is reused.
        self.owner = owner

    def _append(self, record: dict) -> None:
        if self._fh is None:
            self._fh = open(self.path, "a", encoding="utf-8")
            _sync_dir(self.path.parent)  # the file's name must survive a crash too
            if self.owner is not None:
                self._fh.write(json.dumps({"netns_cookie": self.owner}) + "\n")
        self._fh.write(json.dumps(record) + "\n")
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def before(self, undo: Command, idempotent: bool) -> int:
        self.seq += 1
        self._append({"seq": self.seq, "undo": encode(undo), "idempotent": idempotent})
        return self.seq

    def after(self, seq: int, ok: bool) -> None:
        self._append({"seq": seq, "done" if ok else "failed": True})

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def discard(self) -> None:
        self.close()
        self.path.unlink(missing_ok=True)


def _sync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def pending_undos(path: Path) -> list[Command]:
    """The undos a journal asks for, newest first. Raises JournalError if corrupt."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise JournalError(f"cannot read the journal {path}: {exc}",
                           "Check its permissions; run netsh cleanup as the user who ran netsh.") from None
    except UnicodeDecodeError:
        raise JournalError(f"the journal {path} is damaged: it is not text",
                           "netsh will not guess what to undo. Look at the file, undo by hand, "
                           "then delete it.") from None
    owner, here = _owner(text), netns_cookie()
    if None not in (owner, here) and owner != here:
        raise JournalError(f"the journal {path} was written in another network namespace, since deleted, "
                           "whose inode number this one now has",
                           "Nothing of that namespace is left to restore here: read the file, then delete it.")
    return undos_in(text, path)


def _owner(text: str) -> int | None:
    """The cookie on a journal's first line, if it has one."""
    try:
        first = json.loads(text.split("\n", 1)[0])
    except ValueError:
        return None
    return first.get("netns_cookie") if isinstance(first, dict) else None


def undos_in(text: str, path) -> list[Command]:
    """The undos in a journal's text (read here or on a remote host), newest first."""
    return [e["undo"] for seq, e in sorted(_entries(text, path).items(), reverse=True)
            if e["state"] == "done" or (e["state"] is None and e["idempotent"])]


def unsettled_undos(path: Path) -> list[Command]:
    """Undos netsh will not run: of creations it was stopped in the middle of, so it
    cannot tell whether they happened (or whether the name was someone else's)."""
    return [e["undo"] for seq, e in sorted(_entries(path.read_text(encoding="utf-8"), path).items(),
                                           reverse=True) if e["state"] is None and not e["idempotent"]]


def _entries(text: str, path) -> dict[int, dict]:
    entries: dict[int, dict] = {}
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        try:
            rec = json.loads(line)
            if number == 1 and isinstance(rec, dict) and isinstance(rec.get("netns_cookie"), int):
                continue  # the header: whose journal this is (checked by pending_undos)
            seq = rec["seq"]
            if "undo" in rec:
                if not isinstance(rec["idempotent"], bool):
                    raise TypeError("idempotent is not a boolean")
                entries[seq] = {"undo": decode(rec["undo"]), "idempotent": rec["idempotent"], "state": None}
            else:
                entries[seq]["state"] = "done" if rec.get("done") else "failed"
        except (ValueError, KeyError, TypeError):
            cut = number == len(lines) and not text.endswith("\n")
            raise JournalError(
                f"the journal {path} is damaged at line {number}"
                f"{' (cut short: netsh stopped while writing it)' if cut else ''}: {line[:80]!r}",
                "netsh will not guess what to undo. Read the file: each line names an undo "
                "command; run the ones you need by hand, then delete the file.") from None
    return entries


class Lock:
    """An exclusive flock on a name; a second holder is refused, not queued."""

    def __init__(self, name: str, what: str):
        self.path = state_dir() / f"{name}.lock"
        self.what = what
        self._fh = None

    def __enter__(self):
        self._fh = open(self.path, "w")
        try:
            fcntl.flock(self._fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._fh.close()
            raise LockBusy(f"another netsh run is using {self.what}",
                           "Wait for it to finish, or use other names with --prefix.") from None
        return self

    def __exit__(self, *exc):
        self._fh.close()
