"""The recording of a captured run, in one language: its events replayed
into the same transcript, pacer and step markers `netsh record` uses, on a
virtual clock. One run gives a recording per language, identical but for
the narration's words."""

from __future__ import annotations

from netsh.render.asciicast import PAUSE, StepMarkers, recorder
from netsh.render.page.capture import Capture
from netsh.render.transcript import Transcript


def replay(cap: Capture, lang: str, title: str, width: int = 100, height: int = 40, cps: float = 30.0):
    """(cast, console) of `cap` narrated in `lang`; the console keeps its text for --svg/--html."""
    clock, cast, console, pacer = recorder(title, width, height, lang, cps)
    transcript = Transcript(console, lang=lang, typist=pacer.typist)
    # In the order a recording run calls them (session.py): markers, transcript, pacer.
    listeners = (StepMarkers(cast, lang), transcript, pacer)
    transcript.header(cap.scenario, cap.target, cap.facts)
    for event in cap.events:
        for listener in listeners:
            listener(event)
    transcript.summary(cap.outcome, live=True)
    clock.sleep(PAUSE)
    cast.finish()
    return cast, console


def step_times(cast) -> list[tuple[float, str]]:
    """The recording's step markers: (seconds, label)."""
    return [(e[0], e[2]) for e in cast.events if e[1] == "m"]
