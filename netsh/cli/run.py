"""`netsh run SCENARIO`: run it with a live transcript, check every claim, clean up."""

from __future__ import annotations

from pathlib import Path

import typer

from netsh.cli.options import CPS, LANG, PARAMS, PREFIX, SCENARIO, SSH_CONFIG, TARGET, Lang, load_scenario


def run(scenario: str = SCENARIO, param: list[str] = PARAMS, prefix: str = PREFIX,
        on_host: bool = typer.Option(False, "--on-host",
                                     help="Run on this machine's real network stack (needs root); "
                                          "everything is restored afterwards."),
        keep: bool = typer.Option(False, "--keep", help="Leave the sandbox up (see `netsh shell`, `netsh cleanup`)."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Walk every step and claim; run nothing."),
        report: Path = typer.Option(None, "--report", metavar="FILE.json", help="Write a JSON report."),
        report_full: bool = typer.Option(False, "--report-full",
                                         help="With --report: keep every command's result, even in steps "
                                              "of thousands (by default such a step is summarised per "
                                              "namespace)."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the summary."),
        step: bool = typer.Option(False, "--step", help="Pause before each step: Enter goes on, q quits "
                                                        "(after cleaning up, exit 130)."),
        typing: bool = typer.Option(False, "--typing", help="Show each command being typed before it runs "
                                                            "(speed: --cps)."),
        cps: float = CPS,
        diff: bool = typer.Option(False, "--diff", help="After each step, show what it changed: links, "
                                                        "addresses, routes, neighbours, fdb, sysctls."),
        batch: bool = typer.Option(None, "--batch/--no-batch",
                                   help="Run consecutive ip commands for one namespace through one "
                                        "`ip -batch` (default: the scenario's choice; off with "
                                        "--step/--typing). Every command still gets its own result."),
        explain: bool = typer.Option(False, "--explain", help="Show where every reachability claim's "
                                                              "packets went and stopped, held ones too "
                                                              "(failed ones always show it)."),
        lang: Lang = LANG, target: list[str] = TARGET, ssh_config: Path = SSH_CONFIG):
    """Run a scenario: narration, exact commands, their output, and every claim checked."""
    from rich.console import Console

    from netsh.cli.exits import for_outcome
    from netsh.errors import UsageError
    from netsh.render.demo import live_pacer
    from netsh.session import Session, SessionOptions

    if report_full and report is None:
        raise UsageError("--report-full needs --report FILE.json", "Give both, or leave out --report-full.")
    if on_host and keep:
        raise UsageError("--keep applies to the sandbox", "An --on-host run is always restored.")
    sc = load_scenario(scenario, param, prefix)
    console = Console()
    if len(target) > 1 and not sc.hosts:
        raise UsageError(f"{sc.name} runs on one host; {len(target)} --target given",
                         "To run it on many hosts at once, use `netsh check --target ... --target ...`.")
    where = "dry-run" if dry_run else ", ".join(target) or ("host" if on_host else "sandbox")
    options = SessionOptions(targets=tuple(target), quiet=quiet, keep=keep, lang=lang.value, diff=diff,
                             pacer=live_pacer(console, step, typing, cps, lang.value), on_host=on_host,
                             ssh_config=str(ssh_config) if ssh_config else None, batch=batch,
                             explain=explain, report_full=report_full)
    session = Session(sc, where, console, options)
    outcome = session.run(report)
    raise typer.Exit(for_outcome(outcome))


def register(app: typer.Typer, guard) -> None:
    app.command("run")(guard(run))
