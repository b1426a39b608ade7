"""From a captured run to a lesson page: a picture per step, a recording per
language, the HTML; and a series' index. Nothing here runs a command but
Graphviz."""

from __future__ import annotations

from dataclasses import dataclass

from netsh.i18n import localize
from netsh.render.page import view
from netsh.render.page.capture import Capture
from netsh.render.page.casts import replay, step_times
from netsh.render.page.html import render_index, render_page
from netsh.render.page.pictures import Picture, picture
from netsh.render.page.words import languages, phrase


@dataclass(frozen=True)
class Page:
    html: str
    casts: dict           # lang -> CastWriter
    consoles: dict        # lang -> the recording console (for --svg / --html)


def pictures(cap: Capture) -> dict[int, Picture]:
    out = {}
    before = cap.baseline
    # The sandbox's setup made a namespace to stand in for the outside network: drawn on the right.
    outside = {name for log in cap.steps if log.setup for c in log.step.commands for name in c.created("netns")}
    for log in cap.steps:
        after = cap.after.get(log.index)
        if log.setup or after is None:
            continue
        label = phrase("Topology after step {n}", "en", n=log.index)
        out[log.index] = picture(before, after, log.step.claims, f"s{log.index}", label, outside)
        before = after
    return out


def build_page(cap: Capture, width: int = 100, height: int = 40, cps: float = 30.0, index_href: str = "",
               langs: tuple[str, ...] | None = None) -> Page:
    sc = cap.scenario
    langs = langs or languages(sc)
    casts, consoles = {}, {}
    for lang in langs:
        casts[lang], consoles[lang] = replay(cap, lang, f"{sc.name}: {localize(sc.summary, lang)}", width, height, cps)
    # Step markers are at the same moments in every language: only the words differ.
    times = {k: t for k, (t, _) in enumerate(step_times(casts[langs[0]]), 1)}
    setup = next((log for log in cap.steps if log.setup), None)
    html = render_page(
        name=sc.name, summary=sc.summary, assumptions=sc.assumptions, langs=langs, index_href=index_href,
        stamp=view.stamp(cap), steps=view.steps(cap, pictures(cap), times),
        setup=[r.command for r in setup.commands] if setup else [],
        undone=[r.command.display for r in cap.undone],
        casts={lang: cast.dumps() for lang, cast in casts.items()})
    return Page(html, casts, consoles)


@dataclass(frozen=True)
class Entry:
    """One lesson of a series, as the index lists it."""

    name: str
    href: str
    summary: str
    counts: dict
    error: str


def build_index(entries: list[Entry], stamp: dict) -> str:
    totals = {k: sum(e.counts[k] for e in entries) for k in ("held", "not_held", "unknown", "total")}
    totals["stopped"] = sum(1 for e in entries if e.error)
    return render_index(entries=entries, totals=totals, stamp=stamp)
