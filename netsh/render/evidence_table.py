"""A claim's evidence laid out as a table (Verdict.table), for the transcript."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

COLOURS = {"✓": "green", "✗": "red", "?": "yellow"}


def _cell(text: str) -> str:
    mark, _, rest = text.partition(" ")
    colour = COLOURS.get(mark)
    return f"[{colour}]{mark}[/] {escape(rest)}" if colour else escape(text)


def evidence_table(rows: tuple[tuple[str, ...], ...]) -> Table:
    """First row: headings; then one row per question. Cells may start with ✓ / ✗ / ?."""
    table = Table(show_lines=True)
    for heading in rows[0]:
        table.add_column(escape(heading), overflow="fold")
    for row in rows[1:]:
        table.add_row(escape(row[0]), *map(_cell, row[1:]))
    return table
