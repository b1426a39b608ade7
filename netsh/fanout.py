"""`netsh check` on many hosts at once: a classroom of student VMs, a rack of test servers.

Each host gets its own worker thread; on a host the scenarios run one after the
other, each in a fresh sandbox there. A host that cannot be reached (or fails
half way) is reported in its column and never holds up the others.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from netsh.errors import NetshError
from netsh.render.fanout import HostResult, hosts_json, hosts_matrix

MAX_PARALLEL = 16  # hosts checked at the same time; each costs a few ssh processes here


def check_host(target: str, scenarios: list, ssh_config: str | None, show) -> HostResult:
    from netsh.cli.check import run_one
    from netsh.executors.ssh import SshExecutor

    host = HostResult(target)
    show("connecting")
    try:
        with SshExecutor(target, ssh_config, on_host=True) as ex:  # reachable? which kernel and tools?
            host.facts = ex.facts()
    except NetshError as exc:
        host.error = exc.message
        show(f"[red]✗[/] {exc.message}")
        return host
    for sc in scenarios:
        host.results.append(run_one(sc, show, target=target, ssh_config=ssh_config))
    show("[green]done[/]" if host.held else "[red]done, not all held[/]")
    return host


def check_hosts(targets: list[str], chosen: list, ssh_config: str | None,
                json_file: Path | None, junit: Path | None) -> int:
    """Check every scenario on every host; print the matrix; return the exit code."""
    import json

    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from netsh.executors.ssh import parse_target
    from netsh.render.checks import to_junit

    targets = list(dict.fromkeys(targets))
    for t in targets:
        parse_target(t)  # a typo is a usage error before anything starts
    scenarios = [sc for sc in chosen if not sc.hosts]
    console = Console()
    for sc in chosen:
        if sc.hosts:
            console.print(f"[yellow]{sc.name} needs {len(sc.hosts)} hosts of its own; "
                          f"run it with `netsh run {sc.name} --on-host --target A --target B`.[/]")
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=Console(stderr=True),
                  transient=True) as progress:
        tasks = {t: progress.add_task(f"{t}: waiting", total=None) for t in targets}

        def one(target: str) -> HostResult:
            def show(text: str) -> None:
                progress.update(tasks[target], description=f"{target}: {text}")
            return check_host(target, scenarios, ssh_config, show)

        with ThreadPoolExecutor(max_workers=min(MAX_PARALLEL, len(targets))) as pool:
            hosts = list(pool.map(one, targets))
    console.print(hosts_matrix(hosts))
    reached = [h for h in hosts if h.error is None]
    ok = [h for h in reached if h.held]
    console.print(f"{len(ok)} of {len(hosts)} hosts held every claim; "
                  f"{len(hosts) - len(reached)} could not be reached.",
                  style="green bold" if len(ok) == len(hosts) else "red bold")
    if json_file is not None:
        json_file.write_text(json.dumps(hosts_json(hosts), indent=2, ensure_ascii=False) + "\n")
    if junit is not None:
        for h in hosts:
            for r in h.results:
                r.name = f"{h.target} {r.name}"
        junit.write_text(to_junit([r for h in hosts for r in h.results], {}))
    if len(ok) < len(reached):
        return 1
    return 3 if len(reached) < len(hosts) else 0
