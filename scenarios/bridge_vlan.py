"""802.1Q on a VLAN-aware bridge: access ports in VLAN 10 talk, one in VLAN 20 is cut off, then joins."""

from __future__ import annotations

from dataclasses import dataclass

from netsh.claims import BridgeOption, BridgePorts, Reaches
from netsh.claims.vlan import VlanMember
from netsh.errors import UsageError
from netsh.i18n import tr
from netsh.param_rules import Distinct, SameNetwork
from netsh.params import Cidr, Count, IfName, NsName
from netsh.scenario import Scenario
from netsh.step import step
from netsh.tools import bridge, ip
from netsh.wiring import TwoLegs, bridged_netns

DEFAULT_VLAN = 1  # every port of a new VLAN-aware bridge starts untagged in VLAN 1


class BridgeVlan(Scenario):
    name = "bridge-vlan"
    summary = tr("VLANs on one bridge: ports in VLAN 10 talk, a port in VLAN 20 is cut off until it joins 10",
                 zh="一个网桥上的 VLAN：VLAN 10 的端口互通，VLAN 20 的端口被隔开，直到它加入 VLAN 10")
    assumptions = (
        tr("The kernel was built with bridge VLAN filtering (CONFIG_BRIDGE_VLAN_FILTERING); netsh "
           "checks this before the first step.",
           zh="内核编译时打开了网桥 VLAN 过滤（CONFIG_BRIDGE_VLAN_FILTERING）；netsh 会在第一步之前检查。"),
    )
    rules = (SameNetwork("addr1", "addr2", "addr3"), Distinct("vlan_a", "vlan_b"))
    features = ("bridge", "veth", "bridge_vlan_filtering")

    @dataclass(frozen=True)
    class Params(TwoLegs):
        addr1: Cidr = "192.168.30.10/24"
        addr2: Cidr = "192.168.30.11/24"
        ns3: NsName = "ns3"
        veth4: IfName = "veth4"
        veth5: IfName = "veth5"
        addr3: Cidr = "192.168.30.12/24"
        bridge: IfName = "brv"
        vlan_a: Count = 10
        vlan_b: Count = 20

        def __post_init__(self):
            for name in ("vlan_a", "vlan_b"):
                if not 2 <= getattr(self, name) <= 4094:
                    raise UsageError(f"{name}={getattr(self, name)} is not a VLAN a port can be moved to",
                                     "Give a VLAN ID from 2 to 4094 (1 is every port's default here).")

    def steps(self):
        p = self.p
        a, b = p.vlan_a, p.vlan_b
        ports = ((p.ns1, p.veth1), (p.ns2, p.veth3), (p.ns3, p.veth5))

        def reaches(src: str, dst: str, target: Cidr, expect: bool = True, why: str = "") -> Reaches:
            verb, zh = ("reaches", "能到达") if expect else ("cannot reach", "到不了")
            return Reaches(text=tr(f"{src} {verb} {dst}", zh=f"{src} {zh} {dst}"), src=src, target=target.ip,
                           expect=expect, why_not=why)

        yield step(
            tr("A bridge that knows VLANs", zh="一个懂 VLAN 的网桥"),
            tr(f"""An ordinary bridge is one broadcast domain. With vlan_filtering on, {p.bridge}
            behaves like a managed switch instead: every frame belongs to a VLAN, and a port
            passes only the VLANs it is a member of.""",
               zh=f"""普通网桥就是一个广播域。打开 vlan_filtering 之后，{p.bridge} 更像一台可管理的
            交换机：每一帧都属于某个 VLAN，端口只放行它所加入的 VLAN 的帧。"""),
            [ip.bridge_add(p.bridge, vlan_filtering=True), ip.link_up(p.bridge)],
            [BridgeOption(text=tr(f"{p.bridge} filters by VLAN", zh=f"{p.bridge} 按 VLAN 过滤"),
                          bridge=p.bridge, option="vlan_filtering", value="1")],
        )
        yield step(
            tr("Three namespaces, all in VLAN 1", zh="三个命名空间，都在 VLAN 1"),
            tr(f"""{p.ns1}, {p.ns2} and {p.ns3} each get a veth pair whose host end becomes a
            port of {p.bridge}. A new port joins VLAN {DEFAULT_VLAN} untagged, so for now the three
            share one segment, as on a plain bridge.""",
               zh=f"""{p.ns1}、{p.ns2}、{p.ns3} 各有一对 veth，主机这头成为 {p.bridge} 的端口。新端口
            默认以不打标签的方式加入 VLAN {DEFAULT_VLAN}，所以眼下三者同在一个网段，和普通网桥一样。"""),
            [*bridged_netns(p.bridge, p.ns1, p.veth0, p.veth1, p.addr1),
             *bridged_netns(p.bridge, p.ns2, p.veth2, p.veth3, p.addr2),
             *bridged_netns(p.bridge, p.ns3, p.veth4, p.veth5, p.addr3)],
            [BridgePorts(text=tr(f"{p.bridge}'s ports are {p.veth1}, {p.veth3} and {p.veth5}",
                            zh=f"{p.bridge} 的端口是 {p.veth1}、{p.veth3} 和 {p.veth5}"),
                         bridge=p.bridge, ports=(p.veth1, p.veth3, p.veth5)),
             *(VlanMember(text=tr(f"{port} is in VLAN {DEFAULT_VLAN}", zh=f"{port} 在 VLAN {DEFAULT_VLAN} 里"),
                          dev=port, vid=DEFAULT_VLAN) for _, port in ports),
             reaches(p.ns1, p.ns3, p.addr3, why="all ports should share the default VLAN")],
        )
        yield step(
            tr(f"Access ports: VLAN {a} and VLAN {b}", zh=f"接入端口：VLAN {a} 和 VLAN {b}"),
            tr(f"""Each port is made an access port: `pvid untagged` puts the frames arriving
            from its namespace into the given VLAN and strips the tag on the way out, and
            deleting VLAN {DEFAULT_VLAN} takes the port out of the shared default. {p.veth1} and
            {p.veth3} go to VLAN {a}, {p.veth5} to VLAN {b}. The namespaces see no tags at all;
            the bridge alone decides who hears whom, so {p.ns3}'s ARP question no longer reaches
            the others although all three addresses share one subnet.""",
               zh=f"""把每个端口设成接入端口：`pvid untagged` 让从命名空间进来的帧归入指定的 VLAN，
            出去时再去掉标签；删掉 VLAN {DEFAULT_VLAN}，端口就离开了大家共用的默认 VLAN。{p.veth1} 和
            {p.veth3} 进 VLAN {a}，{p.veth5} 进 VLAN {b}。命名空间根本看不到标签，谁能听见谁全由网桥
            决定；所以尽管三个地址在同一子网，{p.ns3} 的 ARP 询问再也到不了另外两个。"""),
            [c for port, vid in ((p.veth1, a), (p.veth3, a), (p.veth5, b))
             for c in (bridge.vlan_add(port, vid), bridge.vlan_del(port, DEFAULT_VLAN))],
            [VlanMember(text=tr(f"{p.veth1} is an access port of VLAN {a}", zh=f"{p.veth1} 是 VLAN {a} 的接入端口"),
                        dev=p.veth1, vid=a),
             VlanMember(text=tr(f"{p.veth5} is an access port of VLAN {b}", zh=f"{p.veth5} 是 VLAN {b} 的接入端口"),
                        dev=p.veth5, vid=b),
             reaches(p.ns1, p.ns2, p.addr2, why=f"both ports should be in VLAN {a}"),
             reaches(p.ns1, p.ns3, p.addr3, expect=False, why="the bridge should keep VLANs apart"),
             reaches(p.ns3, p.ns2, p.addr2, expect=False, why="the bridge should keep VLANs apart")],
        )
        yield step(
            tr(f"{p.ns3} joins VLAN {a}", zh=f"{p.ns3} 加入 VLAN {a}"),
            tr(f"""Moving {p.ns3} takes no change inside it, only on its port: add VLAN {a} as
            the port's untagged VLAN and remove VLAN {b}. Its address and routes stay as they were.""",
               zh=f"""挪动 {p.ns3} 不用改它内部的任何设置，只改它的端口：把 VLAN {a} 设为端口的
            不打标签 VLAN，再删掉 VLAN {b}。它的地址和路由都原样不动。"""),
            [bridge.vlan_add(p.veth5, a), bridge.vlan_del(p.veth5, b)],
            [VlanMember(text=tr(f"{p.veth5} is an access port of VLAN {a}", zh=f"{p.veth5} 是 VLAN {a} 的接入端口"),
                        dev=p.veth5, vid=a),
             reaches(p.ns3, p.ns2, p.addr2, why=f"both ports should now be in VLAN {a}"),
             reaches(p.ns3, p.ns1, p.addr1, why=f"both ports should now be in VLAN {a}")],
        )
