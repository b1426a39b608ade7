"""The seed's section on the difference: the same two namespaces routed by the host
and bridged, compared side by side with the host's own counters."""

from __future__ import annotations

from dataclasses import dataclass

from netsh.claims import BridgePorts, CounterFlat, CounterRises, Reaches, SideBySide
from netsh.claims.counters import FORWARDED, RECEIVED
from netsh.claims.neighbours import NeighbourIs
from netsh.i18n import tr
from netsh.param_rules import Outside, SameNetwork
from netsh.params import Address, IfName, NsName
from netsh.scenario import Scenario
from netsh.step import step
from netsh.tools import sysctl
from netsh.wiring import Leg, TwoLegs, both_ends_up, bridged, routed, wire


class VethVsBridge(Scenario):
    name = "veth-vs-bridge"
    summary = tr("The same two namespaces routed by the host and on a bridge; ip_forward=0 breaks only the first",
                 zh="同样两个命名空间，一组由主机路由，一组挂在网桥上；ip_forward=0 只让前一组断开")
    assumptions = (
        tr("The host's iptables FORWARD chain accepts (policy ACCEPT). Where it drops, as on "
           "a Docker host with br_netfilter loaded, both pairs fail and there is nothing to compare.",
           zh="主机 iptables 的 FORWARD 链放行（策略 ACCEPT）。如果它丢包，比如在加载了 br_netfilter "
              "的 Docker 主机上，两组都不通，也就没什么可比的了。"),
    )

    rules = (SameNetwork("addr1", "addr2"), Outside("gateway", "addr1"), Outside("gateway", "addr2"))
    features = ("bridge", "veth")

    @dataclass(frozen=True)
    class Params(TwoLegs):
        # Both layouts exist at once, so each has its own names: ns1/ns2 on veth0-3
        # are routed, ns3/ns4 on veth4-7 are bridged. Both pairs use the same addresses.
        ns3: NsName = "ns3"
        ns4: NsName = "ns4"
        veth4: IfName = "veth4"
        veth5: IfName = "veth5"
        veth6: IfName = "veth6"
        veth7: IfName = "veth7"
        bridge: IfName = "br0"
        gateway: Address = "169.2.2.2"

    def steps(self):
        p = self.p
        a, b = p.legs()
        c, d = Leg(p.ns3, p.veth4, p.veth5, p.addr1), Leg(p.ns4, p.veth6, p.veth7, p.addr2)
        routed_col, bridged_col = f"routed {p.ns1} → {p.ns2}", f"bridged {p.ns3} → {p.ns4}"

        def ping(src: Leg, dst: Leg, expect: bool = True) -> Reaches:
            verb, zh = ("reaches", "能到达") if expect else ("cannot reach", "到不了")
            return Reaches(text=tr(f"{src.ns} {verb} {dst.ns}", zh=f"{src.ns} {zh} {dst.ns}"),
                           src=src.ns, target=dst.ip, expect=expect)

        yield step(
            tr("The routed pair", zh="路由的一组"),
            tr(f"""First the previous chapter's layout: {p.ns1} and {p.ns2} each hang off the host
            on their own veth pair, and the host routes between them (a /32 route per
            namespace, proxy ARP on the host ends, forwarding on).""",
               zh=f"""先搭上一章的布局：{p.ns1} 和 {p.ns2} 各用自己的一对 veth 挂在主机上，由主机
            在两者之间路由（每个命名空间一条 /32 路由，主机这头开代理 ARP，打开转发）。"""),
            [*wire(a, b), *both_ends_up(a, b), *routed(a, b, p.gateway)],
            [ping(a, b)],
        )
        yield step(
            tr("The bridged pair", zh="桥接的一组"),
            tr(f"""Then the seed's layout, built next to it: {p.ns3} and {p.ns4} get the same two
            addresses, but the host ends of their cables become ports of {p.bridge}. They do
            not collide with the routed pair: each namespace has its own stack, and the host
            itself holds no address on {p.bridge}.""",
               zh=f"""再在旁边搭原教程的布局：{p.ns3} 和 {p.ns4} 用同样的两个地址，但它们网线在主机
            这头的一端成为 {p.bridge} 的端口。它们和路由的那组并不冲突：每个命名空间都有自己的
            协议栈，主机自己在 {p.bridge} 上也没有地址。"""),
            bridged(p.bridge, c, d),
            [BridgePorts(text=tr(f"{p.bridge}'s ports are {p.veth5} and {p.veth7}",
                                 zh=f"{p.bridge} 的端口是 {p.veth5} 和 {p.veth7}"), bridge=p.bridge,
                         ports=(p.veth5, p.veth7)),
             ping(c, d)],
        )
        yield step(
            tr("Side by side, forwarding on", zh="并排对比，转发打开"),
            tr(f"""Both pairs work, but not the same way. The host's IpForwDatagrams counts
            the packets its IP layer forwarded: it moves for every routed ping and not for
            a bridged one. The MAC each sender has for {b.ip} tells the same story: {p.ns1}
            talks to the host (proxy ARP answered), {p.ns3} talks to {p.ns4} directly.""",
               zh=f"""两组都通，但方式不同。主机的 IpForwDatagrams 统计它的 IP 层转发的包：每次路由的
            ping 都会让它增加，桥接的则不会。发送方为 {b.ip} 记下的 MAC 也说明了同样的事：{p.ns1}
            是在和主机说话（代理 ARP 替对方回答了），{p.ns3} 则直接和 {p.ns4} 说话。"""),
            [],
            [SideBySide(
                text=tr("the routed pair goes through the host's IP layer; the bridged pair does not",
                        zh="路由的一组经过主机的 IP 层，桥接的一组不经过"),
                columns=(routed_col, bridged_col),
                rows=(("ping, and the host's IpForwDatagrams",
                       (CounterRises(text=f"{p.ns1} reaches {p.ns2}; IpForwDatagrams +2", counter=FORWARDED,
                                     traffic=ping(a, b), at_least=2),
                        CounterFlat(text=f"{p.ns3} reaches {p.ns4}; IpForwDatagrams flat", counter=FORWARDED,
                                    traffic=ping(c, d)))),
                      (f"whose MAC the sender has for {b.ip}",
                       (NeighbourIs(text=f"{p.ns1} has the host's {p.veth1}", netns=p.ns1, address=b.ip,
                                    owner=p.veth1),
                        NeighbourIs(text=f"{p.ns3} has {p.ns4}'s {p.veth6}", netns=p.ns3, address=d.ip,
                                    owner=p.veth6, owner_netns=p.ns4)))),
                why_not="see the cells: the two layouts should differ exactly here")],
        )
        yield step(
            tr("Side by side, forwarding off", zh="并排对比，转发关闭"),
            tr(f"""Switch the host's forwarding off. The routed pair loses its path; the bridged
            pair does not notice, since the bridge switches its frames below the IP layer.
            IpForwDatagrams now stays flat for both. IpInReceives tells them apart: {p.ns1}
            still has the host's MAC for {b.ip}, so its ping reaches the host's IP layer,
            which counts it and, no longer forwarding, drops it; {p.ns3}'s ping never gets
            there.""",
               zh=f"""关掉主机的转发。路由的一组失去了通路；桥接的一组毫无察觉，因为网桥在 IP 层之下
            交换它们的帧。现在两组的 IpForwDatagrams 都不动了，IpInReceives 却能把它们区分开：
            {p.ns1} 为 {b.ip} 记的仍是主机的 MAC，所以它的 ping 会到达主机的 IP 层，被计数，然后
            因为不再转发而被丢掉；{p.ns3} 的 ping 根本到不了那里。"""),
            [sysctl.write(sysctl.IP_FORWARD, "0")],
            [SideBySide(
                text=tr("with ip_forward=0 the routed pair breaks and the bridged pair keeps working",
                        zh="ip_forward=0 时路由的一组断开，桥接的一组照常工作"),
                columns=(routed_col, bridged_col),
                rows=(("ping, and the host's IpForwDatagrams",
                       (CounterFlat(text=f"{p.ns1} cannot reach {p.ns2}; IpForwDatagrams flat", counter=FORWARDED,
                                    traffic=ping(a, b, expect=False)),
                        CounterFlat(text=f"{p.ns3} reaches {p.ns4}; IpForwDatagrams flat", counter=FORWARDED,
                                    traffic=ping(c, d)))),
                      ("ping, and the host's IpInReceives",
                       (CounterRises(text=f"the host's IP layer receives {p.ns1}'s ping and drops it", counter=RECEIVED,
                                     traffic=ping(a, b, expect=False), at_least=1),
                        CounterFlat(text=f"the host's IP layer never sees {p.ns3}'s ping", counter=RECEIVED,
                                    traffic=ping(c, d))))),
                why_not="see the cells: forwarding should matter to the routed pair only")],
        )
