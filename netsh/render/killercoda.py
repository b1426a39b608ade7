"""Export a scenario as a Killercoda scenario directory.

Killercoda's format (github.com/killercoda/scenario-examples): `index.json`
names the title, description, an intro, the steps (each a Markdown text and a
`verify` script that passes with exit 0) and a finish page, on a backend image.
Commands in a step's text are clickable when written `` `cmd`{{exec}} ``.

Killercoda's `ubuntu` backend is a real VM, not netsh's sandbox. So the
intro's background script makes the tutorial's host the way the sandbox does:
a network namespace, `netsh-lab`, with an uplink, an address, a default route
and forwarding (netsh.executors.sandbox.host_like_steps), and the learner's
terminal opens inside it. The VM's own network stays as it was, and nothing
there (Docker's iptables rules, say) changes what the lesson shows. Each
step's verify script enters the same namespace and checks that step's claims
with the same per-claim checks as `netsh export` (netsh/render/script_checks.py).
"""

from __future__ import annotations

import json

from netsh.features import script_lines as feature_checks
from netsh.render.script_claims import claim_lines
from netsh.render.script_runtime import KERNEL_AT_LEAST, RUNTIME, SHELLCHECK_NOTE

LAB = "netsh-lab"
READY = f"/run/{LAB}.ready"
ENTER = f"nsenter --net=/run/netns/{LAB}"


def export(scenario, version: str) -> dict[str, str]:
    """The scenario's Killercoda files: path (relative to the scenario's folder) -> text."""
    steps = scenario.plan
    files = {"intro/text.md": _intro(scenario, version),
             "intro/background.sh": _background(scenario),
             "intro/foreground.sh": _foreground(),
             "finish/text.md": _finish(scenario)}
    index_steps = []
    for n, step in enumerate(steps, 1):
        files[f"step{n}/text.md"] = _step_text(step)
        files[f"step{n}/verify.sh"] = _verify(scenario, n, step)
        index_steps.append({"title": str(step.title), "text": f"step{n}/text.md",
                            "verify": f"step{n}/verify.sh"})
    index = {"title": scenario.name, "description": str(scenario.summary),
             "details": {"intro": {"title": "Introduction", "text": "intro/text.md",
                                   "background": "intro/background.sh",
                                   "foreground": "intro/foreground.sh"},
                         "steps": index_steps,
                         "finish": {"title": "Finish", "text": "finish/text.md"}},
             "backend": {"imageid": "ubuntu"}}
    files["index.json"] = json.dumps(index, indent=2, ensure_ascii=False) + "\n"
    return files


def exec_block(command: str) -> str:
    """A command the learner clicks to run it in the terminal."""
    if "`" in command or "\n" in command:  # an inline code span cannot hold it: a fenced block can
        return f"```\n{command}\n```{{{{exec}}}}"
    return f"`{command}`{{{{exec}}}}"


def _step_text(step) -> str:
    out = [str(step.narration), ""] if step.narration else []
    for c in step.commands:
        out += [exec_block(c.display), ""]
        if c.fails is not None:
            out += [_expected_failure(c.fails), ""]
    if step.claims:
        out += ["**ScriptCheck** verifies, on this machine:", ""]
        out += [f"- {claim.text}" for claim in step.claims]
        out.append("")
    return "\n".join(out)


def _expected_failure(e) -> str:
    """What the learner should see from a command the tutorial says fails."""
    wordings = "; ".join(f"`{regex}` on {label}" for label, regex in e.texts)
    text = f"The tutorial says this one fails. The error reads: {wordings}."
    if e.outdated is not None:
        text += (f" The tutorial is out of date here: since Linux {e.outdated.since}, "
                 f"{e.outdated.now}, so on this VM it may succeed.")
    return text


