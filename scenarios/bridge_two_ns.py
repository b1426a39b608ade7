"""The seed tutorial: two namespaces on a Linux bridge, reached from the host."""

from __future__ import annotations

from dataclasses import dataclass

from netsh.claims import BridgePorts, HasAddress, HasRoute, LinkIs, NetnsLocal, Reaches, SysctlIs
from netsh.i18n import tr
from netsh.param_rules import PROXY_ARP_OUTSIDE, Outside, Within
from netsh.params import Address, IfName, Network
from netsh.scenario import Scenario
from netsh.step import step
from netsh.tools import ip, iptables, sysctl
from netsh.tools.ethtool import show_feature
from netsh.wiring import BridgedLegs, wire

HOST_ASSUMPTIONS = (
    tr("The host has an uplink interface with an address and a default route that does "
       "not go through the bridge: proxy ARP only answers for addresses routed out of "
       "another interface, and the host's pings take their source address from it.",
       zh="主机有一个带地址的上行接口，默认路由从它出去而不经过网桥：代理 ARP 只替经由"
          "别的接口路由的地址应答，主机发出的 ping 也用这个接口的地址作源地址。"),
    tr("IPv4 forwarding is on (proxy ARP answers only where the host forwards).",
       zh="IPv4 转发已打开（主机不转发时，代理 ARP 不会应答）。"),
    tr("br_netfilter is available, so /proc/sys/net/bridge/bridge-nf-call-iptables exists.",
       zh="br_netfilter 模块可用，所以 /proc/sys/net/bridge/bridge-nf-call-iptables 存在。"),
)

