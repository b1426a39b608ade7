"""Claims as checks in bash, one small renderer per claim kind.

`script_check(claim)` is the bash that observes and judges one claim: it leaves
0 (held), 1 (not held) or 2 (cannot tell) in `$ok`, what it saw in `$seen`
and, where it knows better than the claim, the reason in `$why`; and it may
name reads worth showing when the claim does not hold (`ScriptCheck.hints`).
netsh/render/script_claims.py wraps it as the runner wraps a claim. The
renderers of claims judged from JSON state are in script_state_checks.py.

A claim kind registers its renderer with `@script_check.register`. A kind with
none is checked by its probes' exit status where it says which status means
held (`script_expects_success`), and is otherwise reported as "?" (cannot
tell): the script never claims more than it checked.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from functools import singledispatch

from netsh.claims import Claim, CounterFlat, CounterRises, PolicyCounter, Reaches, SideBySide, SnmpCounter
from netsh.claims.sweep import ReachesRange
from netsh.command import Command
from netsh.tools import ip, iptables

q = shlex.quote
READ_FIELDS = "IFS=$'\\x1f' read -r"  # `read` of one `rows` line: empty fields stay fields


@dataclass(frozen=True)
class ScriptCheck:
    lines: tuple[str, ...]
    json: bool = False            # judged from JSON: needs python3 or jq
    hints: tuple[Command, ...] = ()   # reads worth seeing when the claim does not hold


def run(probe: Command) -> str:
    return shlex.join(probe.argv())


def indent(lines, by: str = "  ") -> list[str]:
    return [by + line for line in lines]


def reads(pairs: list[tuple[str, Command]], body: list[str]) -> list[str]:
    """Run each read into its variable and, if all succeed, `body`; if one fails,
    its error is what was seen (the variables start empty, so the failing one is the
    last non-empty)."""
    names = [name for name, _ in pairs]
    fallback = f"${names[0]}"
    for name in names[1:]:
        fallback = f"${{{name}:-{fallback}}}"
    test = " && ".join(f"{name}=$({run(probe)} 2>&1)" for name, probe in pairs)
    return [" ".join(f"{name}=''" for name in names), f"if {test}; then", *indent(body),
            "else", f'  ok=1 seen="{fallback}"', "fi"]


def judged(test: str, held: bool = True) -> str:
    """`$ok` from a bash test: 0 when the test's truth is `held`."""
    yes, no = (0, 1) if held else (1, 0)
    return f"if {test}; then ok={yes}; else ok={no}; fi"


@singledispatch
def script_check(claim: Claim) -> ScriptCheck:
    want = claim.script_expects_success
    if want is None:
        shown = [f"{run(p)} || true" for p in claim.probes()]
        return ScriptCheck((*shown, 'ok=2 seen="not checked by this script: netsh judges this kind of claim itself"'))
    lines = ["ok=0 seen=''"]
    for probe in claim.probes():
        lines += [f"if out=$({run(probe)} 2>&1); then got=0; else got=$?; fi",
                  f'[ "$got" {"=" if want else "!="} 0 ] || ok=1',
                  f'seen="${{seen:+$seen; }}"{q(probe.display)}": exit $got, $(tail -n 1 <<<"$out")"']
    return ScriptCheck(tuple(lines))


@script_check.register
def _reaches(claim: Reaches) -> ScriptCheck:
    """A reply or none, as expected; when not, the route the kernel picks and the host's FORWARD
    counters (a routed or br_netfilter-bridged packet meets them) are worth seeing."""
    (probe,) = claim.probes()
    return ScriptCheck((judged(f"out=$({run(probe)} 2>&1)", claim.expect), 'seen=$(ping_seen <<<"$out")'),
                       hints=(ip.show("route", "get", claim.target, netns=claim.src), iptables.counters("FORWARD")))


@script_check.register
def _sweep(claim: ReachesRange) -> ScriptCheck:
    """One fping per source; the evidence names only the sources that missed."""
    lines = ["ok=0 missed=''"]
    for src, probe in zip(claim.sources, claim.probes()):
        lines.append(f"if ! out=$({run(probe)} 2>&1); then ok=1 "
                     f'missed="${{missed:+$missed; }}"{q((src or "host") + ": ")}"$(paste -sd " " - <<<"$out")"; fi')
    total = len(claim.sources) * claim.count
    return ScriptCheck((*lines, f'if [ "$ok" = 0 ]; then seen={q(f"all {total} pairs replied")}; '
                          'else seen="no reply: $missed"; fi'))


@script_check.register
def _side_by_side(claim: SideBySide) -> ScriptCheck:
    """One claim, held when every cell holds; its evidence names each column."""
    lines, json = ["all_ok=0 all_seen=''"], False
    for _, cells in claim.rows:
        for column, cell in zip(claim.columns, cells):
            check = script_check(cell)
            json |= check.json
            lines += [*check.lines, '[ "$ok" = 0 ] || all_ok=1',
                      f'all_seen="${{all_seen:+$all_seen · }}"{q(column + ": ")}"$seen"']
    return ScriptCheck((*lines, 'ok=$all_ok seen=$all_seen'), json=json)


@singledispatch
def counter_value(counter) -> tuple[str, bool]:
    """A filter from the counter's read to its value, and whether it reads JSON."""
    raise NotImplementedError(f"no script reader for {type(counter).__name__}")


@counter_value.register
def _snmp(counter: SnmpCounter) -> tuple[str, bool]:
    prog = '$1 == g && !n {for (i = 2; i <= NF; i++) if ($i == c) n = i; next} $1 == g && n {print $n; exit}'
    return f"awk -v g={q(counter.group + ':')} -v c={q(counter.name)} {q(prog)}", False


@counter_value.register
def _policy(counter: PolicyCounter) -> tuple[str, bool]:
    prog = 'NR == 1 && $3 == "(policy" {print $5}'  # Chain FORWARD (policy DROP 1 packets, ...)
    return f"awk {q(prog)}", False


def _around(claim, fits: str) -> ScriptCheck:
    """Read the counter, send the traffic (its own claim must hold too), read again."""
    read = run(claim.counter.read())
    value, json = counter_value(claim.counter)
    traffic = script_check(claim.traffic)
    return ScriptCheck((f"label={q(claim.counter.label)}", f"before=$({read} 2>&1) || true", *traffic.lines,
                  f"after=$({read} 2>&1) || true",
                  f'a=$({value} <<<"$before") b=$({value} <<<"$after")',
                  'if ! [[ $a =~ ^[0-9]+$ && $b =~ ^[0-9]+$ ]]; then',
                  '  ok=1 seen="$seen; cannot read $label"',
                  'else\n  seen="$seen; $label $a → $b ($(printf %+d $((b - a))))"',
                  f'  if [ "$ok" = 0 ]; then {judged(fits)}; fi',
                  "fi"), json=json or traffic.json)


@script_check.register
def _rises(claim: CounterRises) -> ScriptCheck:
    return _around(claim, f"[ $((b - a)) -ge {claim.at_least} ]")


@script_check.register
def _flat(claim: CounterFlat) -> ScriptCheck:
    return _around(claim, '[ "$b" = "$a" ]')
