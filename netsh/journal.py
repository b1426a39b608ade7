"""The on-host undo journal: what to take back, written before each change.

One JSON object a line, appended and fsync'ed before the change it undoes:
  {"seq": N, "undo": {...command...}, "idempotent": bool}   before the change
  {"seq": N, "done": true} / {"seq": N, "failed": true}      after it
An entry that never got "done" (a crash in between) is undone only if its undo
is idempotent (restoring a value read before the change); a failed create is
never undone, so a name that already belonged to someone else is left alone.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

from netsh.command import Command
from netsh.errors import JournalError, LockBusy
from netsh.paths import netns_id, state_dir


def encode(c: Command) -> dict:
    return {"args": list(c.args), "netns": c.netns, "stdin": c.stdin, "shell": c.shell}


def decode(d: dict) -> Command:
    return Command(tuple(d["args"]), netns=d["netns"], stdin=d["stdin"], shell=d["shell"])


def host_journal_path() -> Path:
    return state_dir() / f"host-{netns_id()}.journal"


class Journal:
    def __init__(self, path: Path):
        self.path = path
        self.seq = 0
        self._fh = None

    def _append(self, record: dict) -> None:
        if self._fh is None:
            self._fh = open(self.path, "a", encoding="utf-8")
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


def pending_undos(path: Path) -> list[Command]:
    """The undos a journal asks for, newest first. Raises JournalError if corrupt."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise JournalError(f"cannot read the journal {path}: {exc}",
                           "Check its permissions; run netsh cleanup as the user who ran netsh.") from None
    return undos_in(text, path)


def undos_in(text: str, path) -> list[Command]:
    """The undos in a journal's text (read here or on a remote host), newest first."""
    entries: dict[int, dict] = {}
    for number, line in enumerate(text.splitlines(), 1):
        try:
            rec = json.loads(line)
            seq = rec["seq"]
            if "undo" in rec:
                entries[seq] = {"undo": decode(rec["undo"]), "idempotent": rec["idempotent"], "state": None}
            else:
                entries[seq]["state"] = "done" if rec.get("done") else "failed"
        except (ValueError, KeyError, TypeError):
            raise JournalError(
                f"the journal {path} is damaged at line {number}: {line[:80]!r}",
                "netsh will not guess what to undo. Read the file: each line names an undo "
                "command; run the ones you need by hand, then delete the file.") from None
    return [e["undo"] for seq, e in sorted(entries.items(), reverse=True)
            if e["state"] == "done" or (e["state"] is None and e["idempotent"])]


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
