"""iptables and the bridge: when does a FORWARD DROP policy stop bridged traffic?"""

from __future__ import annotations

from dataclasses import dataclass

from netsh.claims import (BridgeOption, BridgePorts, BrNetfilterLoaded, CounterFlat, CounterRises, PolicyCounter,
                          Reaches, SysctlIs)
from netsh.claims.br_netfilter import BRNF
from netsh.params import IfName
from netsh.scenario import Scenario
from netsh.scenarios.legs import TwoLegs, bridged
from netsh.step import step
from netsh.tools import ip, iptables, sysctl

FORWARD_POLICY = PolicyCounter("FORWARD")


class BridgeFirewall(Scenario):
    name = "bridge-firewall"
    summary = "FORWARD DROP and a bridge: bridge-nf-call-iptables off, on, and the per-bridge switch"
    assumptions = (
        "br_netfilter is loaded (or built in). It is a kernel module: only the machine "
        "itself can load it (`modprobe br_netfilter`), never a namespace or sandbox.",
    )

    @dataclass(frozen=True)
    class Params(TwoLegs):
        bridge: IfName = "br0"

    def steps(self):
        p = self.p
        a, b = p.legs()
        passes = Reaches(f"{p.ns1} reaches {p.ns2}", src=p.ns1, target=b.ip)
        dropped = Reaches(f"{p.ns1} cannot reach {p.ns2}", src=p.ns1, target=b.ip, expect=False)

        yield step(
            "Is br_netfilter here?",
            """A bridge forwards frames by MAC address and never asks iptables, unless the
            br_netfilter module is loaded: then, wherever bridge-nf-call-iptables is 1, the
            bridge hands each IPv4 frame it forwards to the iptables chains. Docker loads
            the module, and on this kernel every new network namespace starts with the
            switch at 1: on such a machine bridged traffic between containers already meets
            the FORWARD chain. Without the module, /proc/sys/net/bridge does not exist and
            this lesson cannot run.""",
            [],
            [BrNetfilterLoaded("br_netfilter is loaded")],
        )
        yield step(
            "Two namespaces on a bridge",
            f"""The seed's layout: {p.bridge} with {p.veth1} and {p.veth3} as its ports, the
            other ends in {p.ns1} and {p.ns2} on one subnet. No routes, no forwarding needed.""",
            bridged(p.bridge, a, b),
            [BridgePorts(f"{p.bridge}'s ports are {p.veth1} and {p.veth3}", bridge=p.bridge,
                         ports=(p.veth1, p.veth3)),
             Reaches(f"{p.ns1} reaches {p.ns2} through {p.bridge}", src=p.ns1, target=b.ip)],
        )
        yield step(
            "FORWARD DROP, the switch at 0",
            f"""Set bridge-nf-call-iptables to 0 and the FORWARD policy to DROP, then zero the
            chain's counters. The ping still gets through, and the counters show why: the
            frames never visited the chain.""",
            [sysctl.write(BRNF, "0"), iptables.policy("FORWARD", "DROP"), iptables.zero("FORWARD")],
            [SysctlIs("bridge-nf-call-iptables is 0", path=BRNF, value="0"),
             CounterFlat(f"{p.ns1} still reaches {p.ns2}; the FORWARD policy counter stays flat",
                         counter=FORWARD_POLICY, traffic=passes,
                         why_not="bridged frames went through iptables with the switch at 0")],
        )
        yield step(
            "The switch at 1",
            """Now the bridge passes its IPv4 frames to iptables. They are still bridged, not
            routed, yet the FORWARD chain sees them and its DROP policy applies.""",
            [sysctl.write(BRNF, "1"), iptables.zero("FORWARD")],
            [CounterRises(f"with the switch at 1, {p.ns1} cannot reach {p.ns2}; the FORWARD policy counter rises",
                          counter=FORWARD_POLICY, traffic=dropped,
                          why_not="bridged frames did not go through iptables with the switch at 1")],
        )
        yield step(
            "One bridge's own switch",
            f"""The global switch applies to every bridge. A bridge also has its own option,
            nf_call_iptables: with the global switch back at 0, turning it on for {p.bridge}
            alone sends {p.bridge}'s frames through iptables again: Linux looks at the global
            switch or the bridge's own, and either one on is enough. The last claim checks
            that on this kernel.""",
            [sysctl.write(BRNF, "0"), ip.bridge_set(p.bridge, "nf_call_iptables", "1", default="0"),
             iptables.zero("FORWARD")],
            [SysctlIs("bridge-nf-call-iptables is 0", path=BRNF, value="0"),
             BridgeOption(f"{p.bridge} has nf_call_iptables 1", bridge=p.bridge, option="nf_call_iptables",
                          value="1"),
             CounterRises(f"with only {p.bridge}'s own switch on, {p.ns1} cannot reach {p.ns2}; "
                          "the FORWARD policy counter rises",
                          counter=FORWARD_POLICY, traffic=dropped,
                          why_not=f"this kernel ignores {p.bridge}'s own nf_call_iptables when the "
                                  "global switch is 0")],
        )
