"""The rich step-by-step transcript: narration, command, output, verdict."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table

from netsh.events import ClaimChecked, CommandRan, CommandStarted, Outcome, StepStarted, Undone
from netsh.i18n import has_wide, localize, ui, wrap
from netsh.render.evidence_table import evidence_table

MARKS = {True: "[green]✓[/]", False: "[red]✗[/]", None: "[yellow]?[/]"}
OUTPUT_LINES = 12  # a long listing is cut in the transcript; the JSON report keeps it all


class Transcript:
    """A run listener that prints as events arrive."""

    def __init__(self, console: Console, quiet: bool = False, lang: str = "en", typist=None,
                 explain: bool = False):
        self.console = console
        self.explain = explain  # show the evidence of held claims too (failed ones always show it)
        self.quiet = quiet
        self.lang = lang
        self.typist = typist  # (text, style) -> None: shows a command being typed (render/demo.py)

    def _(self, text: str) -> str:
        """A scenario's text (title, narration, claim) in the transcript's language, escaped."""
        return escape(localize(text, self.lang))

    def _para(self, text: str, indent: int) -> Padding:
        """A paragraph of scenario text, indented; CJK is wrapped by netsh since rich breaks only at spaces."""
        words = localize(text, self.lang)
        if has_wide(words):
            words = "\n".join(wrap(words, self.console.width - indent))
        return Padding(escape(words), (0, 0, 0, indent))

    def header(self, scenario, target: str, facts: dict) -> None:
        if self.quiet:
            return
        kernel = facts.get("kernel", "")
        self.console.print(Rule(f"[bold]{scenario.name}[/] · {target}" + (f" · Linux {kernel}" if kernel else "")))
        if scenario.assumptions:
            self.console.print(f"[bold]{ui('The tutorial takes for granted:', self.lang)}[/]")
            for text in scenario.assumptions:
                self.console.print(self._para(f"• {localize(text, self.lang)}", 2))

    def __call__(self, event) -> None:
        if self.quiet:
            return
        c = self.console
        if isinstance(event, StepStarted):
            label = ui("Setup", self.lang) if event.setup else ui("Step {n}", self.lang, n=event.index)
            c.print()
            c.print(Rule(f"[bold cyan]{label} · {self._(event.step.title)}[/]", align="left"))
            if event.step.narration:
                c.print(self._para(event.step.narration, 2), style="italic")
        elif isinstance(event, CommandStarted):
            self._command_line(event.command.display)
        elif isinstance(event, CommandRan):
            self._output(event.result)
        elif isinstance(event, ClaimChecked):
            v = event.verdict
            # A claim with a table shows its evidence there rather than in one long line.
            detail = "" if v.table else f" [dim]— {escape(v.observed)}[/]"
            c.print(f"  {MARKS[v.held]} {self._(event.text)}{detail}")
            if v.held is False and v.why:
                c.print(f"      [red]{ui('why:', self.lang)}[/] {self._(v.why)}")
            if v.evidence is not None and (v.held is False or self.explain):
                self._evidence(v.evidence)
            if v.table:
                c.print(Padding(evidence_table(v.table), (0, 0, 0, 4)))
        elif isinstance(event, Undone):
            r = event.result
            mark = "[dim]↺[/]" if r.ok else "[red]↺ failed:[/]"
            c.print(f"  {mark} [dim]{escape(r.command.display)}[/]" + ("" if r.ok else f" {escape(r.stderr.strip())}"))

    def _evidence(self, ev, indent: int = 6) -> None:
        """Where the probe's packets went and where they stopped, under the verdict;
        a claim with several pings, each under its own name."""
        pad = " " * indent
        for text, part in ev.parts:
            self.console.print(f"{pad}[dim]•[/] {self._(text)}", highlight=False)
            self._evidence(part, indent + 2)
        if ev.parts:
            return
        if ev.hops:
            self.console.print(f"{pad}[dim]{ui('path:', self.lang)}[/] {escape(ev.path)}", highlight=False)
        if ev.reason:
            self.console.print(f"{pad}[dim]{ui('reason:', self.lang)}[/] {escape(ev.reason)} "
                               f"[dim]({escape(', '.join(ev.sources))})[/]", highlight=False)

    def _command_line(self, text: str) -> None:
        if self.typist is None:
            self.console.print(f"  [bold]$[/] [bold green]{escape(text)}[/]")
        else:
            self.console.print("  [bold]$[/] ", end="")
            self.typist(text, "bold green")

    def _output(self, r) -> None:
        c = self.console
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
        lang = self.lang
        table = Table(title=ui("Claims", lang), title_justify="left", show_lines=False)
        table.add_column(ui("step", lang), justify="right")
        table.add_column(ui("claim", lang))
        table.add_column("", justify="center")
        table.add_column(ui("observed", lang), overflow="fold")
        for ev in outcome.claims:
            table.add_row(str(ev.index), self._(ev.text), MARKS[ev.verdict.held], escape(ev.verdict.observed))
        c.print()
        c.print(table)
        held = sum(1 for e in outcome.claims if e.verdict.held)
        failed = len(outcome.failed_claims)
        if outcome.error is not None:
            c.print(f"[red bold]{ui('Stopped:', lang)}[/] {escape(str(outcome.error))}")
        elif not live:
            c.print(f"[yellow]{ui('Dry run: {n} claims listed, none checked.', lang, n=len(outcome.claims))}[/]")
        elif failed:
            text = ui("{failed} of {total} claims did not hold on this machine.", lang,
                      failed=failed, total=len(outcome.claims))
            c.print(f"[red bold]{text}[/]")
        else:
            c.print(f"[green bold]{ui('All {n} claims held.', lang, n=held)}[/]")
