"""asciicast v2 recordings (https://docs.asciinema.org/manual/asciicast/v2/).

`CastWriter` is the file a rich Console writes to: every write becomes an
output event `[t, "o", data]` stamped by a clock, with `\\r\\n` line ends as
a terminal would show them. With the virtual clock of render/demo.py, time
passes only through typing and pacing, never through how long a command took,
so two recordings of one scenario differ only where command output differs.
`StepMarkers` adds one `[t, "m", label]` marker per step, for players that
jump between steps.
"""

from __future__ import annotations

import json
import os
import re
import time

from netsh.events import StepStarted
from netsh.i18n import localize, ui

LINE_END = re.compile(r"(?<!\r)\n")
PAUSE = 1.5  # seconds of recording before each step: time to read the narration
BEAT = 0.4   # after each command's output and each claim


class CastWriter:
    def __init__(self, clock, width: int, height: int, title: str, idle_time_limit: float = 2.0):
        self.clock = clock
        self.width = width
        self.height = height
        self.title = title
        self.idle_time_limit = idle_time_limit
        self.events: list[list] = []

    # The file interface rich's Console needs.
    def write(self, text: str) -> int:
        if text:
            self._add("o", LINE_END.sub("\r\n", text))
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True

    def marker(self, label: str) -> None:
        self.events.append([round(self.clock.now, 6), "m", label])

    def finish(self) -> None:
        """An empty event at the clock's time: players hold the last screen until then."""
        self.events.append([round(self.clock.now, 6), "o", ""])

    def _add(self, kind: str, data: str) -> None:
        t = round(self.clock.now, 6)
        last = self.events[-1] if self.events else None
        if last is not None and last[0] == t and last[1] == kind == "o":
            last[2] += data  # one event per moment keeps the file small
        else:
            self.events.append([t, kind, data])

    def header(self) -> dict:
        # SOURCE_DATE_EPOCH (the reproducible-builds convention) pins the one wall-clock field.
        stamp = int(os.environ.get("SOURCE_DATE_EPOCH") or time.time())
        return {"version": 2, "width": self.width, "height": self.height, "timestamp": stamp,
                "title": self.title, "idle_time_limit": self.idle_time_limit,
                "env": {"TERM": "xterm-256color", "SHELL": "/bin/bash"}}

    def dumps(self) -> str:
        lines = [json.dumps(self.header(), ensure_ascii=False)]
        lines += [json.dumps(e, ensure_ascii=False) for e in self.events]
        return "\n".join(lines) + "\n"

    def save(self, path) -> None:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(self.dumps())


class StepMarkers:
    """A run listener: a marker at the start of each scenario step."""

    def __init__(self, writer: CastWriter, lang: str = "en"):
        self.writer = writer
        self.lang = lang

    def __call__(self, event) -> None:
        if isinstance(event, StepStarted) and not event.setup:
            label = ui("Step {n}", self.lang, n=event.index)
            self.writer.marker(f"{label} · {localize(event.step.title, self.lang)}")


def recorder(title: str, width: int, height: int, lang: str, cps: float):
    """A virtual clock, the cast it stamps, a recording console writing to it, and its pacer."""
    from rich.console import Console

    from netsh.render.demo import Pacer, VirtualClock

    clock = VirtualClock()
    cast = CastWriter(clock, width, height, title)
    console = Console(file=cast, width=width, height=height, force_terminal=True, color_system="truecolor",
                      record=True, legacy_windows=False, _environ={})
    return clock, cast, console, Pacer(console, clock, cps=cps, pause=PAUSE, beat=BEAT, lang=lang)
