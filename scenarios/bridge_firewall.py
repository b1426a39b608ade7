"""iptables and the bridge: when does a FORWARD DROP policy stop bridged traffic?"""

from __future__ import annotations

from netsh.claims import BrNetfilterLoaded, BridgeOption, BridgePorts, CounterFlat, CounterRises, Reaches, SysctlIs
from netsh.claims.counters import FORWARD_POLICY
from netsh.i18n import tr
from netsh.param_rules import SameNetwork
from netsh.scenario import Scenario
from netsh.step import step
from netsh.tools import ip, iptables, sysctl
from netsh.tools.sysctl import BRIDGE_NF_CALL_IPTABLES as BRNF
from netsh.wiring import BridgedLegs, bridged


class BridgeFirewall(Scenario):
    name = "bridge-firewall"
    summary = tr("FORWARD DROP and a bridge: bridge-nf-call-iptables off, on, and the per-bridge switch",
                 zh="FORWARD DROP 遇上网桥：bridge-nf-call-iptables 关、开，以及每个网桥自己的开关")
    assumptions = (
        tr("br_netfilter is loaded (or built in). It is a kernel module: only the machine "
           "itself can load it (`modprobe br_netfilter`), never a namespace or sandbox.",
           zh="br_netfilter 已加载（或编进了内核）。它是内核模块，只有机器本身能加载它"
              "（`modprobe br_netfilter`），命名空间或沙箱都不行。"),
    )

    rules = (SameNetwork("addr1", "addr2"),)
    features = ("bridge", "veth", "br_netfilter")

    Params = BridgedLegs

    def steps(self):
        p = self.p
        a, b = p.legs()
        passes, dropped = p.pings()

        yield step(
            tr("Is br_netfilter here?", zh="br_netfilter 在不在？"),
            tr("""A bridge forwards frames by MAC address and never asks iptables, unless the
            br_netfilter module is loaded: then, wherever bridge-nf-call-iptables is 1, the
            bridge hands each IPv4 frame it forwards to the iptables chains. Docker loads
            the module, and on this kernel every new network namespace starts with the
            switch at 1: on such a machine bridged traffic between containers already meets
            the FORWARD chain. Without the module, /proc/sys/net/bridge does not exist and
            this lesson cannot run.""",
               zh="""网桥按 MAC 地址转发帧，从不过问 iptables，除非加载了 br_netfilter 模块：那时只要
            bridge-nf-call-iptables 为 1，网桥就把它转发的每个 IPv4 帧交给 iptables 的各条链。
            Docker 会加载这个模块，而在这个内核上每个新建的网络命名空间里这个开关一开始就是 1：
            在这样的机器上，容器之间桥接的流量早已要经过 FORWARD 链。没有这个模块，
            /proc/sys/net/bridge 就不存在，这一课也就没法进行。"""),
            [],
            [BrNetfilterLoaded(text=tr("br_netfilter is loaded", zh="br_netfilter 已加载"))],
        )
        yield step(
            tr("Two namespaces on a bridge", zh="网桥上的两个命名空间"),
            tr(f"""The seed's layout: {p.bridge} with {p.veth1} and {p.veth3} as its ports, the
            other ends in {p.ns1} and {p.ns2} on one subnet. No routes, no forwarding needed.""",
               zh=f"""和原教程一样的布局：{p.bridge} 以 {p.veth1} 和 {p.veth3} 为端口，另一头分别在
            {p.ns1} 和 {p.ns2} 里，处于同一子网。不需要路由，也不需要转发。"""),
            bridged(p.bridge, a, b),
            [BridgePorts(text=tr(f"{p.bridge}'s ports are {p.veth1} and {p.veth3}",
                                 zh=f"{p.bridge} 的端口是 {p.veth1} 和 {p.veth3}"), bridge=p.bridge,
                         ports=(p.veth1, p.veth3)),
             Reaches(text=tr(f"{p.ns1} reaches {p.ns2} through {p.bridge}", zh=f"{p.ns1} 经 {p.bridge} 能到达 {p.ns2}"),
                     src=p.ns1, target=b.ip)],
        )
        yield step(
            tr("FORWARD DROP, the switch at 0", zh="FORWARD DROP，开关为 0"),
            tr("""Set bridge-nf-call-iptables to 0 and the FORWARD policy to DROP, then zero the
            chain's counters. The ping still gets through, and the counters show why: the
            frames never visited the chain.""",
               zh="""把 bridge-nf-call-iptables 设为 0，FORWARD 策略设为 DROP，再把这条链的计数器清零。
            ping 照样能通，计数器说明了原因：这些帧根本没进过这条链。"""),
            [sysctl.write(BRNF, "0"), iptables.policy("FORWARD", "DROP"), iptables.zero("FORWARD")],
            [SysctlIs(text=tr("bridge-nf-call-iptables is 0", zh="bridge-nf-call-iptables 为 0"), path=BRNF, value="0"),
             CounterFlat(text=tr(f"{p.ns1} still reaches {p.ns2}; the FORWARD policy counter stays flat",
                                 zh=f"{p.ns1} 仍能到达 {p.ns2}，FORWARD 策略计数器不动"),
                         counter=FORWARD_POLICY, traffic=passes,
                         why_not="bridged frames went through iptables with the switch at 0")],
        )
        yield step(
            tr("The switch at 1", zh="开关为 1"),
            tr("""Now the bridge passes its IPv4 frames to iptables. They are still bridged, not
            routed, yet the FORWARD chain sees them and its DROP policy applies.""",
               zh="""现在网桥把它的 IPv4 帧交给 iptables。这些帧仍是桥接而非路由，可 FORWARD 链看得见
            它们，DROP 策略也就生效了。"""),
            [sysctl.write(BRNF, "1"), iptables.zero("FORWARD")],
            [CounterRises(text=tr(f"with the switch at 1, {p.ns1} cannot reach {p.ns2}; the FORWARD policy counter rises",
                                  zh=f"开关为 1 时 {p.ns1} 到不了 {p.ns2}，FORWARD 策略计数器增加"),
                          counter=FORWARD_POLICY, traffic=dropped,
                          why_not="bridged frames did not go through iptables with the switch at 1")],
        )
        yield step(
            tr("One bridge's own switch", zh="单个网桥自己的开关"),
            tr(f"""The global switch applies to every bridge. A bridge also has its own option,
            nf_call_iptables: with the global switch back at 0, turning it on for {p.bridge}
            alone sends {p.bridge}'s frames through iptables again: Linux looks at the global
            switch or the bridge's own, and either one on is enough. The last claim checks
            that on this kernel.""",
               zh=f"""全局开关对所有网桥都起作用。每个网桥还有自己的选项 nf_call_iptables：全局开关
            改回 0 以后，只给 {p.bridge} 打开它，{p.bridge} 的帧就又要过 iptables 了：Linux 看的是
            全局开关或网桥自己的开关，任何一个打开就够。最后一条论断在这个内核上验证这一点。"""),
            [sysctl.write(BRNF, "0"), ip.bridge_set(p.bridge, "nf_call_iptables", "1", default="0"),
             iptables.zero("FORWARD")],
            [SysctlIs(text=tr("bridge-nf-call-iptables is 0", zh="bridge-nf-call-iptables 为 0"), path=BRNF, value="0"),
             BridgeOption(text=tr(f"{p.bridge} has nf_call_iptables 1", zh=f"{p.bridge} 的 nf_call_iptables 为 1"),
                          bridge=p.bridge, option="nf_call_iptables", value="1"),
             CounterRises(text=tr(f"with only {p.bridge}'s own switch on, {p.ns1} cannot reach {p.ns2}; "
                                  "the FORWARD policy counter rises",
                                  zh=f"只开 {p.bridge} 自己的开关时 {p.ns1} 到不了 {p.ns2}，FORWARD 策略计数器增加"),
                          counter=FORWARD_POLICY, traffic=dropped,
                          why_not=f"this kernel ignores {p.bridge}'s own nf_call_iptables when the "
                                  "global switch is 0")],
        )
