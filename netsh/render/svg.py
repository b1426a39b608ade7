"""Fix-ups for rich's SVG export.

rich sets each text run's `textLength` to (characters x cell width), while it
places runs by terminal cells; a CJK character takes two cells, so a viewer
squeezes Chinese text to half its width (Textualize/rich#2742). We set
`textLength` from the run's cell width instead.
"""

from __future__ import annotations

import html
import re

from rich.cells import cell_len

TEXT_RUN = re.compile(r'(<text\b[^>]*?\btextLength=")([0-9.]+)("[^>]*>)([^<]*)(</text>)')


def _fixed(match: re.Match) -> str:
    head, length, mid, body, tail = match.groups()
    text = html.unescape(body)
    cells = cell_len(text)
    if cells == len(text) or not text:
        return match.group(0)
    per_char = float(length) / len(text)
    return f"{head}{round(per_char * cells, 2):g}{mid}{body}{tail}"


def fix_wide_text(svg: str) -> str:
    """`svg` with every text run as wide as the terminal cells it covers."""
    return TEXT_RUN.sub(_fixed, svg)


def save_svg(console, path, title: str) -> None:
    """Save what a recording console printed as an SVG with correct CJK widths."""
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(fix_wide_text(console.export_svg(title=title, clear=False)))
