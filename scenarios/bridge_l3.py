"""A bridge with an address: the host joins the namespaces' subnet and is their gateway."""

from __future__ import annotations

from dataclasses import dataclass

from netsh.claims import BridgePorts, HasRoute, Reaches, SysctlIs
from netsh.i18n import tr
from netsh.param_rules import Outside, Within
from netsh.params import Address, Cidr, Network
from netsh.scenario import Scenario
from netsh.step import step
from netsh.tools import ip, sysctl
from netsh.wiring import BridgedLegs, bridged_netns


class BridgeL3(Scenario):
    name = "bridge-l3"
    summary = tr("Give br0 an address: the namespaces use it as their gateway, no proxy_arp needed",
                 zh="给 br0 一个地址：命名空间拿它当网关，不需要 proxy_arp")
    assumptions = (
        tr("The host has another address outside the namespaces' subnet (here the uplink's, "
           "203.0.113.2 on eth0 in the sandbox): reaching it shows the gateway at work.",
           zh="主机在命名空间的子网之外还有一个地址（这里是上行接口的，沙箱中 eth0 上的 "
              "203.0.113.2）：能到达它，就说明网关在起作用。"),
    )

    rules = (Within("addr1", "subnet"), Within("addr2", "subnet"), Within("bridge_addr", "subnet"),
             Outside("host_addr", "subnet"))
    features = ("bridge", "veth")

    @dataclass(frozen=True)
    class Params(BridgedLegs):
        bridge_addr: Cidr = "192.168.10.1/24"
        subnet: Network = "192.168.10.0/24"
        host_addr: Address = "203.0.113.2"

    def steps(self):
        p = self.p
        gw = p.bridge_addr.ip
        proxy_arp = sysctl.proxy_arp(p.bridge)

        yield step(
            tr("Two namespaces on a bridge", zh="网桥上的两个命名空间"),
            tr(f"""The seed's layout: {p.bridge}, and {p.ns1} and {p.ns2} each joined to it by a
            veth pair whose host end is a bridge port.""",
               zh=f"""和原教程一样的布局：{p.bridge}，以及各用一对 veth 接到它上面的 {p.ns1} 和
            {p.ns2}，veth 在主机这头的一端是网桥端口。"""),
            [ip.bridge_add(p.bridge), ip.link_up(p.bridge),
             *bridged_netns(p.bridge, p.ns1, p.veth0, p.veth1, p.addr1),
             *bridged_netns(p.bridge, p.ns2, p.veth2, p.veth3, p.addr2)],
            [BridgePorts(text=tr(f"{p.bridge}'s ports are {p.veth1} and {p.veth3}",
                                 zh=f"{p.bridge} 的端口是 {p.veth1} 和 {p.veth3}"),
                         bridge=p.bridge, ports=(p.veth1, p.veth3))],
        )
        yield step(
            tr("A switch without an address", zh="没有地址的交换机"),
            tr(f"""As a plain switch, {p.bridge} carries frames but takes no part in IP: the host
            has no route into {p.subnet}, and the namespaces know no way out of it.""",
               zh=f"""作为单纯的交换机，{p.bridge} 只转运帧，不参与 IP：主机没有进入 {p.subnet} 的
            路由，命名空间也不知道怎么出去。"""),
            [],
            [Reaches(text=tr(f"the host cannot reach {p.ns1}", zh=f"主机到不了 {p.ns1}"), target=p.addr1.ip, expect=False,
                     why_not=f"the host already had a route to {p.subnet}"),
             Reaches(text=tr(f"{p.ns1} cannot reach the host's {p.host_addr}", zh=f"{p.ns1} 到不了主机的 {p.host_addr}"),
                     src=p.ns1, target=p.host_addr,
                     expect=False, why_not=f"{p.ns1} already had a route out of its subnet")],
        )
        yield step(
            tr("Give the bridge an address", zh="给网桥一个地址"),
            tr(f"""The seed's opening remark: a bridge is also the host's network interface on that
            segment. With {p.bridge_addr} on it, the host is a member of {p.subnet}; the kernel
            adds the connected route by itself and the host reaches both namespaces directly,
            answering their ARP requests for {gw} as any host would. No proxy ARP is involved.""",
               zh=f"""原教程开头提过：网桥同时也是主机在这个网段上的网络接口。给它配上 {p.bridge_addr}，
            主机就成了 {p.subnet} 的一员；内核自动加上直连路由，主机直接就能到达两个命名空间，
            并像普通主机那样回答它们对 {gw} 的 ARP 请求。这里用不着代理 ARP。"""),
            [ip.addr_add(p.bridge_addr, p.bridge), ip.show("route")],
            [HasRoute(text=tr(f"the address brings a route to {p.subnet} via {p.bridge}",
                              zh=f"这个地址带来一条经 {p.bridge} 去往 {p.subnet} 的路由"),
                      dst=p.subnet, dev=p.bridge),
             SysctlIs(text=tr(f"proxy_arp on {p.bridge} is still 0", zh=f"{p.bridge} 上的 proxy_arp 仍为 0"),
                      path=proxy_arp, value="0"),
             Reaches(text=tr(f"the host reaches {p.ns1}", zh=f"主机能到达 {p.ns1}"), target=p.addr1.ip),
             Reaches(text=tr(f"the host reaches {p.ns2}", zh=f"主机能到达 {p.ns2}"), target=p.addr2.ip)],
        )
        yield step(
            tr("The bridge's address as the gateway", zh="网桥的地址当网关"),
            tr(f"""Each namespace routes everything outside its subnet to {gw}, an address on its
            own segment, so no `onlink` trick and no invented gateway are needed. Replies to the
            host's other addresses now find their way.""",
               zh=f"""每个命名空间把子网以外的一切都路由到 {gw}，这是它自己网段上的地址，所以既不需要
            `onlink` 的技巧，也不用虚构一个网关。发往主机其他地址的回包现在也能找到路了。"""),
            [ip.route_add("default", "via", gw, netns=p.ns1),
             ip.route_add("default", "via", gw, netns=p.ns2)],
            [HasRoute(text=tr(f"{p.ns1}'s default route goes via {gw}", zh=f"{p.ns1} 的默认路由经由 {gw}"),
                      dst="default", dev=p.veth0, via=gw, netns=p.ns1),
             HasRoute(text=tr(f"{p.ns2}'s default route goes via {gw}", zh=f"{p.ns2} 的默认路由经由 {gw}"),
                      dst="default", dev=p.veth2, via=gw, netns=p.ns2),
             Reaches(text=tr(f"{p.ns1} reaches the host's {p.host_addr} through {gw}",
                             zh=f"{p.ns1} 经 {gw} 能到达主机的 {p.host_addr}"), src=p.ns1,
                     target=p.host_addr, why_not=f"the host should own {p.host_addr}; see the assumptions"),
             Reaches(text=tr(f"{p.ns2} reaches the host's {p.host_addr} through {gw}",
                             zh=f"{p.ns2} 经 {gw} 能到达主机的 {p.host_addr}"), src=p.ns2,
                     target=p.host_addr, why_not=f"the host should own {p.host_addr}; see the assumptions"),
             Reaches(text=tr(f"{p.ns1} still reaches {p.ns2} across the bridge", zh=f"{p.ns1} 仍能经网桥到达 {p.ns2}"),
                     src=p.ns1, target=p.addr2.ip)],
        )
