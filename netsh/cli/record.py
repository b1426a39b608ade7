"""`netsh record SCENARIO -o FILE.cast [--svg FILE.svg] [--html FILE.html] [--page FILE.html]`
and `netsh record A B C --site DIR`: a real sandboxed run, recorded with
deterministic typing and pacing; as a lesson page too (cli/record_page.py)."""

from __future__ import annotations

from pathlib import Path

import typer

from netsh.cli.options import CPS, LANG, PARAMS, PREFIX, Lang, load_scenario


def record(scenarios: list[str] = typer.Argument(..., metavar="SCENARIO...",
                                               help="A scenario name (see `netsh list`) or a path to a .py file; "
                                                    "several with --site."),
           param: list[str] = PARAMS, prefix: str = PREFIX,
           output: Path = typer.Option(None, "--output", "-o", metavar="FILE.cast",
                                       help="Write an asciicast v2 recording (play it with `asciinema play`)."),
           svg: Path = typer.Option(None, "--svg", metavar="FILE.svg",
                                    help="Write the transcript as an SVG picture."),
           html: Path = typer.Option(None, "--html", metavar="FILE.html", help="Write the transcript as HTML."),
           page: Path = typer.Option(None, "--page", metavar="FILE.html",
                                     help="Write the lesson as one self-contained web page: steps, outputs, "
                                          "verdicts, a topology picture per step, the recording."),
           site: Path = typer.Option(None, "--site", metavar="DIR",
                                     help="Write a page per scenario and an index of their verdicts into DIR."),
           lang: Lang = LANG, cps: float = CPS,
           diff: bool = typer.Option(False, "--diff", help="Show what each step changed, as `run --diff` does."),
           width: int = typer.Option(100, "--width", min=40, max=400, help="Terminal columns of the recording."),
           height: int = typer.Option(40, "--height", min=10, max=200, help="Terminal rows of the recording."),
           title: str = typer.Option("", "--title",
                                     help="Title of the recording (default: the scenario's summary).")):
    """Record a real run as an asciicast, an SVG, HTML or a lesson page, for course material."""
    from netsh.cli.exits import for_outcome
    from netsh.errors import UsageError
    from netsh.i18n import localize
    from netsh.render.svg import save_svg

    if not (output or svg or html or page or site):
        raise UsageError("nothing to write", "Give -o FILE.cast, --svg FILE.svg, --html FILE.html, "
                         "--page FILE.html and/or --site DIR.")
    if site:
        from netsh.cli.record_page import write_site
        if output or svg or html or page:
            raise UsageError("--site writes pages only", "Record one scenario at a time for -o, --svg, --html, --page.")
        raise typer.Exit(write_site(scenarios, param, prefix, site, width, height, cps))
    if len(scenarios) != 1:
        raise UsageError(f"one scenario at a time, not {len(scenarios)}", "Give several only with --site DIR.")
    sc = load_scenario(scenarios[0], param, prefix)
    name = title or f"{sc.name}: {localize(sc.summary, lang.value)}"
    if page:
        from netsh.cli.record_page import write_page
        outcome, cast, console = write_page(sc, page, lang.value, width, height, cps)
    else:
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
    if page:
        written.append(f"{page} (open it in a browser)")
    code = for_outcome(outcome)
    typer.echo(f"netsh: wrote {', '.join(written)}; "
               + ("some claims did not hold (see the recording)." if code else "every claim held."))
    raise typer.Exit(code)


def make_recording(sc, target: str, title: str, width: int, height: int, lang: str, cps: float, diff: bool):
    """Run `sc` at `target` into a recording console on a virtual clock: (outcome, cast, console)."""
    from netsh.render.asciicast import PAUSE, StepMarkers, recorder
    from netsh.session import Session, SessionOptions

    clock, cast, console, pacer = recorder(title, width, height, lang, cps)
    session = Session(sc, target, console,
                      SessionOptions(lang=lang, pacer=pacer, diff=diff, listeners=(StepMarkers(cast, lang),)))
    outcome = session.run()
    clock.sleep(PAUSE)  # let the summary stand before the recording ends
    cast.finish()
    return outcome, cast, console


def register(app: typer.Typer, guard) -> None:
    app.command("record")(guard(record))
