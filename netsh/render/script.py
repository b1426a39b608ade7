"""Export a scenario as a bash script: the exact commands, narration as comments,
expected failures guarded, claims as checks, and a cleanup that undoes it all.

Every value in a command was quoted with shlex when the command was built, so
the script needs no quoting of its own.
"""

from __future__ import annotations

import shlex
import textwrap

from netsh.command import Command
from netsh.features import script_lines as feature_checks
from netsh.i18n import tr
from netsh.render.script_claims import claim_lines, expected_failure
from netsh.render.script_runtime import KERNEL_AT_LEAST, RUNTIME, SHELLCHECK_NOTE

HEADER = """#!/usr/bin/env bash
{shellcheck}
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
"""


def _comment(text: str, indent: str = "") -> str:
    return "\n".join(f"{indent}# {line}" for line in textwrap.wrap(text, 76))


def _undo_line(undo: Command) -> str:
    return f"  {undo.display} 2>/dev/null || true"


def export(scenario, version: str, filename: str = "script.sh") -> str:
    params = " ".join(f"{k}={shlex.quote(str(v))}" for k, v in vars(scenario.p).items())
    out = [HEADER.format(name=scenario.name, summary=scenario.summary, version=version,
                         params=params, file=filename, shellcheck=SHELLCHECK_NOTE)]
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
                out.extend(expected_failure(c, failure_text(c)))
            elif c.grep is not None:
                out.append(f"{c.display} || echo {shlex.quote(f'(no line with {c.grep})')}")
            else:
                out.append(c.display)
        for claim in step.claims:
            out.extend(claim_lines(claim))
    out.append("\ncleanup() {")
    out.append("  trap - EXIT INT TERM")
    out.extend(reversed(undos))
    out.append("}")
    # A signal ends the script (the EXIT trap then cleans up) instead of resuming it.
    out.insert(1, "trap cleanup EXIT\ntrap 'exit 130' INT\ntrap 'exit 143' TERM")
    out.insert(1, RUNTIME + KERNEL_AT_LEAST)
    out[1:1] = feature_checks(scenario)  # exit 3 before anything changed, as netsh does
    out.append("summary")
    out.append('[ "$failed" = 0 ]')
    return "\n".join(out) + "\n"


def failure_text(c: Command) -> str:
    """An expected failure's claim, worded as the run words it."""
    return str(tr(f"`{c.display}` fails", zh=f"`{c.display}` 会失败"))


# The placeholder stands for the captured value while the restoring command is built.
CAPTURED = "NETSH_CAPTURED_VALUE"


def _restore_line(c: Command, var: str) -> str:
    """The undo built, by the same builder as at run time, from a value the script captured."""
    value = f'"${{{var}}}"'
    if c.undo.script_parse is not None:
        value = f'"$(awk {shlex.quote(c.undo.script_parse)} <<<"${{{var}}}")"'
    return c.undo.restore(CAPTURED).display.replace(CAPTURED, value)
