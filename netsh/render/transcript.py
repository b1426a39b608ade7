"""The rich step-by-step transcript: narration, command, output, verdict."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table

from netsh.events import ClaimChecked, CommandRan, Outcome, StepStarted, Undone

MARKS = {True: "[green]✓[/]", False: "[red]✗[/]", None: "[yellow]?[/]"}
OUTPUT_LINES = 12  # a long listing is cut in the transcript; the JSON report keeps it all


class Transcript:
    """A run listener that prints as events arrive."""

    def __init__(self, console: Console, quiet: bool = False):
        self.console = console
        self.quiet = quiet

    def header(self, scenario, target: str, facts: dict) -> None:
        if self.quiet:
            return
        kernel = facts.get("kernel", "")
        self.console.print(Rule(f"[bold]{scenario.name}[/] · {target}" + (f" · Linux {kernel}" if kernel else "")))
        if scenario.assumptions:
            self.console.print("[bold]The tutorial takes for granted:[/]")
            for text in scenario.assumptions:
                self.console.print(Padding(f"• {escape(text)}", (0, 0, 0, 2)))

    def __call__(self, event) -> None:
        if self.quiet:
            return
        c = self.console
        if isinstance(event, StepStarted):
            label = "Setup" if event.setup else f"Step {event.index}"
            c.print()
            c.print(Rule(f"[bold cyan]{label} · {escape(event.step.title)}[/]", align="left"))
            if event.step.narration:
                c.print(Padding(escape(event.step.narration), (0, 0, 0, 2)), style="italic")
        elif isinstance(event, CommandRan):
            self._command(event.result)
        elif isinstance(event, ClaimChecked):
            v = event.verdict
            c.print(f"  {MARKS[v.held]} {escape(event.text)} [dim]— {escape(v.observed)}[/]")
            if v.held is False and v.why:
                c.print(f"      [red]why:[/] {escape(v.why)}")
        elif isinstance(event, Undone):
            r = event.result
            mark = "[dim]↺[/]" if r.ok else "[red]↺ failed:[/]"
            c.print(f"  {mark} [dim]{escape(r.command.display)}[/]" + ("" if r.ok else f" {escape(r.stderr.strip())}"))

    def _command(self, r) -> None:
        c = self.console
        c.print(f"  [bold]$[/] [bold green]{escape(r.command.display)}[/]")
        if not r.ran:
            return
        text = (r.stdout + ("\n" if r.stdout and r.stderr else "") + r.stderr).rstrip()
        lines = text.splitlines()
        if len(lines) > OUTPUT_LINES:
            lines = lines[:OUTPUT_LINES] + [f"… {len(lines) - OUTPUT_LINES} more lines (see --report)"]
        for line in lines:
            c.print(Padding(escape(line), (0, 0, 0, 4)), style="dim", highlight=False)
        if not r.ok and r.command.fails is None:
            c.print(f"    [red]exit {r.exit_code}[/]")

    def summary(self, outcome: Outcome, live: bool) -> None:
        c = self.console
        table = Table(title="Claims", title_justify="left", show_lines=False)
        table.add_column("step", justify="right")
        table.add_column("claim")
        table.add_column("", justify="center")
        table.add_column("observed", overflow="fold")
        for ev in outcome.claims:
            table.add_row(str(ev.index), escape(ev.text), MARKS[ev.verdict.held], escape(ev.verdict.observed))
        c.print()
        c.print(table)
        held = sum(1 for e in outcome.claims if e.verdict.held)
        failed = len(outcome.failed_claims)
        if outcome.error is not None:
            c.print(f"[red bold]Stopped:[/] {escape(str(outcome.error))}")
        elif not live:
            c.print(f"[yellow]Dry run: {len(outcome.claims)} claims listed, none checked.[/]")
        elif failed:
            c.print(f"[red bold]{failed} of {len(outcome.claims)} claims did not hold on this machine.[/]")
        else:
            c.print(f"[green bold]All {held} claims held.[/]")
