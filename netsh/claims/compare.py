"""Side by side: the same questions asked of several setups, judged as one table.

Each cell is an ordinary claim; this claim runs all their probes, judges each
cell with its own results and lays the evidence out in rows (one per question)
and columns (one per setup). It holds when every cell holds.
"""

from __future__ import annotations

from netsh.claims.base import Claim, Verdict

MARK = {True: "✓", False: "✗", None: "?"}


class SideBySide(Claim):
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Claim, ...]], ...]  # (question, one claim per column)

    def _cells(self) -> list[Claim]:
        return [cell for _, cells in self.rows for cell in cells]

    def probes(self):
        return tuple(p for cell in self._cells() for p in cell.probes())

    def parts(self):
        return tuple(self._cells())

    def judge(self, results):
        verdicts, at = [], 0
        for cell in self._cells():
            n = len(cell.probes())
            verdicts.append(cell.judge(results[at:at + n]))
            at += n
        width = len(self.columns)
        table = [("", *self.columns)]
        notes, whys = [], []
        for r, (question, _) in enumerate(self.rows):
            row = verdicts[r * width:(r + 1) * width]
            table.append((question, *(f"{MARK[v.held]} {v.observed}" for v in row)))
            notes += [f"{col}: {v.observed}" for col, v in zip(self.columns, row)]
            whys += [f"{col}: {v.why}" for col, v in zip(self.columns, row) if v.held is False and v.why]
        held = all(v.held for v in verdicts)
        return Verdict(held, " · ".join(notes), "" if held else "; ".join(whys) or self.why_not,
                       table=tuple(table))