def _intro(scenario, version: str) -> str:
    params = ", ".join(f"`{k}={v}`" for k, v in vars(scenario.p).items())
    out = [f"# {scenario.name}", "", str(scenario.summary), "",
           "## Where this runs", "",
           f"This VM is yours for the session. Your terminal opens inside `{LAB}`, a network "
           "namespace prepared to look like the server the tutorial uses: an uplink `eth0` with "
           "an address and a default route, and IPv4 forwarding on. The VM's own network is "
           "left alone, so its firewall rules cannot change what the lesson shows. The setup also "
           "installs missing tools and loads the `br_netfilter` and `vxlan` modules.", ""]
    if scenario.assumptions:
        out += ["## What the lesson assumes of the host", "",
                *(f"- {a}" for a in scenario.assumptions), ""]
    out += ["## How it works", "",
            "Each step runs the tutorial's exact commands: click one to run it in the terminal. "
            "**ScriptCheck** then verifies the step's claims on the kernel in front of you and says why "
            "a claim does not hold.", "",
            f"Parameters: {params}. Made with netsh {version} (`netsh export {scenario.name} "
            "--format killercoda`).", ""]
    return "\n".join(out)


def _finish(scenario) -> str:
    titles = [f"{n}. {step.title}" for n, step in enumerate(scenario.plan, 1)]
    return "\n".join(["# Done", "", f"You went through every step of `{scenario.name}`:", "",
                      *titles, "",
                      "The VM, and everything the lesson built on it, goes away with the session. "
                      f"To run the lesson on your own machine in a throwaway sandbox: "
                      f"`netsh run {scenario.name}`; as a bash script with every check: "
                      f"`netsh export {scenario.name}`.", ""])


def _background(scenario) -> str:
    from netsh.executors.sandbox import host_like_steps
    from netsh.packages import programs

    known = programs()  # what netsh knows to install; coreutils and the like are there already
    tools = sorted({known[c.args[0]].package for s in scenario.plan for c in _commands(s) if c.args[0] in known}
                   | {known["ip"].package, known["nsenter"].package, "python3"})
    setup = [c.display for s in host_like_steps() for c in s.commands]
    return "\n".join([
        "#!/usr/bin/env bash",
        "# Make the tutorial's host, as netsh's sandbox does, in a namespace of its own.",
        "set -eu",
        f"for pkg in {' '.join(tools)}; do",
        '  dpkg -s "$pkg" >/dev/null 2>&1 || missing="${missing:-} $pkg"',
        "done",
        'if [ -n "${missing:-}" ]; then',
        "  apt-get update -qq",
        "  # shellcheck disable=SC2086  # one word per package",
        "  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing",
        "fi",
        "modprobe -a br_netfilter vxlan 2>/dev/null || true  # a namespace cannot load modules",
        f"ip netns add {LAB}",
        f"{ENTER} bash -eu <<'SETUP'",
        *setup,
        "SETUP",
        "# Kernel features the lesson needs (netsh stops with exit 3 where one is missing): the",
        "# terminal shows what is missing.",
        f"{ENTER} bash <<'FEATURES' 2>{READY}.tmp || true",
        *feature_checks(scenario),
        "FEATURES",
        f"mv {READY}.tmp {READY}",
        ""])


def _foreground() -> str:
    """Typed into the learner's terminal: wait for the lab, show what the setup found
    missing (a kernel feature the lesson needs), then open a shell inside the lab."""
    return "\n".join([f"echo 'Preparing the lab...'; while [ ! -e {READY} ]; do sleep 1; done; cat {READY}",
                      f"{ENTER} env PS1='{LAB}:\\w# ' bash --norc", ""])


def _commands(step):
    """Everything a step starts: its commands and its claims' probes."""
    return [*step.commands, *(p for claim in step.claims for p in claim.probes())]


def _verify(scenario, n: int, step) -> str:
    """The step's checks as one function, run inside the lab (Killercoda runs the
    script outside it); `declare -f` carries the function there, however the script
    itself was started."""
    out = ["#!/usr/bin/env bash",
           f"# {scenario.name}, step {n}: {step.title}. Checks the step's claims inside {LAB},",
           "# where the lesson runs; exit 0 when none of them fails.",
           SHELLCHECK_NOTE,
           "# shellcheck disable=SC2317  # the shared helpers this step's checks do not call",
           "checks() {",
           RUNTIME + KERNEL_AT_LEAST]
    for claim in step.claims:
        out += claim_lines(claim)
    out += ["summary", '[ "$failed" = 0 ]', "}",
            f'exec {ENTER} bash -uc "$(declare -f checks); checks"', ""]
    return "\n".join(out)
