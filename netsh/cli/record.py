"""`netsh record SCENARIO -o FILE.cast [--svg FILE.svg] [--html FILE.html]`:
a real sandboxed run, recorded with deterministic typing and pacing."""

from __future__ import annotations

from pathlib import Path

import typer

from netsh.cli.options import CPS, LANG, PARAMS, PREFIX, SCENARIO, Lang, load_scenario

PAUSE = 1.5  # seconds of recording before each step: time to read the narration
BEAT = 0.4   # after each command's output and each claim


def record(scenario: str = SCENARIO, param: list[str] = PARAMS, prefix: str = PREFIX,
           output: Path = typer.Option(None, "--output", "-o", metavar="FILE.cast",
                                       help="Write an asciicast v2 recording (play it with `asciinema play`)."),
           svg: Path = typer.Option(None, "--svg", metavar="FILE.svg",
                                    help="Write the transcript as an SVG picture."),
           html: Path = typer.Option(None, "--html", metavar="FILE.html", help="Write the transcript as HTML."),
           lang: Lang = LANG, cps: float = CPS,
           diff: bool = typer.Option(False, "--diff", help="Show what each step changed, as `run --diff` does."),
           width: int = typer.Option(100, "--width", min=40, max=400, help="Terminal columns of the recording."),
           height: int = typer.Option(40, "--height", min=10, max=200, help="Terminal rows of the recording."),
           title: str = typer.Option("", "--title",
                                     help="Title of the recording (default: the scenario's summary).")):
    """Record a real run as an asciicast, an SVG or an HTML page, for course material."""
    from netsh.cli.exits import for_outcome
    from netsh.errors import UsageError
    from netsh.i18n import localize
    from netsh.render.svg import save_svg

    if not (output or svg or html):
        raise UsageError("nothing to write", "Give -o FILE.cast, --svg FILE.svg and/or --html FILE.html.")
    sc = load_scenario(scenario, param, prefix)
    name = title or f"{sc.name}: {localize(sc.summary, lang.value)}"
    outcome, cast, console = make_recording(sc, "sandbox", name, width, height, lang.value, cps, diff)
    written = []
    if output:
        cast.save(output)
        written.append(f"{output} ({cast.clock.now:.1f} s)")
    if svg:
        save_svg(console, svg, name)
        written.append(str(svg))
    if html:
        console.save_html(str(html), clear=False)
        written.append(str(html))
    code = for_outcome(outcome)
    typer.echo(f"netsh: wrote {', '.join(written)}; "
               + ("some claims did not hold (see the recording)." if code else "every claim held."))
    raise typer.Exit(code)


def make_recording(sc, target: str, title: str, width: int, height: int, lang: str, cps: float, diff: bool):
    """Run `sc` at `target` into a recording console on a virtual clock: (outcome, cast, console)."""
    from rich.console import Console

    from netsh.render.asciicast import CastWriter, StepMarkers
    from netsh.render.demo import Pacer, VirtualClock
    from netsh.session import Session, SessionOptions

    clock = VirtualClock()
    cast = CastWriter(clock, width, height, title)
    console = Console(file=cast, width=width, height=height, force_terminal=True, color_system="truecolor",
                      record=True, legacy_windows=False, _environ={})
    pacer = Pacer(console, clock, cps=cps, pause=PAUSE, beat=BEAT, lang=lang)
    session = Session(sc, target, console,
                      SessionOptions(lang=lang, pacer=pacer, diff=diff, listeners=(StepMarkers(cast, lang),)))
    outcome = session.run()
    clock.sleep(PAUSE)  # let the summary stand before the recording ends
    cast.finish()
    return outcome, cast, console


def register(app: typer.Typer, guard) -> None:
    app.command("record")(guard(record))
