"""The chapter before the seed: two namespaces joined to the host by veth pairs
only, the host routing between them."""

from __future__ import annotations

from dataclasses import dataclass

from netsh.claims import BrNetfilterLoaded, CounterFlat, CounterRises, HasAddress, HasRoute, Reaches
from netsh.claims.counters import FORWARD_POLICY, FORWARDED
from netsh.i18n import tr
from netsh.param_rules import Outside
from netsh.params import Address
from netsh.scenario import Scenario
from netsh.step import step
from netsh.tools import iptables, sysctl
from netsh.tools.sysctl import BRIDGE_NF_CALL_IPTABLES as BRNF
from netsh.wiring import TwoLegs, both_ends_up, routed, wire


class VethTwoNs(Scenario):
    name = "veth-two-ns"
    summary = tr("Two namespaces on veth pairs only; the host routes between them (proxy_arp, ip_forward)",
                 zh="两个命名空间只用 veth 对相连，由主机在它们之间路由（proxy_arp、ip_forward）")
    assumptions = (
        tr("The host's iptables FORWARD chain accepts routed packets (policy ACCEPT); a host "
           "whose policy is DROP, as Docker sets it, blocks the routed path from the start.",
           zh="主机 iptables 的 FORWARD 链放行被路由的包（策略 ACCEPT）；如果策略是 DROP（Docker "
              "就会这样设），这条路由路径从一开始就不通。"),
        tr("br_netfilter is available for the last steps, which show that its switch does not "
           "matter to routed traffic.",
           zh="最后几步需要 br_netfilter，它们要说明这个开关对被路由的流量不起作用。"),
    )

    rules = (Outside("gateway", "addr1"), Outside("gateway", "addr2"))
    features = ("veth", "br_netfilter")

    @dataclass(frozen=True)
    class Params(TwoLegs):
        gateway: Address = "169.2.2.2"

    def steps(self):
        p = self.p
        a, b = p.legs()
        ping_ab, blocked_ab = p.pings()

        yield step(
            tr("Two namespaces, each on its own cable", zh="两个命名空间，各连一根线"),
            tr(f"""Each namespace gets a veth pair of its own: {p.veth0} and {p.veth2} go inside
            with an address, {p.veth1} and {p.veth3} stay on the host. There is no bridge.
            Both addresses sit in one /24, so each namespace believes the other is on its
            own wire; but the two wires end in the host, which so far neither routes
            between them nor answers ARP for them.""",
               zh=f"""每个命名空间各有一对 veth：{p.veth0} 和 {p.veth2} 放进去并配上地址，{p.veth1}
            和 {p.veth3} 留在主机上，这里没有网桥。两个地址在同一个 /24 里，所以每个命名空间
            都以为对方就在自己这根线上；可两根线的另一头都在主机，而主机眼下既不在两者之间
            路由，也不替它们回答 ARP。"""),
            [*wire(a, b), *both_ends_up(a, b)],
            [HasAddress(text=tr(f"{p.veth0} lives in {p.ns1} with {p.addr1}", zh=f"{p.veth0} 在 {p.ns1} 里，地址 {p.addr1}"),
                        dev=p.veth0, cidr=p.addr1, netns=p.ns1),
             HasAddress(text=tr(f"{p.veth2} lives in {p.ns2} with {p.addr2}", zh=f"{p.veth2} 在 {p.ns2} 里，地址 {p.addr2}"),
                        dev=p.veth2, cidr=p.addr2, netns=p.ns2),
             Reaches(text=tr(f"{p.ns1} cannot reach {p.ns2} yet", zh=f"{p.ns1} 暂时到不了 {p.ns2}"),
                     src=p.ns1, target=b.ip, expect=False,
                     why_not="something already routes between the two cables")],
        )
        yield step(
            tr("The host becomes the router", zh="主机当起路由器"),
            tr(f"""A /32 route for each namespace tells the host which cable leads where. Proxy
            ARP on the host ends makes the host answer ARP questions for addresses it routes
            out of another interface, so {p.ns1}'s question about {b.ip} gets the host's
            MAC as its answer. With forwarding on, the host passes each packet on. The
            default routes via {p.gateway} (`onlink`: reachable on the wire although outside
            the subnet) give the namespaces a way to anything outside their /24.""",
               zh=f"""给每个命名空间一条 /32 路由，主机就知道哪根线通向哪里。主机这头打开代理 ARP
            后，凡是要从另一个接口路由出去的地址，主机都替它回答 ARP，于是 {p.ns1} 打听
            {b.ip} 时得到的是主机的 MAC。转发打开后，主机把每个包接着送出去。经 {p.gateway}
            的默认路由（`onlink`：虽不在子网内，但就在这根线上可达）让命名空间能去往 /24
            以外的任何地方。"""),
            routed(a, b, p.gateway),
            [HasRoute(text=tr(f"the host routes {a.ip}/32 to {p.veth1}", zh=f"主机把 {a.ip}/32 路由到 {p.veth1}"),
                      dst=a.ip, dev=p.veth1),
             HasRoute(text=tr(f"the host routes {b.ip}/32 to {p.veth3}", zh=f"主机把 {b.ip}/32 路由到 {p.veth3}"),
                      dst=b.ip, dev=p.veth3),
             Reaches(text=tr(f"{p.ns2} reaches {p.ns1}", zh=f"{p.ns2} 能到达 {p.ns1}"), src=p.ns2, target=a.ip,
                     why_not=ROUTER_WHY),
             CounterRises(text=tr(f"{p.ns1} reaches {p.ns2}, and the host's IpForwDatagrams rises by 2 "
                                  "(it routed the request and the reply)",
                                  zh=f"{p.ns1} 能到达 {p.ns2}，主机的 IpForwDatagrams 增加 2（请求和应答都由它路由）"),
                          counter=FORWARDED, traffic=ping_ab, at_least=2, why_not=ROUTER_WHY)],
        )
        yield step(
            tr("Forwarding off", zh="关掉转发"),
            tr("""Every packet between the namespaces went through the host's IP forwarding
            code; the counter showed it. Switch forwarding off and that path is gone: the
            host neither forwards nor, for new ARP questions, proxies.""",
               zh="""命名空间之间的每个包都走了主机的 IP 转发代码，计数器就是证据。关掉转发，这条路
            就断了：主机既不转发，对新的 ARP 询问也不再代答。"""),
            [sysctl.write(sysctl.IP_FORWARD, "0")],
            [CounterFlat(text=tr(f"{p.ns1} can no longer reach {p.ns2}; IpForwDatagrams stays flat",
                                 zh=f"{p.ns1} 再也到不了 {p.ns2}，IpForwDatagrams 不再增加"),
                         counter=FORWARDED, traffic=blocked_ab,
                         why_not="the host still forwards between the namespaces")],
        )
        yield step(
            tr("Forwarding on, FORWARD policy DROP", zh="转发打开，FORWARD 策略设为 DROP"),
            tr("""Turn forwarding back on and set the iptables FORWARD policy to DROP: routed
            packets meet the FORWARD chain on their way through. The next two steps set
            bridge-nf-call-iptables both ways, so first check that br_netfilter, which
            provides it, is here.""",
               zh="""重新打开转发，并把 iptables 的 FORWARD 策略设为 DROP：被路由的包途中要经过
            FORWARD 链。后面两步会把 bridge-nf-call-iptables 分别设成关和开，所以先确认提供
            这个开关的 br_netfilter 在不在。"""),
            [sysctl.write(sysctl.IP_FORWARD, "1"), iptables.policy("FORWARD", "DROP")],
            [BrNetfilterLoaded(text=tr("br_netfilter is loaded", zh="br_netfilter 已加载"))],
        )
        for value, meaning, zh in (("0", "off", "关"), ("1", "on", "开")):
            yield step(
                tr(f"bridge-nf-call-iptables {meaning}", zh=f"bridge-nf-call-iptables {zh}"),
                tr(f"""bridge-nf-call-iptables decides whether *bridged* frames visit iptables.
                These packets are routed, not bridged, so with the switch {meaning} they meet
                the FORWARD chain all the same. Its counters, zeroed first, show the policy
                dropping the ping.""",
                   zh=f"""bridge-nf-call-iptables 决定的是*桥接*的帧要不要过 iptables。这些包是被路由的，
                不是桥接的，所以开关{zh}着它们照样经过 FORWARD 链。先清零的计数器显示出策略把
                ping 丢掉了。"""),
                [sysctl.write(BRNF, value), iptables.zero("FORWARD")],
                [CounterRises(text=tr(f"with the switch {meaning}, {p.ns1} cannot reach {p.ns2}; "
                                      "the FORWARD policy counter rises",
                                      zh=f"开关{zh}时 {p.ns1} 到不了 {p.ns2}，FORWARD 策略计数器增加"),
                              counter=FORWARD_POLICY, traffic=blocked_ab,
                              why_not="routed packets should always traverse FORWARD")],
            )


ROUTER_WHY = tr("the host routes between the namespaces only with the /32 routes, proxy ARP on "
                "both host ends and forwarding on, and with an iptables FORWARD chain that accepts",
                zh="只有具备 /32 路由、主机两头的代理 ARP、打开的转发，以及放行的 iptables FORWARD 链，"
                   "主机才会在命名空间之间路由")
