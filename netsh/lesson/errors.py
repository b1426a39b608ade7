"""Where in a lesson file something is wrong, and the error that says so (exit 2)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from netsh.errors import UsageError


@dataclass(frozen=True)
class Where:
    file: str
    line: int = 0
    col: int = 0

    def at(self, col: int) -> Where:
        return replace(self, col=col)

    def __str__(self) -> str:
        return ":".join(str(p) for p in (self.file, self.line, self.col) if p)


class LessonError(UsageError):
    """A lesson that cannot be read as written; nothing has run."""

    def __init__(self, where: Where, message: str, hint: str = ""):
        super().__init__(f"{where}: {message}", hint)
        self.where = where
