"""The pacer without a terminal: keys, pauses and typing on a virtual clock."""

import io

import pytest
from rich.console import Console

from netsh.claims import Verdict
from netsh.events import ClaimChecked, StepStarted
from netsh.render.demo import Pacer, Quit, VirtualClock, read_key
from netsh.step import step


def console() -> Console:
    return Console(file=io.StringIO(), width=80, force_terminal=False)


def started(index: int, setup: bool = False) -> StepStarted:
    return StepStarted(index, step("t"), setup)


def test_keys_enter_goes_on_q_quits_and_setup_never_waits():
    keys = iter(["x", "\r", "q"])
    pacer = Pacer(console(), VirtualClock(), keys=lambda: next(keys))
    pacer(started(0, setup=True))      # no key read
    pacer(started(1))                  # "x" is ignored, Enter goes on
    with pytest.raises(Quit):
        pacer(started(2))
    assert issubclass(Quit, KeyboardInterrupt)  # so cleanup and exit 130 are Ctrl-C's


def test_pauses_beats_and_typing_advance_only_the_virtual_clock():
    clock, out = VirtualClock(), console()
    pacer = Pacer(out, clock, cps=20, pause=1.5, beat=0.4)
    pacer(started(1))
    pacer(ClaimChecked(1, "c", Verdict(True, "ok")))
    pacer.typist("ip link", "bold")
    assert clock.now == pytest.approx(1.5 + 0.4 + 7 / 20)
    assert out.file.getvalue().endswith("ip link\n")
    assert Pacer(out, clock).typist is None  # no --typing: commands print at once


def test_read_key_from_a_pipe():
    assert read_key(io.StringIO("q\n")) == "q"
    assert read_key(io.StringIO("\n")) == "\n"
    assert read_key(io.StringIO("")) == ""


def test_the_setup_step_is_not_typed():
    clock = VirtualClock()
    pacer = Pacer(console(), clock, cps=10)
    pacer(started(0, setup=True))
    pacer.typist("ip link set lo up", "bold")
    assert clock.now == 0
    pacer(started(1))
    pacer.typist("ab", "bold")
    assert clock.now == pytest.approx(0.2)
