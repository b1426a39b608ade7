"""Claims and expected failures as they appear in an exported script: the claim's
own check (script_checks.py, script_state_checks.py) wrapped as the runner wraps
a claim: the review of a statement the tutorial has out of date, the tally, a
hint shown when it does not hold, and the stop for a claim the rest of the run
depends on."""

from __future__ import annotations

from netsh.claims import Claim
from netsh.kernel import Outdated
from netsh.command import Command, Expect
from netsh.render import script_state_checks  # noqa: F401  (its renderers register on import)
from netsh.render.script_checks import indent, q, run, script_check

__all__ = ["claim_lines", "expected_failure", "script_check"]


def outdated_review(o: Outdated) -> list[str]:
    """As `Outdated.review`: from `since` on, the tutorial's statement must not hold."""
    held_now = f"the tutorial's statement held, but on Linux >= {o.since} {o.now}"
    note = f" — the tutorial is out of date here: {o.now} since Linux {o.since}; this is Linux "
    return [f'if [ "$ok" != 2 ] && kernel_at_least {q(o.since)}; then',
            f"  if [ \"$ok\" = 0 ]; then ok=1 why={q(held_now)}",
            f'  else ok=0 why="" seen="$seen"{q(note)}"$(uname -r)"; fi',
            "fi"]


def claim_lines(claim: Claim) -> list[str]:
    check = script_check(claim)
    lines = [f"why={q(claim.why_not)}"]
    if check.json:
        lines += ['if [ -z "$json_tool" ]; then', '  no_json', "else",
                  *indent(check.lines), "fi"]
    else:
        lines += check.lines
    if claim.outdated is not None:
        lines += outdated_review(claim.outdated)
    lines.append(f"verdict {q(str(claim.text))}")
    for hint in check.hints:
        lines.append(f'[ "$ok" != 1 ] || {{ echo {q("    look: " + hint.display)}; '
                     f"{run(hint)} 2>&1 | sed 's/^/      /'; }}")
    if claim.stops_run:
        lines.append('[ "$ok" = 0 ] || { echo "  this machine cannot run the rest: stopping"; summary; exit 3; }')
    return lines


def expected_failure(c: Command, text: str) -> list[str]:
    """The tutorial says `c` fails, printing one of `c.fails`' wordings."""
    e: Expect = c.fails
    lines = [f"if out=$({c.display} 2>&1); then",
             '  ok=1 seen="it succeeded" why="this kernel allows what the tutorial says it refuses"']
    for label, regex in e.texts:
        lines += [f'elif grep -qE -- {q(regex)} <<<"$out"; then',
                  f'  ok=0 seen={q(f"refused with the wording of {label}: ")}"$out"']
    lines += ['else', '  ok=1 seen="failed with an unexpected message: $out"',
              '  why="the failure has a cause other than the one the tutorial describes"', "fi",
              '[ -z "$out" ] || indented <<<"$out"']
    if e.outdated is not None:
        lines += outdated_review(e.outdated)
    return [*lines, f"verdict {q(text)}"]
