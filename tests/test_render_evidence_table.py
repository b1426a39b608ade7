"""A verdict's table, rendered as the transcript shows it."""

import io

from rich.console import Console

from netsh.render.evidence_table import evidence_table


def render(rows) -> str:
    out = io.StringIO()
    Console(file=out, width=100, color_system=None).print(evidence_table(rows))
    return out.getvalue()


def test_headings_rows_and_marks():
    text = render((("", "routed", "bridged"),
                   ("ping", "✓ reply in 0.1 ms", "✗ no reply"),
                   ("[odd]", "? not checked", "plain")))
    lines = [line for line in text.splitlines() if "│" in line or "┃" in line]
    assert "routed" in lines[0] and "bridged" in lines[0]
    assert "ping" in lines[1] and "✓ reply in 0.1 ms" in lines[1] and "✗ no reply" in lines[1]
    assert "[odd]" in text and "? not checked" in text  # markup in cells is shown, not interpreted
