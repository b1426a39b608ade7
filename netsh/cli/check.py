"""`netsh check [SCENARIO...] [--junit FILE] [--json FILE]`: does the lesson still
work on this kernel? Every scenario runs in its own sandbox; one matrix shows
every claim, held or not, with the kernel and tool versions. The running is
`netsh/checks.py`; this module prints, writes the files and picks the exit code."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from netsh.checks import JOBS
from netsh.cli.options import SSH_CONFIG, load_scenario


def check(scenarios: list[str] = typer.Argument(None, metavar="[SCENARIO]...",
                                                help="Scenario names or .py files (default: every built-in one)."),
          junit: Path = typer.Option(None, "--junit", metavar="FILE.xml",
                                     help="Also write JUnit XML: a testsuite per scenario, a testcase per claim."),
          json_file: Path = typer.Option(None, "--json", metavar="FILE.json",
                                         help="Also write the results as JSON (shape: netsh/render/checks.py)."),
          target: list[str] = typer.Option([], "--target", metavar="ssh://[user@]host[:port]",
                                           help="Check on this remote host (repeatable: every host at once, "
                                                "one column each)."),
          targets: Path = typer.Option(None, "--targets", metavar="FILE",
                                       help="Check on every host listed in FILE (one ssh:// target a line, "
                                            "# comments), all at once."),
          explain: bool = typer.Option(False, "--explain", help="Show where every reachability claim's "
                                                                "packets went and stopped, held ones too."),
          jobs: int = typer.Option(JOBS, "--jobs", "-j", min=1, metavar="N",
                                   help="Scenarios checked at once on this machine, each in its own sandbox "
                                        "(1: one after the other)."),
          ssh_config: Path = SSH_CONFIG):
    """Run scenarios in sandboxes and show every claim held or not here. Exit 1 if one did not hold."""
    from netsh.scenario import builtin
    from netsh.session import check_writable

    names = scenarios or sorted(builtin())
    chosen = [load_scenario(name, []) for name in names]  # usage errors before anything runs
    for path in (junit, json_file):
        if path is not None:
            check_writable(path)
    hosts = [*target, *(read_targets(targets) if targets else [])]
    if hosts:
        raise typer.Exit(on_hosts(hosts, chosen, str(ssh_config) if ssh_config else None, json_file, junit))
    raise typer.Exit(here(chosen, json_file, junit, explain, jobs))


def here(chosen: list, json_file: Path | None, junit: Path | None, explain: bool = False, jobs: int = JOBS) -> int:
    """Check on this machine; print the matrix; return the exit code."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    from netsh.checks import check_here
    from netsh.cli.exits import for_results
    from netsh.render.checks import matrix, to_json, to_junit

    console = Console()
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("starting", total=len(chosen))
        facts, results = check_here(chosen, lambda text: progress.update(task, description=text),
                                    lambda: progress.advance(task), explain, jobs)
    console.print(matrix(results, facts, explain))
    document = to_json(results, facts)
    c = document["counts"]
    console.print(f"{c['held']} held, {c['not_held']} not held, {c['unknown']} undecidable here, "
                  f"{c['stopped']} of {len(results)} scenarios stopped early.",
                  style="green bold" if document["held"] else "red bold")
    if json_file is not None:
        json_file.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    if junit is not None:
        junit.write_text(to_junit(results, facts))
    return for_results(results)


def on_hosts(targets: list[str], chosen: list, ssh_config: str | None,
             json_file: Path | None, junit: Path | None) -> int:
    """Check every scenario on every host; print the matrix; return the exit code."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from netsh.checks import check_hosts
    from netsh.cli.exits import for_hosts
    from netsh.executors.ssh import parse_target
    from netsh.render.fanout import hosts_json, hosts_junit, hosts_matrix

    targets = list(dict.fromkeys(targets))
    for t in targets:
        parse_target(t)  # a typo is a usage error before anything starts
    console = Console()
    for sc in chosen:
        if sc.hosts:
            console.print(f"[yellow]{sc.name} needs {len(sc.hosts)} hosts of its own; "
                          f"run it with `netsh run {sc.name} --on-host --target A --target B`.[/]")
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=Console(stderr=True),
                  transient=True) as progress:
        tasks = {t: progress.add_task(f"{t}: waiting", total=None) for t in targets}
        hosts = check_hosts(targets, [sc for sc in chosen if not sc.hosts], ssh_config,
                            lambda t, text: progress.update(tasks[t], description=f"{t}: {text}"))
    console.print(hosts_matrix(hosts))
    reached = [h for h in hosts if h.error is None]
    console.print(f"{sum(h.held for h in hosts)} of {len(hosts)} hosts held every claim; "
                  f"{len(hosts) - len(reached)} could not be reached.",
                  style="green bold" if all(h.held for h in hosts) else "red bold")
    if json_file is not None:
        json_file.write_text(json.dumps(hosts_json(hosts), indent=2, ensure_ascii=False) + "\n")
    if junit is not None:
        junit.write_text(hosts_junit(hosts))
    return for_hosts(hosts)


def read_targets(path: Path) -> list[str]:
    """One target a line; blank lines and # comments are skipped."""
    from netsh.errors import UsageError

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}", "Give a file with one ssh:// target a line.") from None
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


def register(app: typer.Typer, guard) -> None:
    app.command("check")(guard(check))
