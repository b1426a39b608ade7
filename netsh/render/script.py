"""Export a scenario as a bash script: the exact commands, narration as comments,
expected failures guarded, claims as checks, and a cleanup that undoes it all.

Every value in a command was quoted with shlex when the command was built, so
the script needs no quoting of its own.
"""

from __future__ import annotations

import shlex
import textwrap

from netsh.claims import Claim
from netsh.command import Command
from netsh.features import script_lines as feature_checks

HEADER = """#!/usr/bin/env bash
# {name}: {summary}
# Exported by netsh {version}. Parameters: {params}
#
# WARNING: like the tutorial, this script changes the machine it runs on
# (namespaces, links, routes, sysctls, the iptables FORWARD policy). Run it as
# root in a VM, or in private network and mount namespaces that vanish with it:
#   unshare --net --mount --propagation private sh -c \\
#     'mount -t tmpfs tmpfs /run/netns 2>/dev/null ||
#      {{ mount -t tmpfs tmpfs /run && mkdir /run/netns; }}; exec bash {file}'
# (Not under `ip netns exec`: the namespaces it adds would leave stale names in
# /run/netns.) Claims about reaching the host assume the tutorial's server: an
# uplink with a default route and forwarding on. The cleanup at the end (also
# run on error, Ctrl-C or SIGTERM) restores what it changed.
set -u

held=0 failed=0
check() {{  # check EXPECTED-STATUS DESCRIPTION -- COMMAND...
  local want=$1 what=$2; shift 3
  if "$@" >/dev/null 2>&1; then got=0; else got=1; fi
  if [ "$got" = "$want" ]; then echo "  ✓ $what"; held=$((held + 1))
  else echo "  ✗ $what"; failed=$((failed + 1)); fi
}}
"""


KERNEL_AT_LEAST = """kernel_at_least() {  # kernel_at_least X.Y: this kernel's release is X.Y or later
  printf '%s\\n%s\\n' "$1" "$(uname -r)" | sort -V -C
}"""


def _comment(text: str, indent: str = "") -> str:
    return "\n".join(f"{indent}# {line}" for line in textwrap.wrap(text, 76))


def _undo_line(undo: Command) -> str:
    return f"  {undo.display} 2>/dev/null || true"


def export(scenario, version: str, filename: str = "script.sh") -> str:
    params = " ".join(f"{k}={shlex.quote(str(v))}" for k, v in vars(scenario.p).items())
    out = [HEADER.format(name=scenario.name, summary=scenario.summary, version=version,
                         params=params, file=filename)]
    restores: list[str] = []   # capture lines run before a change
    undos: list[str] = []
    for n, step in enumerate(scenario.plan, 1):
        out.append(f"\n# --- Step {n}: {step.title} ---")
        if step.narration:
            out.append(_comment(step.narration))
        out.append(f"echo {shlex.quote(f'== Step {n}: {step.title}')}")
        for c in step.commands:
            if c.undo is not None and c.undo.capture is not None:
                var = f"old_{len(restores)}"
                restores.append(var)
                out.append(f"{var}=$({c.undo.capture.display} 2>/dev/null)")
                undos.append(f'  [ -n "${{{var}:-}}" ] && {_restore_line(c, var)}')
            elif c.undo is not None:
                undos.append(_undo_line(c.undo.command))
            if c.fails is not None:
                out.append(_expected_failure(c))
            elif c.grep is not None:
                out.append(f"{c.display} || echo {shlex.quote(f'(no line with {c.grep})')}")
            else:
                out.append(c.display)
        for claim in step.claims:
            out.extend(_claim_lines(claim))
    out.append("\ncleanup() {")
    out.append("  trap - EXIT INT TERM")
    out.extend(reversed(undos))
    out.append("}")
    # A signal ends the script (the EXIT trap then cleans up) instead of resuming it.
    out.insert(1, "trap cleanup EXIT\ntrap 'exit 130' INT\ntrap 'exit 143' TERM")
    if any(c.fails is not None and c.fails.outdated for s in scenario.plan for c in s.commands):
        out.insert(1, KERNEL_AT_LEAST)
    out[1:1] = feature_checks(scenario)  # exit 3 before anything changed, as netsh does
    out.append('echo "claims held: $held, not held: $failed"')
    out.append('[ "$failed" = 0 ]')
    return "\n".join(out) + "\n"


def _claim_lines(claim) -> list[str]:
    """A check by exit status; or, for a claim judged from output (JSON, counters
    around traffic), its probes shown in order with the inner claims checked."""
    want = claim.script_expects_success
    if want is not None:  # every probe must give that status (one per source of a sweep)
        return [f"check {0 if want else 1} {shlex.quote(claim.text)} -- {shlex.join(probe.argv())}"
                for probe in claim.probes()]
    lines = [f"# claim: {claim.text}"]
    for part in claim.script_parts():
        lines += _claim_lines(part) if isinstance(part, Claim) else [f"{part.display} || true"]
    return lines


def _expected_failure(c: Command) -> str:
    """The tutorial says `c` fails; from `outdated.since` on, kernels let it succeed."""
    refused = "echo '  ✓ failed as the tutorial says'; held=$((held + 1))"
    allowed = "echo '  ✗ this should have failed'; failed=$((failed + 1))"
    o = c.fails.outdated
    if o is None:
        return f"if {c.display}; then {allowed}; else {refused}; fi"
    modern = shlex.quote(f"  ✓ it succeeded: the tutorial is out of date here: {o.now} since Linux {o.since}")
    stale = shlex.quote(f"  ✗ refused, though Linux >= {o.since} allows it")
    return (f"if kernel_at_least {shlex.quote(o.since)}; then\n"
            f"  if {c.display}; then echo {modern}; held=$((held + 1)); else echo {stale}; failed=$((failed + 1)); fi\n"
            f"elif {c.display}; then {allowed}; else {refused}; fi")


# The placeholder stands for the captured value while the restoring command is built.
CAPTURED = "NETSH_CAPTURED_VALUE"


def _restore_line(c: Command, var: str) -> str:
    """The undo built, by the same builder as at run time, from a value the script captured."""
    value = f'"${{{var}}}"'
    if c.undo.script_parse is not None:
        value = f'"$(awk {shlex.quote(c.undo.script_parse)} <<<"${{{var}}}")"'
    return c.undo.restore(CAPTURED).display.replace(CAPTURED, value)
