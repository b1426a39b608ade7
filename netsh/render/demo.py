"""Paced teaching demos: a run listener that waits before each step and
types each command out before it runs.

Pacing lives here, not in scenarios or the runner: the runner only sends
events. To quit, the listener raises `Quit`, a KeyboardInterrupt, so the
runner's cleanup and the CLI's exit code 130 are exactly those of Ctrl-C.
Time goes through a clock: the wall clock for a live demo, a virtual one for
recordings (render/asciicast.py), which makes their timing reproducible.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from rich.console import Console
from rich.control import Control, ControlType

from netsh.events import ClaimChecked, CommandRan, StepStarted
from netsh.i18n import ui

DEFAULT_CPS = 30.0  # characters per second: fast enough not to bore, slow enough to follow


class Quit(KeyboardInterrupt):
    """The presenter pressed q."""


class WallClock:
    def __init__(self):
        self._start = time.monotonic()

    @property
    def now(self) -> float:
        return time.monotonic() - self._start

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class VirtualClock:
    """Time that passes only when told to: recordings do not depend on how long commands took."""

    def __init__(self):
        self.now = 0.0

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def read_key(stream=None) -> str:
    """One key press from a terminal (no Enter needed), or a line's first character
    from a pipe; "" at end of input."""
    stream = stream or sys.stdin
    if not stream.isatty():
        return stream.readline()[:1]
    import termios
    import tty

    fd = stream.fileno()
    old = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)  # keeps ISIG: Ctrl-C still interrupts
        return stream.read(1)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, old)


class Pacer:
    """Listener and typist for paced runs.

    `keys`: read a key before each step (Enter or space goes on, q quits);
    `pause`: otherwise wait this long before each step; `cps`: type commands at
    this many characters per second; `beat`: wait this long after each
    command's output and each claim.
    """

    def __init__(self, console: Console, clock=None, cps: float | None = None, pause: float = 0.0,
                 keys: Callable[[], str] | None = None, beat: float = 0.0, lang: str = "en"):
        self.console = console
        self.clock = clock or WallClock()
        self.cps = cps
        self.pause = pause
        self.keys = keys
        self.beat = beat
        self.lang = lang
        self.in_setup = False  # netsh's own setup step is shown at once, not typed

    @property
    def typist(self):
        return self.type if self.cps else None

    def __call__(self, event) -> None:
        if isinstance(event, StepStarted):
            self.in_setup = event.setup
            if not event.setup:
                self._before_step()
        elif isinstance(event, (CommandRan, ClaimChecked)) and self.beat:
            self.clock.sleep(self.beat)

    def _before_step(self) -> None:
        if self.keys is None:
            self.clock.sleep(self.pause)
            return
        prompt = ui("Enter: run this step · q: quit", self.lang)
        self.console.print(f"  [reverse] ▶ {prompt} [/]", end="")
        while True:
            key = self.keys()
            if key in ("q", "Q", ""):
                self.console.print()
                raise Quit()
            if key in ("\n", "\r", " "):
                break
        # Take the prompt away again: the transcript reads as if it was never paused.
        self.console.control(Control((ControlType.CARRIAGE_RETURN,), (ControlType.ERASE_IN_LINE, 2)))

    def type(self, text: str, style: str) -> None:
        """Show `text` one character at a time, then end the line."""
        if self.in_setup:
            self.console.print(text, style=style, markup=False, highlight=False)
            return
        for ch in text:
            self.console.print(ch, style=style, end="", markup=False, highlight=False)
            self.console.file.flush()
            self.clock.sleep(1 / self.cps)
        self.console.print()


def live_pacer(console: Console, step: bool, typing: bool, cps: float, lang: str) -> Pacer | None:
    """The pacer for `netsh run --step / --typing`, or None for an unpaced run."""
    if not (step or typing):
        return None
    return Pacer(console, cps=cps if typing else None, keys=read_key if step else None, lang=lang)
