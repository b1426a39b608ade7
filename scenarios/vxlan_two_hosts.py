"""Two hosts, a bridge on each, joined at layer 2 by a VXLAN tunnel over their uplinks."""

from __future__ import annotations

from dataclasses import dataclass

from netsh.claims import BridgePorts, HasAddress, LinkIs, Reaches
from netsh.claims.neighbours import NeighbourIs
from netsh.claims.vxlan import LearnedVtep
from netsh.hosts import across, on
from netsh.i18n import tr
from netsh.param_rules import Outside, SameNetwork
from netsh.params import Address, Cidr, Count, IfName
from netsh.scenario import Scenario
from netsh.step import step
from netsh.tools import ip, vxlan
from netsh.wiring import TwoLegs, bridged_netns

H1, H2 = "host1", "host2"


class VxlanTwoHosts(Scenario):
    name = "vxlan-two-hosts"
    summary = tr("A bridge and a namespace on each of two hosts, one layer-2 segment through VXLAN",
                 zh="两台主机上各有一个网桥和一个命名空间，经 VXLAN 连成同一个二层网段")
    hosts = (H1, H2)
    assumptions = (
        tr("The two hosts reach each other over their uplinks at the VTEP addresses given "
           "(defaults: 198.51.100.1 and .2, the local stand-in's wire; on real hosts pass "
           "-p uplink=... -p vtep1=... -p vtep2=...), and UDP port 4789 is open between them.",
           zh="两台主机能经各自的上行接口、按给定的 VTEP 地址互相访问（默认是 198.51.100.1 和 .2，"
              "即本地替身之间的那根线；在真实主机上请传 -p uplink=... -p vtep1=... -p vtep2=...），"
              "并且它们之间的 UDP 4789 端口是通的。"),
        tr("The kernel has the vxlan driver (every distribution kernel does).",
           zh="内核带有 vxlan 驱动（各发行版的内核都有）。"),
    )

    rules = (SameNetwork("addr1", "addr2"), Outside("vtep1", "addr1"), Outside("vtep2", "addr1"))
    features = ("bridge", "veth", "vxlan")

    @dataclass(frozen=True)
    class Params(TwoLegs):
        addr1: Cidr = "192.168.20.10/24"  # a subnet of its own: the two hosts are one segment
        addr2: Cidr = "192.168.20.11/24"
        bridge: IfName = "br0"
        tunnel: IfName = "vxlan0"
        vni: Count = 42
        uplink: IfName = "eth0"
        vtep1: Address = "198.51.100.1"
        vtep2: Address = "198.51.100.2"

    def steps(self):
        p = self.p
        # host -> (namespace, its veth end, the bridge end, its address, this VTEP, the other VTEP)
        sides = {H1: (p.ns1, p.veth0, p.veth1, p.addr1, p.vtep1, p.vtep2),
                 H2: (p.ns2, p.veth2, p.veth3, p.addr2, p.vtep2, p.vtep1)}

        yield step(
            tr("A bridge on each host", zh="每台主机一个网桥"),
            tr(f"""Each host gets its own software switch, {p.bridge}. So far they are two
            separate switches that know nothing of each other.""",
               zh=f"""每台主机都有自己的软件交换机 {p.bridge}。到目前为止，它们是两台互不相识的
            独立交换机。"""),
            [c for h in sides for c in on(h, [ip.bridge_add(p.bridge), ip.link_up(p.bridge)])],
            [c for h in sides for c in on(h, [LinkIs(text=tr(f"{p.bridge} is a bridge and is up",
                                                             zh=f"{p.bridge} 是网桥，已启用"),
                                                     name=p.bridge, kind="bridge")])],
        )
        yield step(
            tr("A namespace on each host, plugged into its bridge", zh="每台主机一个命名空间，接到本机网桥上"),
            tr(f"""On each host a namespace stands for a container: one end of a veth pair goes
            inside with an address of the shared subnet, the other end becomes a port of
            {p.bridge}. {p.ns1} lives on {H1}, {p.ns2} on {H2}.""",
               zh=f"""每台主机上用一个命名空间扮演容器：veth 对的一端放进去，配上共享子网里的地址，
            另一端成为 {p.bridge} 的端口。{p.ns1} 在 {H1} 上，{p.ns2} 在 {H2} 上。"""),
            [c for h, (ns, inner, outer, addr, _, _) in sides.items()
             for c in on(h, bridged_netns(p.bridge, ns, inner, outer, addr))],
            [c for h, (ns, inner, _, addr, _, _) in sides.items() for c in on(h, [
                HasAddress(text=tr(f"{inner} lives in {ns} with {addr}", zh=f"{inner} 在 {ns} 里，地址 {addr}"),
                           dev=inner, cidr=addr, netns=ns)])],
        )
        yield step(
            tr("A VXLAN tunnel joins the bridges", zh="用 VXLAN 隧道把两个网桥连起来"),
            tr(f"""A VXLAN device wraps each Ethernet frame in UDP (port {vxlan.PORT}) and sends
            it over the uplink {p.uplink} to the other host's tunnel endpoint (VTEP), which
            unwraps it. Made a port of {p.bridge} on both sides, the tunnel makes the two
            bridges one layer-2 segment: VNI {p.vni} names that segment. The device takes
            50 bytes off the uplink's MTU for its headers, and the bridge follows.""",
               zh=f"""VXLAN 设备把每个以太网帧装进 UDP（端口 {vxlan.PORT}），经上行接口 {p.uplink}
            发给另一台主机的隧道端点（VTEP），由它拆封。隧道在两边都成为 {p.bridge} 的端口后，
            两个网桥就合成了一个二层网段，VNI {p.vni} 就是这个网段的名字。这个设备要从上行接口的
            MTU 里扣掉 50 字节放自己的头部，网桥也随之调整。"""),
            [c for h, (_, _, _, _, local, remote) in sides.items() for c in on(h, [
                vxlan.add(p.tunnel, p.vni, p.uplink, local, remote),
                ip.link_master(p.tunnel, p.bridge), ip.link_up(p.tunnel)])],
            [c for h, (_, _, outer, _, _, _) in sides.items() for c in on(h, [
                LinkIs(text=tr(f"{p.tunnel} is a VXLAN device and is up", zh=f"{p.tunnel} 是 VXLAN 设备，已启用"),
                       name=p.tunnel, kind="vxlan"),
                BridgePorts(text=tr(f"{p.bridge}'s ports are {outer} and {p.tunnel}",
                                    zh=f"{p.bridge} 的端口是 {outer} 和 {p.tunnel}"),
                            bridge=p.bridge, ports=(outer, p.tunnel))])],
        )
        yield step(
            tr("Layer 2 across the tunnel", zh="跨越隧道的二层"),
            tr(f"""{p.ns1} pings {p.addr2.ip} as if it were next door. Its ARP request is a
            broadcast: {H1}'s bridge floods it into the tunnel, {H2}'s bridge floods it to
            {p.ns2}, and the answer comes back the same way. Each tunnel learns, from the
            outer source address, which VTEP the other namespace's MAC sits behind.""",
               zh=f"""{p.ns1} ping {p.addr2.ip}，就像对方在隔壁一样。它的 ARP 请求是广播：{H1} 的
            网桥把它泛洪进隧道，{H2} 的网桥再把它泛洪给 {p.ns2}，应答原路返回。每条隧道都根据
            外层源地址学到对方命名空间的 MAC 在哪个 VTEP 后面。"""),
            [c for h, (ns, *_rest) in sides.items() for c in on(h, [ip.show("neigh", netns=ns)])],
            [*on(H1, [Reaches(text=tr(f"{p.ns1} reaches {p.ns2} ({p.addr2.ip}) across the tunnel",
                                      zh=f"{p.ns1} 穿过隧道能到达 {p.ns2}（{p.addr2.ip}）"), src=p.ns1,
                              target=p.addr2.ip, why_not=TUNNEL_WHY)]),
             *on(H2, [Reaches(text=tr(f"{p.ns2} reaches {p.ns1} ({p.addr1.ip}) across the tunnel",
                                      zh=f"{p.ns2} 穿过隧道能到达 {p.ns1}（{p.addr1.ip}）"), src=p.ns2,
                              target=p.addr1.ip, why_not=TUNNEL_WHY)]),
             across(NeighbourIs(text=tr(f"ARP in {p.ns1} resolved {p.addr2.ip} to {p.ns2}'s MAC",
                                        zh=f"{p.ns1} 里的 ARP 把 {p.addr2.ip} 解析成 {p.ns2} 的 MAC"), netns=p.ns1,
                                address=p.addr2.ip, owner=p.veth2, owner_netns=p.ns2), H1, H2),
             across(NeighbourIs(text=tr(f"ARP in {p.ns2} resolved {p.addr1.ip} to {p.ns1}'s MAC",
                                        zh=f"{p.ns2} 里的 ARP 把 {p.addr1.ip} 解析成 {p.ns1} 的 MAC"), netns=p.ns2,
                                address=p.addr1.ip, owner=p.veth0, owner_netns=p.ns1), H2, H1),
             across(LearnedVtep(text=tr(f"{H1}'s {p.tunnel} learned {p.ns2}'s MAC behind {p.vtep2}",
                                        zh=f"{H1} 的 {p.tunnel} 学到 {p.ns2} 的 MAC 在 {p.vtep2} 后面"),
                                dev=p.veth2, netns=p.ns2, vxlan=p.tunnel, vtep=p.vtep2), H2, H1),
             across(LearnedVtep(text=tr(f"{H2}'s {p.tunnel} learned {p.ns1}'s MAC behind {p.vtep1}",
                                        zh=f"{H2} 的 {p.tunnel} 学到 {p.ns1} 的 MAC 在 {p.vtep1} 后面"),
                                dev=p.veth0, netns=p.ns1, vxlan=p.tunnel, vtep=p.vtep1), H1, H2)],
        )
        yield step(
            tr("What each tunnel learned", zh="每条隧道学到了什么"),
            tr("""The tunnel's own forwarding table lists each remote MAC with `dst`, the VTEP
            to send it to; the all-zero entry is where floods go (the `remote` given at
            creation).""",
               zh="""隧道自己的转发表为每个远端 MAC 列出 `dst`，也就是要发往的 VTEP；全零的那一条是
            泛洪的去处（即创建时给定的 `remote`）。"""),
            [c for h in sides for c in on(h, [vxlan.fdb_show(p.tunnel)])],
        )


TUNNEL_WHY = ("frames must cross the tunnel both ways: check that the VTEP addresses are right for "
              "these hosts, that they reach each other over the uplink, and that UDP 4789 is allowed")