class BridgeTwoNs(Scenario):
    name = "bridge-two-ns"
    summary = "Two namespaces on a Linux bridge; host route, proxy_arp, ip_forward and iptables"
    assumptions = HOST_ASSUMPTIONS

    rules = (Within("addr1", "subnet"), Within("addr2", "subnet"),
             Outside("gateway", "subnet", why=PROXY_ARP_OUTSIDE))
    features = ("bridge", "veth", "br_netfilter")

    @dataclass(frozen=True)
    class Params(BridgedLegs):
        subnet: Network = "192.168.10.0/24"
        gateway: Address = "169.2.2.2"
        uplink: IfName = "eth0"

    def steps(self):
        p = self.p
        fwd, brnf = sysctl.IP_FORWARD, sysctl.BRIDGE_NF_CALL_IPTABLES
        proxy_arp = sysctl.proxy_arp(p.bridge)

        yield step(
            tr("Create the bridge", zh="创建网桥"),
            tr(f"""A Linux bridge is a switch made of software: frames that enter one of its
            ports leave by another, and it learns which MAC address sits behind which port.
            We make one called {p.bridge} and switch it on.""",
               zh=f"""Linux 网桥就是用软件做的交换机：从一个端口进来的帧从另一个端口出去，
            它还会记住每个 MAC 地址在哪个端口后面。这里建一个叫 {p.bridge} 的网桥并把它启用。"""),
            [ip.bridge_add(p.bridge), ip.link_up(p.bridge)],
            [LinkIs(text=tr(f"{p.bridge} exists, is a bridge and is up", zh=f"{p.bridge} 存在，类型是网桥，已启用"),
                    name=p.bridge, kind="bridge")],
        )
        yield step(
            tr("Two namespaces, two veth pairs", zh="两个命名空间，两对 veth"),
            tr(f"""Each namespace stands for a container. A veth pair is a virtual cable: one
            end ({p.veth0}, {p.veth2}) goes into a namespace and gets an address, the other
            end ({p.veth1}, {p.veth3}) stays on the host.""",
               zh=f"""每个命名空间扮演一个容器。一对 veth 好比一根虚拟网线：一头（{p.veth0}、
            {p.veth2}）放进命名空间并配上地址，另一头（{p.veth1}、{p.veth3}）留在主机上。"""),
            [*wire(*p.legs()), ip.link_up(p.veth0, netns=p.ns1), ip.link_up(p.veth2, netns=p.ns2)],
            [HasAddress(text=tr(f"{p.veth0} lives in {p.ns1} with {p.addr1}", zh=f"{p.veth0} 在 {p.ns1} 里，地址 {p.addr1}"),
                        dev=p.veth0, cidr=p.addr1, netns=p.ns1),
             HasAddress(text=tr(f"{p.veth2} lives in {p.ns2} with {p.addr2}", zh=f"{p.veth2} 在 {p.ns2} 里，地址 {p.addr2}"),
                        dev=p.veth2, cidr=p.addr2, netns=p.ns2)],
        )
        yield step(
            tr("Plug the host ends into the bridge", zh="把主机这头插到网桥上"),
            tr(f"""Making {p.bridge} the master of {p.veth1} and {p.veth3} turns them into bridge
            ports. Both namespaces share one subnet, so they need no gateway: {p.ns1}'s ARP
            request is flooded by the bridge and {p.ns2} answers it, with no proxy ARP and
            no hand-written neighbour entries. The host itself has no route to that subnet yet.""",
               zh=f"""让 {p.bridge} 成为 {p.veth1} 和 {p.veth3} 的 master，它们就成了网桥端口。两个
            命名空间在同一个子网里，用不着网关：{p.ns1} 的 ARP 请求被网桥泛洪出去，由 {p.ns2}
            回答，既不需要代理 ARP，也不用手工写邻居表项。主机自己此时还没有去这个子网的路由。"""),
            [ip.link_master(p.veth1, p.bridge), ip.link_master(p.veth3, p.bridge),
             ip.link_up(p.veth1), ip.link_up(p.veth3)],
            [BridgePorts(text=tr(f"{p.bridge}'s ports are {p.veth1} and {p.veth3}",
                                 zh=f"{p.bridge} 的端口是 {p.veth1} 和 {p.veth3}"),
                         bridge=p.bridge, ports=(p.veth1, p.veth3)),
             Reaches(text=tr(f"{p.ns1} reaches {p.addr2.ip} through the bridge",
                             zh=f"{p.ns1} 经网桥能到达 {p.addr2.ip}"), src=p.ns1, target=p.addr2.ip,
                     why_not="the bridge should flood ARP between its ports; check that both "
                             "ports and the bridge are up"),
             Reaches(text=tr(f"the host cannot reach {p.ns1} yet", zh=f"主机暂时到不了 {p.ns1}"),
                     target=p.addr1.ip, expect=False,
                     why_not=f"the host already had a route to {p.subnet}"),
             Reaches(text=tr(f"the host cannot reach {p.ns2} yet", zh=f"主机暂时到不了 {p.ns2}"),
                     target=p.addr2.ip, expect=False,
                     why_not=f"the host already had a route to {p.subnet}")],
        )
        yield step(
            tr("Route the subnet to the bridge", zh="把子网路由到网桥"),
            tr(f"""One route sends the whole of {p.subnet} out of {p.bridge}, so every namespace
            added to that subnet later is covered too. Yet the host's ping still gets no
            answer: {p.ns1} knows only its own subnet and has no way back to the host's
            address. Its routing table shows why.""",
               zh=f"""一条路由就把整个 {p.subnet} 指向 {p.bridge}，以后加进这个子网的命名空间也都
            包括在内。可是主机的 ping 仍然没有回音：{p.ns1} 只认识自己的子网，回不到主机的
            地址。看看它的路由表就明白了。"""),
            [ip.route_add(p.subnet, "dev", p.bridge, "scope", "link"),
             ip.show("route", netns=p.ns1)],
            [HasRoute(text=tr(f"the host routes {p.subnet} to {p.bridge}", zh=f"主机把 {p.subnet} 路由到 {p.bridge}"),
                      dst=p.subnet, dev=p.bridge),
             Reaches(text=tr(f"the host still cannot reach {p.ns1}", zh=f"主机还是到不了 {p.ns1}"),
                     target=p.addr1.ip, expect=False,
                     why_not=f"{p.ns1} already had a route back to the host")],
        )
        yield step(
            tr("Default routes and proxy ARP", zh="默认路由与代理 ARP"),
            tr(f"""Each namespace gets a default route via {p.gateway}, an address nobody owns;
            `onlink` lets the route use it even though it lies outside the subnet. When a
            namespace asks who has {p.gateway}, proxy ARP on {p.bridge} makes the host answer
            with the bridge's own MAC address, so replies reach the host.""",
               zh=f"""每个命名空间添一条经 {p.gateway} 的默认路由，这个地址并不属于任何设备；
            `onlink` 让路由在它不属于本子网时也能用。命名空间询问 {p.gateway} 在哪时，
            {p.bridge} 上的代理 ARP 让主机拿网桥自己的 MAC 地址来回答，回包于是能回到主机。"""),
            [ip.route_add("0.0.0.0/0", "via", p.gateway, "dev", p.veth0, "onlink", netns=p.ns1),
             ip.route_add("0.0.0.0/0", "via", p.gateway, "dev", p.veth2, "onlink", netns=p.ns2),
             sysctl.write(proxy_arp, "1")],
            [Reaches(text=tr(f"the host reaches {p.ns1}", zh=f"主机能到达 {p.ns1}"), target=p.addr1.ip,
                     why_not=PROXY_ARP_WHY),
             Reaches(text=tr(f"the host reaches {p.ns2}", zh=f"主机能到达 {p.ns2}"), target=p.addr2.ip,
                     why_not=PROXY_ARP_WHY)],
        )
        yield step(
            tr("Bridged traffic ignores ip_forward", zh="桥接流量不理会 ip_forward"),
            tr(f"""Switch IPv4 forwarding off. A routed path between namespaces would break, but
            {p.ns1} and {p.ns2} talk through the bridge at layer 2: their frames never reach
            the host's IP forwarding code.""",
               zh=f"""关掉 IPv4 转发。如果命名空间之间走的是路由，这下就断了；但 {p.ns1} 和 {p.ns2}
            是在二层经网桥通信的，它们的帧根本到不了主机的 IP 转发代码。"""),
            [sysctl.write(fwd, "0")],
            [SysctlIs(text=tr("forwarding is off", zh="转发已关闭"), path=fwd, value="0"),
             Reaches(text=tr(f"{p.ns1} still reaches {p.ns2}", zh=f"{p.ns1} 仍能到达 {p.ns2}"),
                     src=p.ns1, target=p.addr2.ip,
                     why_not="bridged frames should not depend on ip_forward")],
        )
        yield step(
            tr("Make bridged frames pass iptables", zh="让桥接的帧经过 iptables"),
            tr("""With bridge-nf-call-iptables set, the bridge hands every IPv4 frame it forwards
            to the iptables FORWARD chain (br_netfilter's hook in the bridge forwarding path),
            though the packet still never enters the host's routing. A FORWARD policy of DROP
            then cuts the two namespaces apart. The first command shows the value before the
            change: where br_netfilter is loaded it is often 1 already.""",
               zh="""打开 bridge-nf-call-iptables 后，网桥把它转发的每个 IPv4 帧都交给 iptables 的
            FORWARD 链过一遍（br_netfilter 挂在网桥转发路径上的钩子），尽管这些包依旧不进主机的
            路由。这时把 FORWARD 策略设成 DROP，两个命名空间就被隔开了。第一条命令先显示改动前的值：
            加载了 br_netfilter 的机器上它往往已经是 1。"""),
            [sysctl.read(brnf), sysctl.write(brnf, "1"), iptables.policy("FORWARD", "DROP")],
            [Reaches(text=tr(f"{p.ns1} can no longer reach {p.ns2}", zh=f"{p.ns1} 再也到不了 {p.ns2}"),
                     src=p.ns1, target=p.addr2.ip, expect=False,
                     why_not="bridged frames did not go through the FORWARD chain: is br_netfilter "
                             "loaded (`modprobe br_netfilter`)?")],
        )
        yield step(
            tr("A bridge cannot change namespace", zh="网桥不能换命名空间"),
            tr(f"""Some devices are tied to the namespace they were made in; a bridge is one.
            Moving {p.bridge} into {p.ns1} is refused; the wording of the error depends on the
            kernel. The tutorial looks for the `netns-local` feature with ethtool (here on the
            uplink {p.uplink}); kernels from 6.12 on no longer list it, because it became a
            device flag.""",
               zh=f"""有些设备离不开创建它的命名空间，网桥就是其中之一。把 {p.bridge} 挪进 {p.ns1}
            会被拒绝，报错的措辞随内核版本而不同。教程用 ethtool 查 `netns-local` 特性（这里查的是
            上行接口 {p.uplink}）；从 6.12 起内核不再列出它，因为它变成了设备标志。"""),
            [ip.link_to_netns(p.bridge, p.ns1, fails=ip.MOVE_REFUSED),
             show_feature(p.uplink, "netns-local")],
            [NetnsLocal(text=tr(f"{p.bridge} is reported netns-local", zh=f"{p.bridge} 被报告为 netns-local"),
                        dev=p.bridge)],
        )


PROXY_ARP_WHY = ("proxy ARP answers only when forwarding is on and the gateway address is "
                 "routed out of another interface (the host's default route); see the "
                 "assumptions at the top")
