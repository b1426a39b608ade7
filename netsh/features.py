"""Kernel features a scenario needs, each with a probe that changes nothing lasting.

A scenario declares `features = ("bridge_vlan_filtering",)`; before step 1 the
session probes each one where the commands run (the sandbox, the host, a remote
target) and stops with exit 3, "this kernel lacks ...", if one is missing, so a
lesson never dies half way on "Operation not supported". `netsh doctor` lists
every feature here with yes or no.

A probe either reads /proc or /sys, or creates a scratch device inside a
throwaway network namespace (`unshare --net`): the namespace, and the device
with it, go when the probe's process ends. (Creating a device of a kind whose
driver is a module not yet loaded may load it, as the lesson itself would.)
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from netsh.command import Command, cmd
from netsh.errors import EnvironmentProblem, UsageError

SCRATCH = "netsh-probe"  # the scratch device's name, inside its own throwaway namespace
BR_NETFILTER_HINT = ("load it on the machine itself, as root: `modprobe br_netfilter` (a namespace or "
                     "sandbox cannot load kernel modules). Once loaded, every bridge on that machine "
                     "passes its IPv4 frames to iptables wherever bridge-nf-call-iptables is 1, which "
                     "is the default")


@dataclass(frozen=True)
class Feature:
    name: str
    title: str              # "this kernel lacks TITLE"
    argv: tuple[str, ...]   # the probe: exit 0 means present
    hint: str               # what to do where it is missing
    scratch: bool = False   # run in a throwaway network namespace (it creates a device)
    stdin: str | None = None

    def probe(self, userns: bool = False) -> Command:
        """The probe command; `userns`: not root, so the scratch namespace needs a user namespace."""
        if not self.scratch:
            return cmd(*self.argv, stdin=self.stdin)
        unshare = ("unshare", "--user", "--map-root-user", "--net", "--") if userns else ("unshare", "--net", "--")
        return cmd(*unshare, *self.argv, stdin=self.stdin)


NFT_TRACE = f"""table inet {SCRATCH.replace('-', '_')} {{
  chain c {{ type filter hook prerouting priority 0; meta nftrace set 1; }}
}}
"""

REGISTRY: dict[str, Feature] = {f.name: f for f in (
    Feature("bridge", "Linux bridges", ("ip", "link", "add", SCRATCH, "type", "bridge"),
            "the bridge driver is missing: load it as root (`modprobe bridge`) or use a kernel "
            "built with CONFIG_BRIDGE", scratch=True),
    Feature("veth", "veth pairs", ("ip", "link", "add", SCRATCH, "type", "veth", "peer", "name", SCRATCH + "1"),
            "the veth driver is missing: load it as root (`modprobe veth`) or use a kernel built "
            "with CONFIG_VETH", scratch=True),
    Feature("bridge_vlan_filtering", "bridge VLAN filtering",
            ("ip", "link", "add", SCRATCH, "type", "bridge", "vlan_filtering", "1"),
            "use a kernel built with CONFIG_BRIDGE_VLAN_FILTERING=y (every major distribution's "
            "is); it cannot be loaded as a module on its own", scratch=True),
    Feature("vxlan", "the vxlan driver", ("test", "-d", "/sys/module/vxlan"),
            "load it on the machine itself, as root: `modprobe vxlan` (a sandbox cannot load "
            "kernel modules)"),
    Feature("br_netfilter", "br_netfilter", ("test", "-e", "/proc/sys/net/bridge/bridge-nf-call-iptables"),
            BR_NETFILTER_HINT),
    Feature("nft_trace", "nf_tables tracing (meta nftrace)", ("nft", "-f", "-"),
            "use a kernel with nf_tables (CONFIG_NF_TABLES) and the nftables tool "
            "(apt-get install nftables)", scratch=True, stdin=NFT_TRACE),
)}


def known(names) -> list[Feature]:
    """The registry entries for these names; an unknown one is the scenario author's mistake."""
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise UsageError(f"unknown kernel feature(s): {', '.join(unknown)}",
                         f"netsh knows: {', '.join(REGISTRY)} (netsh/features.py).")
    return [REGISTRY[n] for n in names]


def present(executor, feature: Feature, host: str | None = None, userns: bool = False) -> bool:
    """Run the probe where `executor` runs commands (on `host` of a multi-host run)."""
    probe = feature.probe(userns)
    try:
        return executor.run(probe.on(host) if host else probe).ok
    except EnvironmentProblem:  # the probe's tool itself is missing there (nft)
        return False


def require(executor, scenario) -> None:
    """Exit 3 before step 1 if the kernel where the commands run lacks a feature the scenario needs."""
    needed = known(getattr(scenario, "features", ()))
    if not needed or not executor.live:
        return
    for host in scenario.hosts or (None,):
        for feature in needed:
            if not present(executor, feature, host):
                where = f" ({host})" if host else ""
                raise EnvironmentProblem(f"this kernel{where} lacks {feature.title} "
                                         f"({feature.name}), which {scenario.name} needs",
                                         f"To run it, {feature.hint}. `netsh doctor` lists every feature.")


def script_lines(scenario) -> list[str]:
    """The same preflight in an exported bash script: each probe, or exit 3 saying what is missing."""
    out = []
    for feature in known(scenario.features):
        probe = feature.probe()
        feed = f"printf %s {shlex.quote(probe.stdin)} | " if probe.stdin else ""
        # Without backquotes: shellcheck would take them for a command substitution meant to run.
        said = shlex.quote(f"this kernel lacks {feature.title} ({feature.name}): {feature.hint}".replace("`", ""))
        out.append(f"{{ {feed}{probe.display}; }} >/dev/null 2>&1 || {{ echo {said} >&2; exit 3; }}")
    return out
