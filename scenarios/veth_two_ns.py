"""The chapter before the seed: two namespaces joined to the host by veth pairs
only, the host routing between them."""

from __future__ import annotations

from dataclasses import dataclass

from netsh.claims import (BrNetfilterLoaded, CounterFlat, CounterRises, HasAddress, HasRoute, PolicyCounter,
                          Reaches, SnmpCounter)
from netsh.claims.br_netfilter import BRNF
from netsh.params import Address
from netsh.scenario import Scenario
from netsh.scenarios.legs import FORWARDING, TwoLegs, both_ends_up, routed, wire
from netsh.step import step
from netsh.tools import iptables, sysctl

FORWARDED = SnmpCounter("Ip", "ForwDatagrams")
FORWARD_POLICY = PolicyCounter("FORWARD")


class VethTwoNs(Scenario):
    name = "veth-two-ns"
    summary = "Two namespaces on veth pairs only; the host routes between them (proxy_arp, ip_forward)"
    assumptions = (
        "The host's iptables FORWARD chain accepts routed packets (policy ACCEPT); a host "
        "whose policy is DROP, as Docker sets it, blocks the routed path from the start.",
        "br_netfilter is available for the last steps, which show that its switch does not "
        "matter to routed traffic.",
    )

    @dataclass(frozen=True)
    class Params(TwoLegs):
        gateway: Address = "169.2.2.2"

    def steps(self):
        p = self.p
        a, b = p.legs()
        ping_ab = Reaches(f"{p.ns1} reaches {p.ns2}", src=p.ns1, target=b.ip)
        blocked_ab = Reaches(f"{p.ns1} cannot reach {p.ns2}", src=p.ns1, target=b.ip, expect=False)

        yield step(
            "Two namespaces, each on its own cable",
            f"""Each namespace gets a veth pair of its own: {p.veth0} and {p.veth2} go inside
            with an address, {p.veth1} and {p.veth3} stay on the host. There is no bridge.
            Both addresses sit in one /24, so each namespace believes the other is on its
            own wire; but the two wires end in the host, which so far neither routes
            between them nor answers ARP for them.""",
            [*wire(a, b), *both_ends_up(a, b)],
            [HasAddress(f"{p.veth0} lives in {p.ns1} with {p.addr1}", dev=p.veth0, cidr=p.addr1, netns=p.ns1),
             HasAddress(f"{p.veth2} lives in {p.ns2} with {p.addr2}", dev=p.veth2, cidr=p.addr2, netns=p.ns2),
             Reaches(f"{p.ns1} cannot reach {p.ns2} yet", src=p.ns1, target=b.ip, expect=False,
                     why_not="something already routes between the two cables")],
        )
        yield step(
            "The host becomes the router",
            f"""A /32 route for each namespace tells the host which cable leads where. Proxy
            ARP on the host ends makes the host answer ARP questions for addresses it routes
            out of another interface, so {p.ns1}'s question about {b.ip} gets the host's
            MAC as its answer. With forwarding on, the host passes each packet on. The
            default routes via {p.gateway} (`onlink`: reachable on the wire although outside
            the subnet) give the namespaces a way to anything outside their /24.""",
            routed(a, b, p.gateway),
            [HasRoute(f"the host routes {a.ip}/32 to {p.veth1}", dst=a.ip, dev=p.veth1),
             HasRoute(f"the host routes {b.ip}/32 to {p.veth3}", dst=b.ip, dev=p.veth3),
             Reaches(f"{p.ns2} reaches {p.ns1}", src=p.ns2, target=a.ip, why_not=ROUTER_WHY),
             CounterRises(f"{p.ns1} reaches {p.ns2}, and the host's IpForwDatagrams rises by 2 "
                          "(it routed the request and the reply)",
                          counter=FORWARDED, traffic=ping_ab, at_least=2, why_not=ROUTER_WHY)],
        )
        yield step(
            "Forwarding off",
            f"""Every packet between the namespaces went through the host's IP forwarding
            code; the counter showed it. Switch forwarding off and that path is gone: the
            host neither forwards nor, for new ARP questions, proxies.""",
            [sysctl.write(FORWARDING, "0")],
            [CounterFlat(f"{p.ns1} can no longer reach {p.ns2}; IpForwDatagrams stays flat",
                         counter=FORWARDED, traffic=blocked_ab,
                         why_not="the host still forwards between the namespaces")],
        )
        yield step(
            "Forwarding on, FORWARD policy DROP",
            """Turn forwarding back on and set the iptables FORWARD policy to DROP: routed
            packets meet the FORWARD chain on their way through. The next two steps set
            bridge-nf-call-iptables both ways, so first check that br_netfilter, which
            provides it, is here.""",
            [sysctl.write(FORWARDING, "1"), iptables.policy("FORWARD", "DROP")],
            [BrNetfilterLoaded("br_netfilter is loaded")],
        )
        for value, meaning in (("0", "off"), ("1", "on")):
            yield step(
                f"bridge-nf-call-iptables {meaning}",
                f"""bridge-nf-call-iptables decides whether *bridged* frames visit iptables.
                These packets are routed, not bridged, so with the switch {meaning} they meet
                the FORWARD chain all the same. Its counters, zeroed first, show the policy
                dropping the ping.""",
                [sysctl.write(BRNF, value), iptables.zero("FORWARD")],
                [CounterRises(f"with the switch {meaning}, {p.ns1} cannot reach {p.ns2}; "
                              "the FORWARD policy counter rises",
                              counter=FORWARD_POLICY, traffic=blocked_ab,
                              why_not="routed packets should always traverse FORWARD")],
            )


ROUTER_WHY = ("the host routes between the namespaces only with the /32 routes, proxy ARP on "
              "both host ends and forwarding on, and with an iptables FORWARD chain that accepts")
